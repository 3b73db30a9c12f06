package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestCrashLog: a panic in a background goroutine of a run is written with
// its stack to logs/crash-DATE.txt (0600); the next start reports it once;
// a run that ends cleanly leaves no crash file.
func TestCrashLog(t *testing.T) {
	if dir := os.Getenv("KEHU_CRASH_CHILD"); dir != "" {
		if _, _, err := StartLogs(dir, time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		done := make(chan bool)
		go func() {
			var m map[string]int
			m["客户"]++ // a nil map: the bug of a background load
			done <- true
		}()
		<-done
		return
	}
	dir := filepath.Join(t.TempDir(), "客户 数据")
	os.MkdirAll(dir, 0o700)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashLog$")
	cmd.Env = append(os.Environ(), "KEHU_CRASH_CHILD="+dir)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("the child did not crash: %s", out)
	}
	l, earlier, err := StartLogs(dir, time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	want := filepath.Join(dir, LogsDir, "crash-2026-12-07-093000.txt")
	if len(earlier) != 1 || earlier[0] != want {
		t.Fatalf("earlier crashes %q, want %q", earlier, want)
	}
	b, _ := os.ReadFile(want)
	if s := string(b); !strings.Contains(s, "assignment to entry in nil map") || !strings.Contains(s, "TestCrashLog.func") {
		t.Fatalf("crash report without the panic and its stack: %q", s)
	}
	if fi, _ := os.Stat(want); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("crash report mode %v", fi.Mode())
	}
	if _, err := os.Stat(filepath.Join(dir, LogsDir, "crash-2026-12-07-100000.txt")); !os.IsNotExist(err) {
		t.Errorf("a clean run left its crash file: %v", err)
	}
	l, earlier, err = StartLogs(dir, time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if len(earlier) != 0 {
		t.Errorf("reported again: %q", earlier)
	}
}
