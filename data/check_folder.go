package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"
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
