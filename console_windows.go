package main

import (
	"syscall"
	"unsafe"
)

// hideOwnConsole detaches from the console when Windows created it just for
// Kehu (a double-click in Explorer or a shortcut: Kehu is its only process),
// which closes that console window. Started from cmd, PowerShell or Windows
// Terminal the console is shared with the shell and stays.
func hideOwnConsole() {
	k := syscall.NewLazyDLL("kernel32.dll")
	var pids [2]uint32
	n, _, _ := k.NewProc("GetConsoleProcessList").Call(uintptr(unsafe.Pointer(&pids[0])), uintptr(len(pids)))
	if n == 1 {
		k.NewProc("FreeConsole").Call()
	}
}
