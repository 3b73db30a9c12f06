//go:build windows

package cli

import (
	"io"
	"os"

	"golang.org/x/sys/windows"
)

// osCSVBOM reports whether CSV written to w needs a BOM: on Windows when it
// goes to a file (--out, or stdout redirected with > in cmd) rather than
// to a console, which gets the text in its code page.
func osCSVBOM(w io.Writer, file bool) bool {
	if file {
		return true
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) != nil
}
