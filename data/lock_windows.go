//go:build windows

package data

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive lock on f's first byte without waiting:
// another holder gives ERROR_LOCK_VIOLATION. The lock goes with the file's
// close or the process.
func lockFile(f *os.File) error {
	var ol windows.Overlapped
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	return os.NewSyscallError("LockFileEx", err)
}

// lockDir takes Kehu's lock on a closed store's folder (lockFolder), so
// work on its files — a password change, a folder swap — cannot run while
// another Kehu has it open.
func lockDir(dir string) (interface{ Close() error }, error) { return lockFolder(dir) }
