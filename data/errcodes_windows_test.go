//go:build windows

package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
	"golang.org/x/sys/windows"
)

// TestFolderErrorWindowsCodes: each Windows error code for a folder
// problem, wrapped as the os package wraps it, becomes Kehu's error of that
// kind with the code still in the chain.
func TestFolderErrorWindowsCodes(t *testing.T) {
	for _, tc := range []struct {
		code syscall.Errno
		want any
	}{
		{windows.ERROR_SHARING_VIOLATION, new(*model.LockedError)},
		{windows.ERROR_LOCK_VIOLATION, new(*model.LockedError)},
		{windows.ERROR_ACCESS_DENIED, new(*model.ReadOnlyError)},
		{windows.ERROR_WRITE_PROTECT, new(*model.ReadOnlyError)},
		{windows.ERROR_PATH_NOT_FOUND, new(*model.MissingError)},
		{windows.ERROR_NOT_READY, new(*model.MissingError)},
		{windows.ERROR_INVALID_DRIVE, new(*model.MissingError)},
		{windows.ERROR_DISK_FULL, new(*model.DiskFullError)},
		{windows.ERROR_HANDLE_DISK_FULL, new(*model.DiskFullError)},
	} {
		err := folderError(`E:\客户 数据`, &fs.PathError{Op: "open", Path: "kehu.lock", Err: tc.code})
		if err == nil || !errors.As(err, tc.want) || !errors.Is(err, tc.code) {
			t.Errorf("%d: got %T %v", tc.code, err, err)
		}
	}
	if err := folderError(`C:\x`, &fs.PathError{Op: "open", Path: "x", Err: windows.ERROR_CRC}); err != nil {
		t.Errorf("ERROR_CRC is no folder problem Kehu names: %v", err)
	}
}

// TestLockFolderWindows takes Kehu's lock twice on one folder: the second
// gets a model.LockedError carrying LockFileEx's ERROR_LOCK_VIOLATION.
func TestLockFolderWindows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "客户 数据")
	os.MkdirAll(dir, 0o700)
	first, err := lockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockFolder(dir)
	var le *model.LockedError
	if !errors.As(err, &le) || !errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		t.Fatalf("second lock: %v", err)
	}
	first.Close()
	again, err := lockFolder(dir)
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	again.Close()
}
