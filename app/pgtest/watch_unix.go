//go:build unix

package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// watch stops the server and removes its folder once this test process is
// gone, however it ended: a test killed (timeout, Ctrl+C) skips its
// cleanups, and pg_ctl detaches the server from us.
func watch(tmp, data string) {
	script := fmt.Sprintf(`while kill -0 %d 2>/dev/null; do sleep 1; done
p=$(head -n 1 '%s/postmaster.pid' 2>/dev/null) && kill -QUIT "$p" 2>/dev/null && sleep 2
rm -rf '%s'`, os.Getpid(), data, tmp)
	c := exec.Command("sh", "-c", script)
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // outlives a kill of our process group
	if c.Start() == nil {
		go c.Wait()
	}
}
