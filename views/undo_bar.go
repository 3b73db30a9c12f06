package views

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// undoFor is how long the Undo strip stays after a change.
var undoFor = 15 * time.Second

// undoBar is the strip with a message and an Undo button shown for a while
// after a change that can be undone: a delete, a follow-up ticked done.
type undoBar struct {
	bar   *fyne.Container
	msg   *widget.Label
	shown any // the change on offer; a newer one keeps the strip up for its own time
}

func newUndoBar(undo func()) *undoBar {
	b := &undoBar{msg: widget.NewLabel("")}
	b.bar = container.NewHBox(b.msg, widget.NewButtonWithIcon(i18n.L("Undo"), theme.ContentUndoIcon(), undo))
	b.bar.Hide()
	return b
}

// offer shows text and Undo for change x, until undoFor has passed or it
// is taken back.
func (b *undoBar) offer(x any, text string) {
	b.shown = x
	b.msg.SetText(text)
	b.bar.Show()
	d := undoFor // read here: a test puts it back while the timer may still run
	go func() {
		time.Sleep(d)
		onUI(func() {
			if b.shown == x {
				b.withdraw()
			}
		})
	}()
}

// withdraw hides the strip: its change was undone or has expired.
func (b *undoBar) withdraw() {
	b.shown = nil
	b.bar.Hide()
}
