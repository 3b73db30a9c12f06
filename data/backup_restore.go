package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// ErrNotEmpty means a restore would replace a data folder that holds a store
// and was not told to (--force, or the window's confirmation).
var ErrNotEmpty = errors.New("the data folder already holds data")

// BackupsDir is the folder of automatic backups inside a data folder; it
// survives a restore and a change of encryption.
const BackupsDir = "backups"

// HoldsStore reports whether dir holds a Badger store (empty or not).
func HoldsStore(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "MANIFEST"))
	return err == nil
}

// Restore replaces the data folder dir, which must not be open, by the backup
// at path. The file is checked whole first; it is restored into a new folder
// beside dir, checked against its manifest, and only then swapped in; the
// old folder is kept aside until the swap succeeded. password opens an
// encrypted backup (the password of the store when it was made); the
// restored folder has that password. A folder that holds a store is only
// replaced with force.
func Restore(dir, path, password string, force bool) (*Manifest, error) {
	m, err := ReadManifest(path)
	if err != nil {
		return nil, err
	}
	if m.Encrypted {
		if _, err := m.Key.Key(password); err != nil {
			return nil, err
		}
	}
	if HoldsStore(dir) && !force {
		return nil, ErrNotEmpty
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := siblingDir(dir, ".restore-")
	if err != nil {
		lock.Close()
		return nil, err
	}
	if err := restoreInto(tmp, path, m, password); err != nil {
		lock.Close()
		os.RemoveAll(tmp)
		return nil, err
	}
	lock.Close() // Windows cannot rename a folder with the lock file open in it
	if err := swapDir(dir, tmp, true); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return m, nil
}

// siblingDir makes a new folder next to dir, on the same volume so it can be
// renamed into place.
func siblingDir(dir, infix string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), filepath.Base(abs)+infix)
	if err != nil {
		return "", fmt.Errorf("make a folder beside %s: %w", abs, err)
	}
	return tmp, nil
}

// restoreInto loads the backup's stream into the empty folder dir and checks
// the result against the manifest's counts.
func restoreInto(dir, path string, m *Manifest, password string) error {
	var key []byte
	if m.Encrypted {
		var err error
		if key, err = m.Key.Key(password); err != nil {
			return err
		}
		if err := writeKeyFile(filepath.Join(dir, keyFileName), m.Key); err != nil {
			return err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = io.NewSectionReader(f, int64(len(backupMagic)), m.StreamBytes)
	if m.Encrypted {
		if r, err = newChunkReader(r, streamKey(key, m.StreamSalt)); err != nil {
			return err
		}
	}
	got, err := loadRaw(dir, key, r)
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	if got != m.Counts {
		return fmt.Errorf("restore %s: %w (restored %+v, the backup lists %+v)", path, ErrBackupCorrupt, got, m.Counts)
	}
	return nil
}

// loadRaw loads a Badger backup stream into a new store in dir, opened
// without Kehu's migrations so the stream's own versions land untouched, and
// counts what it holds then (before an open rolls back any import the
// backup caught mid-way).
func loadRaw(dir string, key []byte, r io.Reader) (Counts, error) {
	lg := newLogger(dir, false)
	defer lg.close()
	opts := options(dir, Options{}, lg)
	if key != nil {
		opts = opts.WithEncryptionKey(key)
	}
	db, err := badger.Open(opts)
	if err != nil {
		return Counts{}, err
	}
	if err := db.Load(r, 16); err != nil {
		db.Close()
		return Counts{}, err
	}
	c, err := countDB(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return c, err
}

// Counts counts the store's records as a backup's manifest does.
func (s *Store) Counts() (Counts, error) { return countDB(s.db) }

func countDB(db *badger.DB) (Counts, error) {
	var c Counts
	err := db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var val []byte
			if k := it.Item().Key(); k[0] == pSalePack {
				var err error
				if val, err = it.Item().ValueCopy(nil); err != nil {
					return err
				}
			}
			c.add(it.Item().Key(), val)
		}
		return nil
	})
	return c, err
}

// swapDir puts the folder fresh in the place of dir. The automatic backups
// move into fresh first when keepBackups (else they go with the old folder);
// dir is then renamed aside and removed only once fresh is in place. A crash
// between the two renames is undone by recoverSwap at the next open.
func swapDir(dir, fresh string, keepBackups bool) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(fresh, dir)
	}
	backups, moved := filepath.Join(dir, BackupsDir), false
	if _, err := os.Stat(backups); err == nil && keepBackups {
		if err := os.Rename(backups, filepath.Join(fresh, BackupsDir)); err != nil {
			return fmt.Errorf("move the automatic backups: %w", err)
		}
		moved = true
	}
	unmove := func() {
		if moved {
			os.Rename(filepath.Join(fresh, BackupsDir), backups)
		}
	}
	aside := dir + asideInfix + time.Now().Format("20060102-150405.000")
	if err := os.Rename(dir, aside); err != nil {
		unmove()
		return fmt.Errorf("move %s aside: %w", dir, err)
	}
	if err := os.Rename(fresh, dir); err != nil {
		if rerr := os.Rename(aside, dir); rerr != nil {
			return fmt.Errorf("put the new data in place: %w; the old data is in %s", err, aside)
		}
		unmove()
		return fmt.Errorf("put the new data in place: %w", err)
	}
	return os.RemoveAll(aside)
}

// asideInfix names the old folder while a restore or conversion swaps folders.
const asideInfix = ".before-restore-"

// recoverSwap finishes a folder swap a crash interrupted: with no store in
// dir the old folder goes back in place (the new data never arrived); with
// one, the old folders set aside are removed (the swap had succeeded, and an
// old plain folder must not outlive its encryption).
func recoverSwap(dir string) error {
	asides, err := filepath.Glob(dir + asideInfix + "*")
	if err != nil || len(asides) == 0 {
		return err
	}
	slices.Sort(asides)
	if !HoldsStore(dir) {
		newest := asides[len(asides)-1]
		os.Remove(dir) // only if empty: never anything written since
		if err := os.Rename(newest, dir); err != nil {
			return fmt.Errorf("put back the data a restore set aside in %s: %w", newest, err)
		}
		asides = asides[:len(asides)-1]
	}
	for _, a := range asides {
		if err := os.RemoveAll(a); err != nil {
			return err
		}
	}
	return nil
}

// Convert rewrites the closed folder dir into a new store with newPassword
// ("" for a plain store) and swaps it in: Badger cannot encrypt or decrypt in
// place. oldPassword opens the current store. Automatic backups move across
// when the new store is plain or was already encrypted; a plain folder's old
// backups are removed when it is encrypted, since they hold the names in
// clear text.
func Convert(dir, oldPassword, newPassword string) error {
	src, err := Open(dir, Options{Password: oldPassword, GCInterval: time.Hour})
	if err != nil {
		return err
	}
	wasEncrypted := src.Encrypted()
	tmp, err := siblingDir(dir, ".convert-")
	if err != nil {
		src.Close()
		return err
	}
	err = src.copyTo(tmp, newPassword)
	if cerr := src.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := swapDir(dir, tmp, wasEncrypted || newPassword == ""); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// copyTo writes the whole store into the empty folder dir, encrypted with
// password unless it is "", and checks the copy's counts.
func (s *Store) copyTo(dir, password string) error {
	var key []byte
	if password != "" {
		kf, k, err := newKeyFile(password)
		if err != nil {
			return err
		}
		if err := writeKeyFile(filepath.Join(dir, keyFileName), kf); err != nil {
			return err
		}
		key = k
	}
	want, err := s.Counts()
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		s.gate.enter()
		_, err := s.db.Backup(pw, 0)
		s.gate.leave()
		pw.CloseWithError(err)
	}()
	got, err := loadRaw(dir, key, pr)
	pr.CloseWithError(err)
	if err != nil {
		return fmt.Errorf("copy the data: %w", err)
	}
	if got != want {
		return fmt.Errorf("copy the data: the copy holds %+v, the store %+v", got, want)
	}
	return nil
}
