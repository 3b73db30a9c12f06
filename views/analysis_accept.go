package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
)

// acceptor sets what an analysis suggests (tiers, stages): one row or all
// at once after a confirmation, and keeps the last set it made for one Undo.
type acceptor struct {
	s       *analysisScreen
	all     *widget.Button
	undoBtn *widget.Button
	done    []analysis.Change // the last acceptance, for undo
	after   func()            // reloads the tab once changes are made
}

func newAcceptor(s *analysisScreen, acceptAll, after func()) *acceptor {
	a := &acceptor{s: s, after: after}
	a.all = widget.NewButtonWithIcon(i18n.L("Accept all…"), theme.ConfirmIcon(), acceptAll)
	a.all.Importance = widget.HighImportance
	a.undoBtn = widget.NewButtonWithIcon(i18n.L("Undo"), theme.ContentUndoIcon(), a.undo)
	a.undoBtn.Disable()
	return a
}

// offer enables "Accept all…" when some suggestions differ.
func (a *acceptor) offer(differing int) {
	if differing == 0 {
		a.all.Disable()
	} else {
		a.all.Enable()
	}
}

// confirm asks before setting every change.
func (a *acceptor) confirm(title, msg string, ch []analysis.Change) {
	if len(ch) == 0 {
		return
	}
	showConfirm(title, msg, func(ok bool) {
		if ok {
			a.apply(ch)
		}
	}, a.s.u.win)
}

func (a *acceptor) apply(ch []analysis.Change) {
	applyChanges(a.s, ch, func(done []analysis.Change) {
		a.done = done
		a.undoBtn.Enable()
		a.refresh()
	})
}

// undo puts back what the last acceptance changed.
func (a *acceptor) undo() {
	if len(a.done) == 0 {
		return
	}
	applyChanges(a.s, analysis.Reverse(a.done), func([]analysis.Change) {
		a.done = nil
		a.undoBtn.Disable()
		a.refresh()
	})
}

func (a *acceptor) refresh() {
	a.after()
	a.s.u.customers.reload()
}

// applyChanges runs analysis.Apply off the UI goroutine, with a progress
// dialog when it is more than a handful, and calls then with what was done.
func applyChanges(s *analysisScreen, ch []analysis.Change, then func(done []analysis.Change)) {
	var bar *widget.ProgressBar
	var d dialog.Dialog
	if len(ch) > 20 {
		bar = widget.NewProgressBar()
		d = dialog.NewCustomWithoutButtons(i18n.L("Saving…"), container.NewPadded(bar), s.u.win)
		d.Resize(fyne.NewSize(360, 100))
		d.Show()
	}
	svc := s.u.svc
	go func() {
		done, err := analysis.Apply(analysisOf(svc), ch, func(n, total int) {
			if bar != nil && (n%50 == 0 || n == total) {
				fyne.Do(func() { bar.SetValue(float64(n) / float64(total)) })
			}
		})
		fyne.Do(func() {
			if d != nil {
				d.Hide()
			}
			if err != nil {
				s.showError(err)
			}
			then(done)
		})
	}()
}
