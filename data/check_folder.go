package data

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"
)

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
		return &model.DamagedError{Dir: dir, File: "MANIFEST", Why: err.Error()}
	}
	for id := range m.Tables {
		name := table.IDToFilename(id)
		if err := checkTable(filepath.Join(dir, name)); err != nil {
			return &model.DamagedError{Dir: dir, File: name, Why: err.Error()}
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
				return false, &model.ForeignError{Dir: abs, File: e.Name()}
			}
		}
	}
	return manifest, nil
}
