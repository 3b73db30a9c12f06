//go:build windows

package app

import (
	"errors"
	"fmt"
	"syscall"

	"golang.org/x/sys/windows"
)

func printFile(path string) error {
	verb, _ := windows.UTF16PtrFromString("print")
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	const swHide = 0
	err = windows.ShellExecute(0, verb, file, nil, nil, swHide)
	// No program has a "print" verb for .pdf: ShellExecute's SE_ERR_NOASSOC
	// (31), which GetLastError gives as ERROR_NO_ASSOCIATION.
	const seErrNoAssoc = syscall.Errno(31)
	if errors.Is(err, windows.ERROR_NO_ASSOCIATION) || errors.Is(err, seErrNoAssoc) {
		return fmt.Errorf("%w (%v)", ErrNoPrintPath, err)
	}
	return err
}
