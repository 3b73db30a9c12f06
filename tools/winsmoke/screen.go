package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// xserver is a private Xvfb for the windows.
type xserver struct {
	display string
	cmd     *exec.Cmd
}

// startX starts Xvfb at a laptop's 1366×768 on a free display.
func startX() (*xserver, error) {
	for n := 90; n < 140; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		disp := fmt.Sprintf(":%d", n)
		c := exec.Command("Xvfb", disp, "-screen", "0", "1366x768x24", "-nolisten", "tcp")
		if err := c.Start(); err != nil {
			return nil, err
		}
		for range 100 {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return &xserver{display: disp, cmd: c}, nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		c.Process.Kill()
		c.Wait()
		return nil, fmt.Errorf("Xvfb %s did not start", disp)
	}
	return nil, fmt.Errorf("no free X display")
}

func (x *xserver) stop() {
	x.cmd.Process.Kill()
	x.cmd.Wait()
}

// windows counts the visible windows whose title has Kehu in it.
func (x *xserver) windows() int {
	c := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Kehu")
	c.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, _ := c.Output()
	return len(strings.Fields(string(out)))
}

// waitWindows waits until n Kehu windows show, or fails when p ends first
// or a minute passes (Wine's first window takes a few seconds).
func (x *xserver) waitWindows(n int, p *proc) error {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		if x.windows() >= n {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("it ended before showing a window: %s", clip(p.out.String()))
		case <-time.After(250 * time.Millisecond):
		}
	}
	return fmt.Errorf("no window in a minute: %s", clip(p.out.String()))
}

// shot saves the screen to dir/name.
func (x *xserver) shot(dir, name string) error {
	time.Sleep(2 * time.Second) // the first frames are still being drawn
	c := exec.Command("import", "-window", "root", filepath.Join(dir, name))
	c.Env = append(os.Environ(), "DISPLAY="+x.display)
	if out, err := c.CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v: %s", err, out)
	}
	fmt.Println("winsmoke: wrote", filepath.Join(dir, name))
	return nil
}

// proc is a window's process; done is closed when it has ended.
type proc struct {
	out  *bytes.Buffer
	cmd  *exec.Cmd
	done chan struct{}
}

// start runs the window of side s on its data folder.
func start(s *side, args ...string) (*proc, error) {
	p := &proc{out: new(bytes.Buffer), cmd: s.run(args...), done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	return p, nil
}

func stop(p *proc) {
	p.cmd.Process.Kill()
	<-p.done
}

// lockStep opens the window on each side's folder (it must appear), then
// runs a second Kehu on the folder: both sides must say it is open
// elsewhere, in the same words. With -shots, the Windows window and the
// lock message of a second window are saved.
func lockStep(x *xserver, win, lin *side, d func(*side, ...string) []string) error {
	for _, s := range []*side{win, lin} {
		t := time.Now()
		base := x.windows()
		h, err := start(s, d(s)...)
		if err != nil {
			return err
		}
		defer stop(h)
		if err := x.waitWindows(base+1, h); err != nil {
			return fmt.Errorf("%s window: %w", s.name, err)
		}
		fmt.Printf("ok    %s window appeared (%.1f s)\n", s.name, time.Since(t).Seconds())
		if s == win && *shots != "" {
			if err := x.shot(*shots, "windows-window-zh.png"); err != nil {
				return err
			}
			second, err := start(s, d(s)...)
			if err != nil {
				return err
			}
			err = x.waitWindows(base+2, second)
			if err == nil {
				err = x.shot(*shots, "windows-lock-zh.png")
			}
			stop(second)
			if err != nil {
				return fmt.Errorf("second window: %w", err)
			}
			for i := 0; i < 40 && x.windows() > base+1; i++ {
				time.Sleep(250 * time.Millisecond)
			}
		}
	}
	st := step{name: "second instance on a held folder", args: func(s *side) []string {
		return d(s, "customer", "add", "--name", "锁测试公司")
	}, want: "已经打开了这个数据文件夹", wantCode: 1}
	if !compare(st, win, lin) {
		return fmt.Errorf("the second instance's answers differ")
	}
	return nil
}

// readOnly copies each side's data folder onto a tmpfs mounted read-only
// (root writes through permissions, so a mount it must be), or, when not
// root, into a folder without write permission.
func readOnly(win, lin *side) error {
	for _, s := range []*side{win, lin} {
		if err := os.MkdirAll(s.roUnix, 0o755); err != nil {
			return err
		}
		root := os.Geteuid() == 0
		if root {
			if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", s.roUnix).CombinedOutput(); err != nil {
				return fmt.Errorf("mount a tmpfs (needs root with CAP_SYS_ADMIN): %v: %s", err, out)
			}
		}
		src := s.homeUnix + "/客户数据"
		if out, err := exec.Command("cp", "-a", src, s.roUnix+"/").CombinedOutput(); err != nil {
			return fmt.Errorf("cp: %v: %s", err, out)
		}
		if root {
			if out, err := exec.Command("mount", "-o", "remount,ro", s.roUnix).CombinedOutput(); err != nil {
				return fmt.Errorf("remount read-only: %v: %s", err, out)
			}
		} else if err := os.Chmod(filepath.Join(s.roUnix, "客户数据"), 0o555); err != nil {
			return err
		}
	}
	return nil
}

// xlsxSheets is the text of an xlsx's sheets and shared strings: the
// workbook's content without the zip's dates.
func xlsxSheets(path string) (string, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return "", err
	}
	defer z.Close()
	var parts []string
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return "", err
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return "", err
		}
		parts = append(parts, f.Name+"\n"+string(b))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "", fmt.Errorf("no sheet in %s", path)
	}
	return strings.Join(parts, "\n"), nil
}
