package views

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// utf8BOM starts the file so that every editor (Windows Notepad too) reads
// it as UTF-8; it is dropped again when the text comes back.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// outsideEdit is a text too long for the window being edited in the
// system's text editor: it is written to a file, opened there, and read
// back when the user says it is saved.
type outsideEdit struct {
	path string
	crlf bool              // the text had Windows line ends: keep them
	done func(text string) // with the edited text
	dlg  dialog.Dialog
}

// editOutside writes text to a temporary .txt file, opens it in the
// system's editor and asks the user to come back when it is saved there.
func editOutside(win fyne.Window, text string, done func(string)) (*outsideEdit, error) {
	f, err := os.CreateTemp("", "kehu-note-*.txt")
	if err != nil {
		return nil, fmt.Errorf("edit in text editor: %w", err)
	}
	_, err = f.Write(append(append([]byte{}, utf8BOM...), text...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, fmt.Errorf("edit in text editor: %s: %w", f.Name(), err)
	}
	o := &outsideEdit{path: f.Name(), crlf: strings.Contains(text, "\r\n"), done: done}
	if err := fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(o.path)}); err != nil {
		os.Remove(o.path)
		return nil, fmt.Errorf("edit in text editor: %w", err)
	}
	msg := widget.NewLabel(i18n.L("The text is open in your text editor ({{.File}}). Change it there and save it, then press Use the edited text. Cancel leaves the text as it was.",
		map[string]any{"File": o.path}))
	msg.Wrapping = fyne.TextWrapWord
	o.dlg = dialog.NewCustomConfirm(i18n.L("Edit in text editor"), i18n.L("Use the edited text"), i18n.L("Cancel"), msg, func(ok bool) {
		if !ok {
			os.Remove(o.path)
			return
		}
		if err := o.take(); err != nil {
			showError(err, win)
			showDialog(o.dlg, win) // the file stays: save it again and retry
		}
	}, win)
	o.dlg.Resize(fyne.NewSize(480, 0))
	showDialog(o.dlg, win)
	return o, nil
}

// take reads the saved file back and hands the text over; the file goes.
func (o *outsideEdit) take() error {
	b, err := os.ReadFile(o.path)
	if err != nil {
		return fmt.Errorf("%s", i18n.L("Could not read {{.File}}: {{.Err}}. Save the text in the editor and try again.", map[string]any{"File": o.path, "Err": err.Error()}))
	}
	b = bytes.TrimPrefix(b, utf8BOM)
	if !utf8.Valid(b) {
		return fmt.Errorf("%s", i18n.L("{{.File}} is not saved as UTF-8: save it again with the encoding UTF-8, then press Use the edited text.", map[string]any{"File": o.path}))
	}
	os.Remove(o.path)
	text := string(b)
	if !o.crlf { // Windows editors may save CRLF; the text keeps the line ends it had
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	o.done(text)
	return nil
}

// editOutside edits a long text field of the form in the system's editor
// and saves the form with the text that comes back.
func (f *customerForm) editOutside(name string) {
	in := f.inputs[name].(*textInput)
	_, err := editOutside(f.s.u.win, in.get(), func(text string) { f.takeOutside(name, text) })
	if err != nil {
		f.s.showError(err)
	}
}

// takeOutside puts an edited text into its field and saves (which shows
// the hint the field now needs).
func (f *customerForm) takeOutside(name, text string) {
	f.inputs[name].(*textInput).set(text)
	f.save()
}
