//go:build !windows

package data

import (
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the same lock Badger takes on a folder (flock on the folder
// itself), so work on a closed store's files — a password change, a folder
// swap — cannot run while another Kehu has it open.
func lockDir(dir string) (interface{ Close() error }, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		abs, _ := filepath.Abs(dir)
		return nil, &LockedError{Dir: abs}
	}
	return f, nil
}
