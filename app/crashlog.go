package app

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// LogsDir is the folder of crash reports in the data folder.
const LogsDir = "logs"

// Logs is the window's logging for one run: a crash report file that the Go
// runtime writes a fatal panic of any goroutine into (the UI, background
// loads, sync), with every goroutine's stack, and the standard logger —
// which Fyne writes its warnings to — sent to kehu.log beside Badger's.
// A double-clicked kehu.exe has no console, so stderr is lost.
type Logs struct {
	crash *os.File
	log   *os.File
}

// StartLogs starts the logging of a run in the open data folder dir at
// now: logs/crash-DATE-TIME.txt (0600), removed again by Close when nothing
// was written. earlier are the crash reports of runs that died since the
// last start (paths), each returned once.
func StartLogs(dir string, now time.Time) (l *Logs, earlier []string, err error) {
	logs := filepath.Join(dir, LogsDir)
	if err := os.MkdirAll(logs, 0o700); err != nil {
		return nil, nil, fmt.Errorf("make %s: %w", logs, err)
	}
	earlier, err = unseenCrashes(logs)
	if err != nil {
		return nil, nil, err
	}
	name := filepath.Join(logs, "crash-"+now.Format("2006-01-02-150405")+".txt")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("make %s: %w", name, err)
	}
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("crash output: %w", err)
	}
	l = &Logs{crash: f}
	if lf, err := os.OpenFile(filepath.Join(dir, "kehu.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
		l.log = lf
		log.SetOutput(lf)
	}
	return l, earlier, nil
}

// Close ends the run's logging; an empty crash report is removed.
func (l *Logs) Close() {
	debug.SetCrashOutput(nil, debug.CrashOptions{})
	if fi, err := l.crash.Stat(); err == nil && fi.Size() == 0 {
		os.Remove(l.crash.Name())
	}
	l.crash.Close()
	if l.log != nil {
		log.SetOutput(os.Stderr)
		l.log.Close()
	}
}

// seenName lists the crash reports already reported, one name a line.
const seenName = "seen.txt"

// unseenCrashes returns the crash reports in logs that hold a report and
// were not returned before (marking them seen), and removes empty ones: a
// run that was killed or lost power leaves its empty file.
func unseenCrashes(logs string) ([]string, error) {
	ents, err := os.ReadDir(logs)
	if err != nil {
		return nil, err
	}
	seenPath := filepath.Join(logs, seenName)
	var seen []string
	if f, err := os.Open(seenPath); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			seen = append(seen, sc.Text())
		}
		f.Close()
	}
	var fresh []string
	for _, e := range ents {
		n := e.Name()
		if !strings.HasPrefix(n, "crash-") || !strings.HasSuffix(n, ".txt") {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		if fi.Size() == 0 {
			os.Remove(filepath.Join(logs, n))
			continue
		}
		if !slices.Contains(seen, n) {
			fresh = append(fresh, n)
		}
	}
	if len(fresh) == 0 {
		return nil, nil
	}
	f, err := os.OpenFile(seenPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	paths := make([]string, len(fresh))
	for i, n := range slices.Backward(fresh) {
		fmt.Fprintln(f, n)
		paths[len(fresh)-1-i] = filepath.Join(logs, n)
	}
	return paths, nil
}
