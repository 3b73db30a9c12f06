package data

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// removeAll is os.RemoveAll, falling back to removing file by file with
// os.Remove when the OS refuses its way of deleting: on Windows Go 1.26's
// RemoveAll deletes through FileDispositionInformationEx, which Wine 8 (the
// one `make test` runs kehu.exe under) answers with ERROR_INVALID_FUNCTION,
// while os.Remove's DeleteFileW works there as on every Windows.
func removeAll(dir string) error {
	err := os.RemoveAll(dir)
	const errInvalidFunction = syscall.Errno(1) // ERROR_INVALID_FUNCTION on Windows, EPERM's number elsewhere
	if err == nil || runtime.GOOS != "windows" || !errors.Is(err, errInvalidFunction) {
		return err
	}
	var files, dirs []string
	werr := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else {
			files = append(files, p)
		}
		return nil
	})
	if werr != nil {
		return werr
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := os.Remove(dirs[i]); err != nil {
			return err
		}
	}
	return nil
}
