//go:build unix

package data

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"syscall"
)

// selfPeakRSS is this process's peak resident memory in bytes. On Linux
// it is read from /proc (VmHWM): getrusage's ru_maxrss of a process started
// by Go carries its parent's peak over exec.
func selfPeakRSS() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range bytes.Split(b, []byte("\n")) {
			if v, ok := bytes.CutPrefix(l, []byte("VmHWM:")); ok {
				n, _ := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
				return n << 10
			}
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes there, KiB elsewhere
	}
	return int64(ru.Maxrss) << 10
}
