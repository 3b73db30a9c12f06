package data

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// SchemaVersion is the layout this build writes. Raise it with a migration
// whenever keys or values change shape.
const SchemaVersion = 3

// migrations[i] upgrades a store from version i+1 to i+2. Each runs in one
// transaction together with the version bump, so an interrupted upgrade is
// simply run again at the next open.
var migrations = []func(txn *badger.Txn) error{
	// 2: sales may be packed (sale_pack.go). Nothing to convert; the bump
	// keeps an older Kehu, which would not see packed sales, from opening
	// the folder.
	func(*badger.Txn) error { return nil },
	// 3: lists of ids may hold runs (id_run.go), which an older Kehu would
	// misread. Nothing to convert.
	func(*badger.Txn) error { return nil },
}

// Schema returns the store's schema version.
func (s *Store) Schema() (int, error) {
	var v int
	err := s.view(func(txn *badger.Txn) error {
		var err error
		v, err = readSchema(txn)
		return err
	})
	return v, err
}

func readSchema(txn *badger.Txn) (int, error) {
	item, err := txn.Get(metaSchema)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var v int
	err = item.Value(func(b []byte) error {
		if len(b) != 4 {
			return fmt.Errorf("schema record has %d bytes, want 4", len(b))
		}
		v = int(binary.BigEndian.Uint32(b))
		return nil
	})
	return v, err
}

func writeSchema(txn *badger.Txn, v int) error {
	return txn.Set(metaSchema, binary.BigEndian.AppendUint32(nil, uint32(v)))
}

// migrate brings the store to SchemaVersion. A new store is stamped with the
// current version; a store from a newer Kehu is refused rather than misread.
func (s *Store) migrate() error {
	v, err := s.Schema()
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	target := 1 + len(migrations)
	if v > target {
		return fmt.Errorf("%w (schema %d, this version reads up to %d)", model.ErrNewerSchema, v, target)
	}
	if v == 0 {
		empty, err := s.empty()
		if err != nil {
			return err
		}
		if !empty {
			return fmt.Errorf("data folder %s holds data without a Kehu schema record: it is not a Kehu data folder", s.dir)
		}
		// A new store has every rollup there is to have (none), so its
		// first report need not build them (EnsureRollups).
		return s.dbUpdate(func(txn *badger.Txn) error {
			if err := setSetting(txn, settingRollupsLayout, rollupsLayout); err != nil {
				return err
			}
			return writeSchema(txn, target)
		})
	}
	for ; v < target; v++ {
		step := migrations[v-1]
		err := s.dbUpdate(func(txn *badger.Txn) error {
			if err := step(txn); err != nil {
				return err
			}
			return writeSchema(txn, v+1)
		})
		if err != nil {
			return fmt.Errorf("upgrade data from schema %d to %d: %w", v, v+1, err)
		}
	}
	return nil
}

func (s *Store) empty() (bool, error) {
	empty := true
	err := s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	return empty, err
}
