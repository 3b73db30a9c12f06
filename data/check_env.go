package data

import (
	"errors"
	"fmt"
	"syscall"
)

// ReadOnlyError means the data folder cannot be written: a read-only disk,
// a folder without write permission, a locked-down network share.
type ReadOnlyError struct {
	Dir string
	Err error // the OS error, for errors.Is
}

func (e *ReadOnlyError) Error() string { return "the data folder " + e.Dir + " cannot be written to" }

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// DiskFullError means the disk holding the data folder has less free space
// than a write may need. The write is refused before it starts: Badger
// writes through memory-mapped files, and a mapped write that finds the
// disk full kills the process (SIGBUS) in the middle of a transaction.
type DiskFullError struct {
	Dir  string
	Free uint64 // bytes
	Err  error  // the OS error if one said so, for errors.Is
}

func (e *DiskFullError) Unwrap() error { return e.Err }

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

// classify names what went wrong when dir could not be created, checked
// or opened, by the OS code in err's chain (folderError). Badger flattens
// its own errors into text, so when it fails without a code, the store's
// files are opened here to get one (probeOpenFailure); only a folder whose
// files open and that has room is damaged.
func classify(dir string, err error) error {
	var (
		fe *ForeignError
		de *DamagedError
	)
	if errors.As(err, &fe) || errors.As(err, &de) {
		return err
	}
	// A password problem is the user's to fix, not damage.
	if errors.Is(err, ErrPasswordNeeded) || errors.Is(err, ErrWrongPassword) || errors.Is(err, syscall.ENOTDIR) {
		return err
	}
	if ke := folderError(dir, err); ke != nil {
		return ke
	}
	if pe := probeOpenFailure(dir); pe != nil {
		return fmt.Errorf("%w (%v)", pe, err)
	}
	return &DamagedError{Dir: dir, File: "", Why: err.Error()}
}
