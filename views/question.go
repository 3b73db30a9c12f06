package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// question is a dialog of one message and buttons that each answer it once:
// an answer hides the dialog, runs after (the caller forgets its question
// there) and then its own action; closed any other way (Esc), the dialog
// gives the answer closed.
type question struct {
	dlg      *dialog.CustomDialog
	answered bool
	after    func()
}

func newQuestion(w fyne.Window, title, msg string, after func()) *question {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	return &question{dlg: dialog.NewCustomWithoutButtons(title, text, w), after: after}
}

// answer is a button's action: then (may be nil) once the dialog is gone.
func (q *question) answer(then func()) func() {
	return func() {
		q.answered = true
		q.after()
		q.dlg.Hide()
		if then != nil {
			then()
		}
	}
}

// show puts the buttons under the message, left to right, and shows the
// dialog width wide on w; Enter taps enter, closing it answers closed.
func (q *question) show(w fyne.Window, width float32, enter *widget.Button, closed func(), buttons ...fyne.CanvasObject) {
	q.dlg.SetOnClosed(func() {
		if !q.answered {
			q.answer(closed)()
		}
	})
	q.dlg.SetButtons(buttons)
	q.dlg.Resize(fyne.NewSize(width, q.dlg.MinSize().Height))
	showDialog(q.dlg, w, enter.OnTapped) // keys.go
}
