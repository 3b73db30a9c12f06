package data

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/kehu-crm/kehu/data/model"
)

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
	if free < model.MinFree {
		return &model.DiskFullError{Dir: s.dir, Free: free}
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
		fe *model.ForeignError
		de *model.DamagedError
	)
	if errors.As(err, &fe) || errors.As(err, &de) {
		return err
	}
	// A password problem is the user's to fix, not damage.
	if errors.Is(err, model.ErrPasswordNeeded) || errors.Is(err, model.ErrWrongPassword) || errors.Is(err, syscall.ENOTDIR) {
		return err
	}
	if ke := folderError(dir, err); ke != nil {
		return ke
	}
	if pe := probeOpenFailure(dir); pe != nil {
		return fmt.Errorf("%w (%v)", pe, err)
	}
	return &model.DamagedError{Dir: dir, File: "", Why: err.Error()}
}
