package data

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
)

// logger sends Badger's warnings and errors to kehu.log in the data folder and
// drops its INFO and DEBUG lines, so the CLI's output stays clean. KEHU_DEBUG=1
// sends everything to stderr instead.
type logger struct {
	warn, info *log.Logger
	f          *os.File
}

func newLogger(dir string, inMemory bool) *logger {
	if os.Getenv("KEHU_DEBUG") != "" {
		l := log.New(os.Stderr, "badger ", log.LstdFlags)
		return &logger{warn: l, info: l}
	}
	l := &logger{info: log.New(io.Discard, "", 0)}
	var w io.Writer = io.Discard
	if !inMemory {
		if f, err := os.OpenFile(filepath.Join(dir, "kehu.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
			w, l.f = f, f
		}
	}
	l.warn = log.New(w, "badger ", log.LstdFlags)
	return l
}

func (l *logger) Errorf(f string, v ...any)   { l.warn.Printf("ERROR: "+f, redact(v)...) }
func (l *logger) Warningf(f string, v ...any) { l.warn.Printf("WARNING: "+f, redact(v)...) }
func (l *logger) Infof(f string, v ...any)    { l.info.Printf("INFO: "+f, redact(v)...) }
func (l *logger) Debugf(f string, v ...any)   { l.info.Printf("DEBUG: "+f, redact(v)...) }

// redact hides keys and values: Badger logs them as []byte (a key holds a
// normalised customer name in the name index), and kehu.log stays clear
// text even in an encrypted folder.
func redact(v []any) []any {
	out := make([]any, len(v))
	for i, a := range v {
		if b, ok := a.([]byte); ok {
			a = fmt.Sprintf("<%d bytes>", len(b))
		}
		out[i] = a
	}
	return out
}

func (l *logger) close() {
	if l.f != nil {
		l.f.Close()
	}
}
