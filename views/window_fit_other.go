//go:build !windows

package views

import "fyne.io/fyne/v2"

// workArea, isMaximised and maximise are Windows' (window_fit_windows.go):
// elsewhere the window keeps the size asked for, which the window manager
// fits to the screen, and maximised state is the window manager's.
func workArea(fyne.Window) (fyne.Size, bool) { return fyne.Size{}, false }

func isMaximised(fyne.Window) bool { return false }

func maximise(fyne.Window) {}
