package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

// followUpUndo ticks follow-ups done on the 互动记录 tab and offers, like a
// delete, to take the last tick back for a while.
type followUpUndo struct {
	*undoBar
	f     *customerForm
	last  *model.Interaction
	after func() // after a tick or an undo: the list is drawn again
}

func newFollowUpUndo(f *customerForm, after func()) *followUpUndo {
	d := &followUpUndo{f: f, after: after}
	d.undoBar = newUndoBar(func() { d.undo() })
	return d
}

// row is an interaction's follow-up line: a Done tick and its state, in red
// while overdue.
func (d *followUpUndo) row(in *model.Interaction) fyne.CanvasObject {
	state := widget.NewLabel("")
	state.Wrapping = fyne.TextWrapWord
	switch {
	case !in.FollowUpOpen():
		state.SetText(i18n.L("Follow-up of {{.Date}} done on {{.Done}}.", map[string]any{"Date": in.FollowUp, "Done": in.FollowUpDone}))
		state.Importance = widget.LowImportance
	case d.f.s.u.svc.Customers.FollowUpOverdue(in):
		state.SetText(i18n.L("Next follow-up: {{.Date}} (overdue)", map[string]any{"Date": in.FollowUp}))
		state.Importance = widget.DangerImportance
	default:
		state.SetText(i18n.L("Next follow-up: {{.Date}}", map[string]any{"Date": in.FollowUp}))
	}
	tick := widget.NewCheck(i18n.L("Done"), nil)
	tick.Checked = !in.FollowUpOpen()
	tick.OnChanged = func(on bool) {
		if on {
			d.done(in)
		} else {
			d.reopen(in)
		}
	}
	return container.NewBorder(nil, nil, tick, nil, state)
}

// done ticks a follow-up done and shows the Undo button for 15 seconds.
func (d *followUpUndo) done(in *model.Interaction) error {
	x, err := d.f.s.u.svc.Customers.SetFollowUpDone(in.CustomerID, in.ID, true)
	if err != nil {
		showError(err, d.f.s.u.win)
		d.after()
		return err
	}
	d.last = x
	d.offer(x, i18n.L("Follow-up of {{.Date}} marked done.", map[string]any{"Date": x.FollowUp}))
	d.changed()
	return nil
}

// reopen opens a follow-up again (its tick taken off).
func (d *followUpUndo) reopen(in *model.Interaction) error {
	if _, err := d.f.s.u.svc.Customers.SetFollowUpDone(in.CustomerID, in.ID, false); err != nil {
		showError(err, d.f.s.u.win)
		d.after()
		return err
	}
	if d.last != nil && d.last.ID == in.ID {
		d.last = nil
		d.withdraw()
	}
	d.changed()
	return nil
}

// undo opens the last ticked follow-up again.
func (d *followUpUndo) undo() error {
	if d.last == nil {
		return nil
	}
	return d.reopen(d.last)
}

// changed redraws the list and the customer table (its updated time moved).
func (d *followUpUndo) changed() {
	d.f.s.reload()
	d.after()
}
