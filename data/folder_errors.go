package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kehu-crm/kehu/data/model"
)

// errKind is what an OS error code means for the data folder.
type errKind int

const (
	kindOther errKind = iota
	kindLocked
	kindReadOnly
	kindMissing
	kindFull
)

// kindOf finds an OS code of this platform (osCodes, errcodes_*.go) in
// err's chain. Codes, never message text: Windows words its messages in
// the user's language.
func kindOf(err error) errKind {
	for _, c := range osCodes {
		for _, code := range c.codes {
			if errors.Is(err, code) {
				return c.kind
			}
		}
	}
	return kindOther
}

// folderError turns an OS error met on the data folder dir into Kehu's
// error of its kind, keeping err in the chain; nil when err carries no code
// Kehu knows.
func folderError(dir string, err error) error {
	switch kindOf(err) {
	case kindLocked:
		return &model.LockedError{Dir: absDir(dir), Err: err}
	case kindReadOnly:
		return &model.ReadOnlyError{Dir: dir, Err: err}
	case kindMissing:
		return &model.MissingError{Dir: absDir(dir), Err: err}
	case kindFull:
		free, _ := freeSpace(dir)
		return &model.DiskFullError{Dir: dir, Free: free, Err: err}
	}
	return nil
}

func absDir(dir string) string {
	if a, err := filepath.Abs(dir); err == nil {
		return a
	}
	return dir
}

// lockName is Kehu's own lock file in the data folder. Badger locks the
// folder too, but its error carries the OS code only as text (y.Wrapf
// formats it with %+v), so Kehu takes its own lock first, with the OS's
// file lock, and reads the code from that.
const lockName = "kehu.lock"

// lockFolder takes Kehu's lock on dir (lockFile, lock_*.go) for as long
// as the returned closer is open; the OS drops it when the process dies.
// Another holder gives a *LockedError, a folder that cannot be written a
// *ReadOnlyError, a missing drive a *MissingError.
func lockFolder(dir string) (interface{ Close() error }, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if fe := folderError(dir, err); fe != nil {
			return nil, fe
		}
		return nil, fmt.Errorf("lock the data folder %s: %w", dir, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if fe := folderError(dir, err); fe != nil {
			return nil, fe
		}
		return nil, fmt.Errorf("lock the data folder %s: %w", dir, err)
	}
	return f, nil // closing the file drops the lock
}

// probeOpenFailure names why Badger would not open dir when its error
// carries no OS code: Kehu opens the store's files for writing itself and
// reads the code from that, then looks at the free space. nil means the
// files open and the disk has room: Badger could not read them (damage).
func probeOpenFailure(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return folderError(dir, err)
	}
	for _, e := range ents {
		if e.IsDir() || !badgerFile(e.Name()) {
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, e.Name()), os.O_RDWR, 0)
		if err != nil {
			if fe := folderError(dir, err); fe != nil {
				return fe
			}
			continue
		}
		f.Close()
	}
	if free, err := freeSpace(dir); err == nil && free < model.MinFree {
		return &model.DiskFullError{Dir: dir, Free: free}
	}
	return nil
}

// badgerFile reports whether Badger opens name for writing when it opens
// the store.
func badgerFile(name string) bool {
	switch filepath.Ext(name) {
	case ".vlog", ".mem", ".sst":
		return true
	}
	return name == "MANIFEST" || name == "KEYREGISTRY" || name == "DISCARD"
}
