package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// unsavedAsk is the question asked before the customer form with unsaved
// edits goes away (another customer, Close or Esc, another screen, closing
// the window): save, discard or stay.
type unsavedAsk struct {
	dlg     *dialog.CustomDialog
	save    *widget.Button
	discard *widget.Button
	cancel  *widget.Button
}

// leave runs then once the open form has nothing unsaved: at once when it
// has no edits, else after the user saved (and the save succeeded) or
// discarded them. Cancel keeps the form as it is and runs stay (may be nil).
func (s *customersScreen) leave(then, stay func()) {
	f := s.detail
	if f == nil || !f.dirty() {
		then()
		return
	}
	if s.asking != nil { // asked already: the first question decides
		return
	}
	name := f.c.Name
	if name == "" {
		name = f.inputs["name"].get()
	}
	msg := i18n.L("The changes to {{.Name}} are not saved.", map[string]any{"Name": name})
	if name == "" {
		msg = i18n.L("The new customer is not saved.")
	}
	a := &unsavedAsk{}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	a.dlg = dialog.NewCustomWithoutButtons(i18n.L("Unsaved changes"), text, s.u.win)
	answered := false
	answer := func(then func()) func() {
		return func() {
			answered = true
			s.asking = nil
			a.dlg.Hide()
			if then != nil {
				then()
			}
		}
	}
	a.save = widget.NewButtonWithIcon(i18n.L("Save"), theme.DocumentSaveIcon(), answer(func() {
		if f.trySave() {
			then()
		} else if stay != nil {
			stay() // the form shows what to correct
		}
	}))
	a.save.Importance = widget.HighImportance
	a.discard = widget.NewButtonWithIcon(i18n.L("Discard changes"), theme.DeleteIcon(), answer(func() {
		f.revert()
		then()
	}))
	a.cancel = widget.NewButtonWithIcon(i18n.L("Cancel"), theme.CancelIcon(), answer(stay))
	a.dlg.SetOnClosed(func() { // Esc closes it as Cancel does
		if !answered {
			answer(stay)()
		}
	})
	a.dlg.SetButtons([]fyne.CanvasObject{a.cancel, a.discard, a.save})
	a.dlg.Resize(fyne.NewSize(460, a.dlg.MinSize().Height))
	s.asking = a
	showDialog(a.dlg, s.u.win, a.save.OnTapped) // Enter saves (keys.go)
}

// keepSelection puts the table's highlight back on the open customer after
// the user chose to stay on it.
func (s *customersScreen) keepSelection() {
	if s.detail == nil {
		return
	}
	if s.detail.c.ID == "" {
		s.table.widget.UnselectAll()
		return
	}
	s.table.selectID(s.detail.c.ID)
}

// revert puts back what the form showed before the edits.
func (f *customerForm) revert() {
	for name, in := range f.inputs {
		in.set(f.orig[name])
	}
	f.showProblems(nil)
	f.status.SetText("")
}
