package views

import (
	"path/filepath"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// closeAsk is the question asked when the window is closed during an import:
// wait for it, stop it (nothing is imported) and close, or keep working.
type closeAsk struct {
	dlg    *dialog.CustomDialog
	wait   *widget.Button
	stop   *widget.Button
	cancel *widget.Button
}

// beforeClose runs then at once when no import runs; else it asks, and runs
// then when the import has ended (finished, or stopped by the user).
func (s *importExportScreen) beforeClose(then func()) {
	if s.cancel == nil {
		then()
		return
	}
	if s.asking != nil {
		return
	}
	q := newQuestion(s.u.win, i18n.L("Import running"), i18n.L("An import of {{.File}} is running. Stop it (nothing is imported) and close, or wait until it has finished.",
		map[string]any{"File": filepath.Base(s.path)}), func() { s.asking = nil })
	a := &closeAsk{dlg: q.dlg}
	a.wait = widget.NewButtonWithIcon(i18n.L("Wait, then close"), theme.HistoryIcon(), q.answer(func() {
		s.afterImport = then
		s.setStatus(i18n.L("The window closes when the import has finished."), widget.MediumImportance)
	}))
	a.wait.Importance = widget.HighImportance
	a.stop = widget.NewButtonWithIcon(i18n.L("Stop the import and close"), theme.MediaStopIcon(), q.answer(func() {
		s.afterImport = then
		s.cancelImport() // all or nothing: a stopped import imports nothing
	}))
	a.cancel = widget.NewButtonWithIcon(i18n.L("Don't close"), theme.CancelIcon(), q.answer(nil))
	s.asking = a
	// Enter waits; Esc (or the import ending meanwhile) keeps the window.
	q.show(s.u.win, 520, a.wait, nil, a.cancel, a.stop, a.wait)
}

// importEnded runs what waited for the import to end (closing the window).
func (s *importExportScreen) importEnded() {
	if s.asking != nil { // it ended while the user was asked: close as asked
		s.asking.wait.OnTapped()
	}
	if f := s.afterImport; f != nil {
		s.afterImport = nil
		f()
	}
}
