package localelog

import (
	"bytes"
	"log"
	"testing"
)

func TestFilter(t *testing.T) {
	var out bytes.Buffer
	l := log.New(&filter{w: &out}, "", 0)
	l.Println("Fyne error:  Error parsing user locale C")
	l.Println("  Cause: language: tag is not well-formed")
	l.Println("  At: /fyne/lang/locale.go:35")
	l.Println("Fyne error:  Failed to load font")
	l.Println("  Cause: no such file")
	if want := "Fyne error:  Failed to load font\n  Cause: no such file\n"; out.String() != want {
		t.Errorf("passed %q, want %q", out.String(), want)
	}
}
