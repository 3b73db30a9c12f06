package views

import "fyne.io/fyne/v2"

// prefMaximised remembers whether the window was maximised when closed.
const prefMaximised = "window.maximised"

// maxShare is the most of the screen's work area the window takes when it
// opens: a 1366×768 laptop with a taskbar must show all of it.
const maxShare = 0.9

// fitSize is want made to fit within maxShare of the work area.
func fitSize(want, work fyne.Size) fyne.Size {
	if work.Width > 0 && want.Width > work.Width*maxShare {
		want.Width = work.Width * maxShare
	}
	if work.Height > 0 && want.Height > work.Height*maxShare {
		want.Height = work.Height * maxShare
	}
	return want
}

// fitWindow, once the window is shown, shrinks it to fit the screen it
// opened on and maximises it if it was maximised when last closed.
func fitWindow(w fyne.Window, maximised bool) {
	if maximised {
		maximise(w)
		return
	}
	work, ok := workArea(w)
	if !ok {
		return
	}
	size := w.Canvas().Size()
	if fit := fitSize(size, work); fit != size {
		w.Resize(fit)
		w.CenterOnScreen()
	}
}
