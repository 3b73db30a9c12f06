package data

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// ReadOnlyError means the data folder cannot be written: a read-only disk,
// a folder without write permission, a locked-down network share.
type ReadOnlyError struct{ Dir string }

func (e *ReadOnlyError) Error() string { return "the data folder " + e.Dir + " cannot be written to" }

// DiskFullError means the disk holding the data folder has less free space
// than a write may need. The write is refused before it starts: Badger
// writes through memory-mapped files, and a mapped write that finds the
// disk full kills the process (SIGBUS) in the middle of a transaction.
type DiskFullError struct {
	Dir  string
	Free uint64 // bytes
}

func (e *DiskFullError) Error() string {
	return fmt.Sprintf("the disk of %s is full: %d MB free, %d MB needed", e.Dir, e.Free>>20, MinFree>>20)
}

// MinFree is the free space a write needs: a 10 MB note lands in the value
// log, and a memtable flush writes a table of up to 16 MB, with room to spare.
var MinFree uint64 = 64 << 20

// freeSpace reports the bytes free for this user on dir's disk; a variable
// so tests can make the disk look full.
var freeSpace = diskFree

// room refuses a write when the disk is too full to finish it.
func (s *Store) room() error {
	if s.db.Opts().InMemory {
		return nil
	}
	free, err := freeSpace(s.dir)
	if err != nil {
		return nil // unknown: let the write try and report its own error
	}
	if free < MinFree {
		return &DiskFullError{Dir: s.dir, Free: free}
	}
	return nil
}

// classify names what went wrong when Badger would not open dir: Badger
// flattens its errors into text, so the text is all there is to go on.
func classify(dir string, err error) error {
	var (
		fe *ForeignError
		de *DamagedError
	)
	if errors.As(err, &fe) || errors.As(err, &de) {
		return err
	}
	// A password problem is the user's to fix, not damage.
	if errors.Is(err, ErrPasswordNeeded) || errors.Is(err, ErrWrongPassword) {
		return err
	}
	msg := err.Error()
	has := func(errs ...error) bool {
		for _, e := range errs {
			if errors.Is(err, e) || strings.Contains(msg, e.Error()) {
				return true
			}
		}
		return false
	}
	switch {
	case has(syscall.EROFS, syscall.EACCES, syscall.EPERM, fs.ErrPermission) || strings.Contains(msg, "Access is denied"):
		return fmt.Errorf("%w (%v)", &ReadOnlyError{Dir: dir}, err)
	case has(syscall.ENOSPC) || strings.Contains(msg, "not enough space on the disk"):
		free, _ := freeSpace(dir)
		return fmt.Errorf("%w (%v)", &DiskFullError{Dir: dir, Free: free}, err)
	case has(syscall.ENOTDIR):
		return err
	}
	return &DamagedError{Dir: dir, File: "", Why: msg}
}
