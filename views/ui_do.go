package views

import (
	"sync"

	"fyne.io/fyne/v2"
)

// uiMu makes what background loads hand to fyne.Do run one at a time. On
// the interface goroutine that is so anyway and the lock is never
// contended; fyne's test driver runs fyne.Do on the caller's goroutine,
// where two loads ending together changed widgets at once and crashed on
// fyne's own maps ("concurrent map writes").
var uiMu sync.Mutex

// onUI is fyne.Do for a background load's result. fn must not wait for
// another load.
func onUI(fn func()) {
	fyne.Do(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		fn()
	})
}
