package views

import (
	"errors"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// Forms mark a required field with " *" after its label and say so once in a
// legend; a failing field gets a red border and its reason on a line under
// it (fieldMsg), in the user's language.

// requiredLabel is a required field's translated label with its marker.
func requiredLabel(label string) string { return i18n.L(label) + " *" }

// requiredLegend explains the marker; one per form.
func requiredLegend() *widget.Label {
	l := widget.NewLabel(i18n.L("* Required"))
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return l
}

// newFieldMsg is the line under a field that says what is wrong with it;
// hidden (taking no room in a VBox) while there is nothing to say.
func newFieldMsg() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.Hide()
	return l
}

// setFieldMsg shows msg (already translated) under a field: red for an
// error, orange for a warning; "" hides the line.
func setFieldMsg(l *widget.Label, msg string, warn bool) {
	l.Importance = widget.DangerImportance
	if warn {
		l.Importance = widget.WarningImportance
	}
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// withMsg stacks a field's input over its message line.
func withMsg(in fyne.CanvasObject, msg *widget.Label) fyne.CanvasObject {
	return container.NewVBox(in, msg)
}

// markEntry draws an entry's border red (and its error icon) while msg is
// not empty, whether or not the user has typed in it yet.
func markEntry(e *widget.Entry, msg string) {
	e.AlwaysShowValidationError = true
	if msg == "" {
		e.SetValidationError(nil)
		return
	}
	e.SetValidationError(errors.New(msg))
}

// formDialog is a dialog with a form that stays open, with what was typed,
// until its save succeeds: save returns false to keep it open (it has then
// marked the failing fields or set the status line).
type formDialog struct {
	dlg    *dialog.CustomDialog
	status *widget.Label            // a problem no single field holds
	msgs   map[string]*widget.Label // the lines under the fields, by field
	form   fyne.CanvasObject
	ok     *widget.Button
	cancel *widget.Button
	win    fyne.Window
	width  float32
}

func newFormDialog(title, okLabel string, form fyne.CanvasObject, win fyne.Window, save func() bool) *formDialog {
	d := &formDialog{win: win, form: form}
	d.status = newFieldMsg()
	d.status.SizeName = theme.SizeNameText
	content := container.NewVBox(form, d.status, requiredLegend())
	d.dlg = dialog.NewCustomWithoutButtons(title, content, win)
	d.cancel = widget.NewButtonWithIcon(i18n.L("Cancel"), theme.CancelIcon(), d.dlg.Hide)
	d.ok = widget.NewButtonWithIcon(okLabel, theme.ConfirmIcon(), func() {
		if save() {
			d.dlg.Hide()
			return
		}
		d.fit()
	})
	d.ok.Importance = widget.HighImportance
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancel, d.ok})
	return d
}

// fail shows a problem under the form (translated; "" hides it).
func (d *formDialog) fail(msg string) {
	setFieldMsg(d.status, msg, false)
	d.fit()
}

// fit grows the dialog when a message line appeared, so that nothing is
// drawn over the next row.
func (d *formDialog) fit() {
	m := d.dlg.MinSize()
	d.dlg.Resize(fyne.NewSize(max(d.width, m.Width), m.Height))
}

// Show opens the dialog as wide as set (width), Submit taps its OK button:
// as dialog.FormDialog's, for callers and tests.
func (d *formDialog) Show()   { d.show(d.width) }
func (d *formDialog) Submit() { d.ok.OnTapped() }

// show opens the dialog width wide (or as wide as its content needs).
func (d *formDialog) show(width float32) {
	d.width = width
	d.fit()
	showDialog(d.dlg, d.win, d.ok.OnTapped) // Enter saves, Esc cancels (keys.go)
}

// showProblems shows each field's problem under it (and draws its entry
// red), clearing the others; the problem of field "" goes under the form.
func (d *formDialog) showProblems(bad map[string]string, entries map[string]*widget.Entry) {
	for field, l := range d.msgs {
		setFieldMsg(l, bad[field], false)
		if e := entries[field]; e != nil {
			markEntry(e, bad[field])
		}
	}
	d.fail(bad[""])
	if len(bad) > 0 {
		unfocusMarked(d.win)
	}
}

// unfocusMarked takes the focus off the entry a refused save left it in: a
// focused entry is drawn in the focus colour, hiding its red border.
func unfocusMarked(w fyne.Window) { w.Canvas().Unfocus() }

// errMsg is a refused save's reason for the user, translated, and the field
// it is about ("" for none): a value no record may hold is named by its
// field; anything else says it was not saved, and why.
func errMsg(err error) (field, msg string) {
	var ie *model.InvalidError
	if errors.As(err, &ie) {
		return ie.Field, i18n.L(ie.Msg)
	}
	if e := translateErr(err); e != err {
		return "", e.Error()
	}
	return "", i18n.L("Not saved: {{.Err}}", map[string]any{"Err": err})
}
