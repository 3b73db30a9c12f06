//go:build windows

package data

import (
	"path/filepath"
	"syscall"
)

// lockDir takes the same lock Badger takes on a folder (an exclusive LOCK
// file deleted on close), so work on a closed store's files cannot run while
// another Kehu has it open.
func lockDir(dir string) (interface{ Close() error }, error) {
	abs, err := filepath.Abs(filepath.Join(dir, "LOCK"))
	if err != nil {
		return nil, err
	}
	const tempAttr, deleteOnClose = 0x100, 0x04000000
	h, err := syscall.CreateFile(syscall.StringToUTF16Ptr(abs), 0, 0, nil, syscall.OPEN_ALWAYS, tempAttr|deleteOnClose, 0)
	if err != nil {
		return nil, &LockedError{Dir: filepath.Dir(abs)}
	}
	return handle(h), nil
}

type handle syscall.Handle

func (h handle) Close() error { return syscall.CloseHandle(syscall.Handle(h)) }
