package views

import (
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
	q := newQuestion(s.u.win, i18n.L("Unsaved changes"), msg, func() { s.asking = nil })
	a := &unsavedAsk{dlg: q.dlg}
	a.save = widget.NewButtonWithIcon(i18n.L("Save"), theme.DocumentSaveIcon(), q.answer(func() {
		if f.trySave() {
			then()
		} else if stay != nil {
			stay() // the form shows what to correct
		}
	}))
	a.save.Importance = widget.HighImportance
	a.discard = widget.NewButtonWithIcon(i18n.L("Discard changes"), theme.DeleteIcon(), q.answer(func() {
		f.revert()
		then()
	}))
	a.cancel = widget.NewButtonWithIcon(i18n.L("Cancel"), theme.CancelIcon(), q.answer(stay))
	s.asking = a
	// Enter saves; Esc closes it as Cancel does.
	q.show(s.u.win, 460, a.save, stay, a.cancel, a.discard, a.save)
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
