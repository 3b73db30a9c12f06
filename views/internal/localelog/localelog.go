// Package localelog keeps fyne's complaint about the POSIX locale off stderr.
//
// Under LANG=C or C.UTF-8 (containers, CI, many servers) fyne's lang package
// logs "Fyne error: Error parsing user locale C" with its cause and location
// while it initialises, before main runs. The kehu binary links Fyne through
// views even when it runs a command, so every command would print three lines
// of noise before its own output. The locale is no error for Kehu: it chooses
// its own language (app/i18n). This package, imported by views, installs a log
// writer that drops exactly that message and passes everything else to stderr.
//
// It works because Go initialises packages in import-path order among those
// whose dependencies are ready: this package needs only the standard library
// and its path sorts before github.com/nicksnyder/go-i18n, which fyne's lang
// package needs first, so this init always runs before fyne's.
package localelog

import (
	"bytes"
	"io"
	"log"
	"os"
	"sync"
)

func init() { log.SetOutput(&filter{w: os.Stderr}) }

// filter drops a "Fyne error: … user locale …" log entry and its "Cause:" and
// "At:" lines, which log.Println writes as separate calls.
type filter struct {
	mu   sync.Mutex
	w    io.Writer
	skip int
}

func (f *filter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case bytes.Contains(p, []byte("Fyne error:")) && bytes.Contains(p, []byte("user locale")):
		f.skip = 2
		return len(p), nil
	case f.skip > 0 && (bytes.Contains(p, []byte("  Cause:")) || bytes.Contains(p, []byte("  At:"))):
		f.skip--
		return len(p), nil
	}
	f.skip = 0
	return f.w.Write(p)
}
