package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// openDB opens Badger in dir with the key the password gives. After an
// interrupted password change both the old and the new key file may match
// one password each; the one Badger accepts wins and the change is finished.
func openDB(dir string, o Options, lg *logger) (*badger.DB, keyChoice, error) {
	var keys []keyChoice
	if !o.InMemory {
		var err error
		if keys, err = openKeys(dir, o.Password); err != nil {
			return nil, keyChoice{}, err
		}
	}
	if len(keys) == 0 {
		db, err := badger.Open(options(dir, o, lg))
		if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
			err = model.ErrKeyFileMissing
		}
		return db, keyChoice{}, err
	}
	var err error
	for _, kc := range keys {
		var db *badger.DB
		db, err = badger.Open(options(dir, o, lg).WithEncryptionKey(kc.key))
		if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
			err = model.ErrWrongPassword
			continue
		}
		if err != nil {
			return nil, keyChoice{}, err
		}
		if kc.pending {
			if err := os.Rename(filepath.Join(dir, model.KeyFileName+".new"), filepath.Join(dir, model.KeyFileName)); err != nil {
				db.Close()
				return nil, keyChoice{}, fmt.Errorf("finish the password change: %w", err)
			}
		} else {
			os.Remove(filepath.Join(dir, model.KeyFileName+".new")) // a change that never reached Badger
		}
		return db, kc, nil
	}
	return nil, keyChoice{}, err
}

// Encrypted reports whether the open store is encrypted.
func (s *Store) Encrypted() bool { return s.kf != nil }

// Rekey changes the password of the encrypted folder dir, which must be
// closed. Badger's data keys are encrypted by the master key in its key
// registry, so only the registry is rewritten (as `badger rotate` does), not
// the data. The new key file is written beside the old first: whatever the
// moment a crash interrupts, one of the two passwords opens the folder.
func Rekey(dir, oldPassword, newPassword string) error {
	kf, err := readKeyFile(filepath.Join(dir, model.KeyFileName))
	if err != nil {
		return err
	}
	if kf == nil {
		return model.ErrNotEncrypted
	}
	oldKey, err := kf.Key(oldPassword)
	if err != nil {
		return err
	}
	nkf, newKey, err := newKeyFile(newPassword)
	if err != nil {
		return err
	}
	lock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer lock.Close()
	opt := badger.KeyRegistryOptions{Dir: dir, ReadOnly: true, EncryptionKey: oldKey,
		EncryptionKeyRotationDuration: 10 * 24 * time.Hour}
	kr, err := badger.OpenKeyRegistry(opt)
	if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		return model.ErrWrongPassword
	}
	if err != nil {
		return fmt.Errorf("read the key registry: %w", err)
	}
	defer kr.Close()
	pending := filepath.Join(dir, model.KeyFileName+".new")
	if err := writeKeyFile(pending, nkf); err != nil {
		return err
	}
	opt.EncryptionKey = newKey
	if err := badger.WriteKeyRegistry(kr, opt); err != nil {
		os.Remove(pending)
		return fmt.Errorf("rewrite the key registry: %w", err)
	}
	if err := os.Rename(pending, filepath.Join(dir, model.KeyFileName)); err != nil {
		return fmt.Errorf("finish the password change (the new password already opens the folder): %w", err)
	}
	return nil
}
