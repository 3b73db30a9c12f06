//go:build !windows

package data

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f without waiting: another holder
// gives EWOULDBLOCK. The lock goes with the file's close or the process.
func lockFile(f *os.File) error {
	return os.NewSyscallError("flock", syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))
}

// lockDir takes Kehu's lock on a closed store's folder (lockFolder), so
// work on its files — a password change, a folder swap — cannot run while
// another Kehu has it open.
func lockDir(dir string) (interface{ Close() error }, error) { return lockFolder(dir) }
