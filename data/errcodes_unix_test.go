//go:build !windows

package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestFolderErrorUnixCodes: each errno the OS gives for a folder problem,
// wrapped as the os package wraps it, becomes Kehu's error of that kind
// with the code still in the chain.
func TestFolderErrorUnixCodes(t *testing.T) {
	for _, tc := range []struct {
		code syscall.Errno
		want any
	}{
		{syscall.EWOULDBLOCK, new(*model.LockedError)},
		{syscall.EAGAIN, new(*model.LockedError)},
		{syscall.EACCES, new(*model.ReadOnlyError)},
		{syscall.EPERM, new(*model.ReadOnlyError)},
		{syscall.EROFS, new(*model.ReadOnlyError)},
		{syscall.ENOENT, new(*model.MissingError)},
		{syscall.ENOSPC, new(*model.DiskFullError)},
	} {
		err := folderError("/media/王伟/U盘/客户数据", &fs.PathError{Op: "open", Path: "kehu.lock", Err: tc.code})
		if err == nil || !errors.As(err, tc.want) || !errors.Is(err, tc.code) {
			t.Errorf("%v: got %T %v", tc.code, err, err)
		}
	}
	if err := folderError("/x", &fs.PathError{Op: "open", Path: "x", Err: syscall.EIO}); err != nil {
		t.Errorf("EIO is no folder problem Kehu names: %v", err)
	}
}

// TestLockFolderUnix takes Kehu's lock twice on one folder: the second gets
// a LockedError carrying flock's EWOULDBLOCK; after the first is closed the
// lock is free again.
func TestLockFolderUnix(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "客户 数据")
	os.MkdirAll(dir, 0o700)
	first, err := lockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockFolder(dir)
	var le *model.LockedError
	if !errors.As(err, &le) || !errors.Is(err, syscall.EWOULDBLOCK) || le.Dir != dir {
		t.Fatalf("second lock: %v", err)
	}
	first.Close()
	again, err := lockFolder(dir)
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	again.Close()
}

// TestOpenMissingUnix opens a folder that cannot be created because its
// parent is not there for writing (procfs answers mkdir with ENOENT, as an
// unmounted drive would): a MissingError, not "damaged".
func TestOpenMissingUnix(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc")
	}
	_, err := Open("/proc/kehu-missing/客户数据", Options{})
	var me *model.MissingError
	if !errors.As(err, &me) || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("open on a missing drive: %T %v", err, err)
	}
}
