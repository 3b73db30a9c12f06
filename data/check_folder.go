package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/badger/v4/y"
	"google.golang.org/protobuf/proto"
)

// ForeignError means the folder holds files of something else and no Kehu
// data: Kehu will not write its files among them.
type ForeignError struct{ Dir, File string }

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s is not a Kehu data folder: it holds other files (%s)", e.Dir, e.File)
}

// DamagedError means a file of the store is cut short or overwritten.
type DamagedError struct{ Dir, File, Why string }

func (e *DamagedError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("the data folder %s is damaged: %s", e.Dir, e.Why)
	}
	return fmt.Sprintf("the data folder %s is damaged: %s: %s", e.Dir, e.File, e.Why)
}

// ownFile reports whether a store (Badger and Kehu) may have written name:
// a folder holding only such files is Kehu's, even with no store in it yet.
func ownFile(name string) bool {
	switch filepath.Ext(name) {
	case ".vlog", ".mem", ".sst":
		return true
	}
	switch name {
	case "MANIFEST", "KEYREGISTRY", "DISCARD", "LOCK", "attachments", "backups", "logs", ".DS_Store", "Thumbs.db", "desktop.ini":
		return true
	}
	return strings.HasPrefix(strings.ToLower(name), "kehu")
}

// checkFolder runs before Badger opens dir. It refuses a folder of other
// files (a mistyped --data pointing at Documents must not fill it with
// Badger's files) and a store whose table files are cut short or
// overwritten: Badger panics on such a table in a goroutine of its own,
// which no caller can recover, so the damage is named here instead.
func checkFolder(dir string) error {
	manifest, err := checkOwn(dir)
	if err != nil || !manifest {
		return err
	}
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return err
	}
	m, _, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dir).WithLogger(nil))
	f.Close()
	if err != nil {
		return &DamagedError{Dir: dir, File: "MANIFEST", Why: err.Error()}
	}
	for id := range m.Tables {
		name := table.IDToFilename(id)
		if err := checkTable(filepath.Join(dir, name)); err != nil {
			return &DamagedError{Dir: dir, File: name, Why: err.Error()}
		}
	}
	return nil
}

// checkOwn refuses a folder of other files, from its listing alone (it
// runs before Kehu puts its lock file there), and reports whether it holds
// a store.
func checkOwn(dir string) (manifest bool, err error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, e := range ents {
		manifest = manifest || e.Name() == "MANIFEST"
	}
	if !manifest {
		for _, e := range ents {
			if !ownFile(e.Name()) {
				abs, _ := filepath.Abs(dir)
				return false, &ForeignError{Dir: abs, File: e.Name()}
			}
		}
	}
	return manifest, nil
}

// checkTable verifies what Badger reads first from a table file, from its
// end: the checksum's length and the checksum, the index's length, and the
// index against that checksum. A table cut short fails here.
func checkTable(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("missing")
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	u32 := func(off int64) (int64, error) {
		var b [4]byte
		if off < 0 || off+4 > size {
			return 0, errors.New("cut short")
		}
		if _, err := f.ReadAt(b[:], off); err != nil {
			return 0, err
		}
		return int64(binary.BigEndian.Uint32(b[:])), nil
	}
	read := func(off, n int64) ([]byte, error) {
		if off < 0 || n < 0 || off+n > size {
			return nil, errors.New("cut short")
		}
		b := make([]byte, n)
		_, err := f.ReadAt(b, off)
		return b, err
	}
	pos := size - 4
	n, err := u32(pos)
	if err != nil {
		return err
	}
	pos -= n
	b, err := read(pos, n)
	if err != nil {
		return err
	}
	chk := new(pb.Checksum)
	if err := proto.Unmarshal(b, chk); err != nil {
		return fmt.Errorf("unreadable checksum: %w", err)
	}
	pos -= 4
	if n, err = u32(pos); err != nil {
		return err
	}
	pos -= n
	if b, err = read(pos, n); err != nil {
		return err
	}
	if err := y.VerifyChecksum(b, chk); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}
