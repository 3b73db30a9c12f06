//go:build windows

package views

import (
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

var (
	user32             = syscall.NewLazyDLL("user32.dll")
	procMonitorFromWin = user32.NewProc("MonitorFromWindow")
	procGetMonitorInfo = user32.NewProc("GetMonitorInfoW")
	procIsZoomed       = user32.NewProc("IsZoomed")
	procShowWindow     = user32.NewProc("ShowWindow")
)

type rect struct{ left, top, right, bottom int32 }

type monitorInfo struct {
	size          uint32
	monitor, work rect
	flags         uint32
}

// hwnd is the window's native handle, 0 before it is shown.
func hwnd(w fyne.Window) uintptr {
	var h uintptr
	if nw, ok := w.(driver.NativeWindow); ok {
		nw.RunNative(func(c any) {
			if wc, ok := c.(driver.WindowsWindowContext); ok {
				h = wc.HWND
			}
		})
	}
	return h
}

// workArea is the size of the work area (the screen less the taskbar) of
// the monitor the window is on, in Fyne's units.
func workArea(w fyne.Window) (fyne.Size, bool) {
	h := hwnd(w)
	if h == 0 {
		return fyne.Size{}, false
	}
	const nearest = 2 // MONITOR_DEFAULTTONEAREST
	mon, _, _ := procMonitorFromWin.Call(h, nearest)
	mi := monitorInfo{size: uint32(unsafe.Sizeof(monitorInfo{}))}
	if ok, _, _ := procGetMonitorInfo.Call(mon, uintptr(unsafe.Pointer(&mi))); ok == 0 {
		return fyne.Size{}, false
	}
	scale := w.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	return fyne.NewSize(float32(mi.work.right-mi.work.left)/scale, float32(mi.work.bottom-mi.work.top)/scale), true
}

func isMaximised(w fyne.Window) bool {
	h := hwnd(w)
	if h == 0 {
		return false
	}
	z, _, _ := procIsZoomed.Call(h)
	return z != 0
}

func maximise(w fyne.Window) {
	if h := hwnd(w); h != 0 {
		const swMaximize = 3
		procShowWindow.Call(h, swMaximize)
	}
}
