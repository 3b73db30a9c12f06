package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-crm/kehu/app"
)

// bom is what Excel and Notepad on Windows need to read a CSV file as UTF-8
// rather than the ANSI code page (GBK on a Chinese Windows).
const bom = "\ufeff"

// listing reports whether cmd prints a listing or a report, which --out
// FILE then writes to a file instead of stdout. Commands with an --out of
// their own (export, charts, the meeting PDF, backups) keep theirs.
func listing(cmd *command) bool {
	if _, own := cmd.flags["out"]; own {
		return false
	}
	n := cmd.name
	return strings.HasSuffix(n, " list") || strings.HasSuffix(n, " show") || strings.HasPrefix(n, "report ") ||
		strings.HasSuffix(n, " history") || strings.HasSuffix(n, " duplicates") || strings.HasSuffix(n, " conflicts") ||
		n == "today"
}

// outFile is --out FILE of a listing: written beside FILE and renamed onto
// it when the command succeeded, so a failure leaves no half file and an
// older FILE stays as it was.
type outFile struct {
	f    *os.File
	path string
}

func createOut(path string) (*outFile, error) {
	if err := checkFileName(path); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(abs), ".kehu-out-*")
	if err != nil {
		return nil, fail("Cannot write {{.File}}: {{.Err}}. Choose a folder you can write to.", map[string]any{"File": path, "Err": err})
	}
	return &outFile{f: f, path: abs}, nil
}

func (o *outFile) Write(p []byte) (int, error) { return o.f.Write(p) }

// finish keeps the file when ok, else removes it.
func (o *outFile) finish(ok bool) error {
	err := o.f.Close()
	if !ok || err != nil {
		os.Remove(o.f.Name())
		return err
	}
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		os.Remove(o.f.Name())
		return fail("Cannot write {{.File}}: {{.Err}}. Choose a folder you can write to.", map[string]any{"File": o.path, "Err": err})
	}
	return nil
}

// bomWriter puts the BOM before the first byte written, so a command that
// fails before printing leaves its output empty.
type bomWriter struct {
	w       io.Writer
	written bool
}

func (b *bomWriter) Write(p []byte) (int, error) {
	if !b.written && len(p) > 0 {
		b.written = true
		if _, err := io.WriteString(b.w, bom); err != nil {
			return 0, err
		}
	}
	return b.w.Write(p)
}

// withOut sends a listing's output where --out and the platform ask: to the
// file, and CSV with a BOM when it goes to a file on Windows (a redirected
// stdout or --out), where Excel and cmd read BOM-less UTF-8 as GBK. done
// must be called with the command's error.
func (c *ctx) withOut(flags map[string]string) (done func(error) error, err error) {
	done = func(err error) error { return err }
	path, ok := flags["out"]
	delete(flags, "out")
	var file *outFile
	if ok {
		if strings.TrimSpace(path) == "" {
			return nil, usageErr("", "The flag --{{.Flag}} needs a value.", map[string]any{"Flag": "out"})
		}
		if file, err = createOut(path); err != nil {
			return nil, err
		}
		c.stdout = file
		done = func(err error) error {
			if ferr := file.finish(err == nil); err == nil {
				err = ferr
			}
			return err
		}
	}
	if c.format == formatCSV && csvBOM(c.stdout, file != nil) {
		c.stdout = &bomWriter{w: c.stdout}
	}
	return done, nil
}

// checkFileName refuses a name Windows cannot have (app.FileNameProblem)
// with a message that says so.
func checkFileName(path string) error {
	switch why, _ := app.FileNameProblem(path); why {
	case "reserved":
		return fail("The file name {{.File}} cannot be used: Windows keeps names like CON, PRN, AUX, NUL, COM1 and LPT1 for devices. Choose another name.", map[string]any{"File": path})
	case "char":
		return fail("The file name {{.File}} cannot be used: Windows does not allow : * ? \" < > | in a file name. Choose another name, e.g. with - instead of :.", map[string]any{"File": path})
	}
	return nil
}

// csvBOM is osCSVBOM (bom_*.go); tests set it to see Windows' choice.
var csvBOM = osCSVBOM
