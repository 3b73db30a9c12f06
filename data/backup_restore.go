package data

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// BackupsDir is the folder of automatic backups inside a data folder.
const BackupsDir = "backups"

// HoldsStore reports whether dir holds a Badger store (empty or not).
func HoldsStore(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "MANIFEST"))
	return err == nil
}

// Restore replaces the store in the data folder dir, which must not be
// open, by the backup at path. The file is checked whole first; it is
// restored into a staging folder, checked against its manifest, and only
// then swapped in (swap.go): every other file in dir stays as it was.
// password opens an encrypted backup (the password of the store when it
// was made); the restored folder has that password. A folder that holds a
// store, or other files than Kehu's, is only used with force.
func Restore(dir, path, password string, force bool) (*Manifest, error) {
	m, err := ReadManifest(path)
	if err != nil {
		return nil, err
	}
	var key []byte
	if m.Encrypted {
		if key, err = m.Key.Key(password); err != nil {
			return nil, err
		}
	}
	if !force {
		if err := restorable(dir); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	staging, err := newStaging(dir)
	if err != nil {
		return nil, err
	}
	if err := restoreInto(staging, path, m, key); err != nil {
		removeAll(staging)
		return nil, err
	}
	// The attachments go in before the store: a kill in between leaves
	// files no record lists yet, never records without their files.
	if err := placeAttachments(staging, dir); err != nil {
		removeAll(staging)
		return nil, err
	}
	if err := swapIn(dir); err != nil {
		return nil, err
	}
	return m, nil
}

// restorable refuses a folder that holds a store (ErrNotEmpty) or files
// that are not Kehu's (ErrNotKehuFolder, naming one of them).
func restorable(dir string) error {
	if HoldsStore(dir) {
		return model.ErrNotEmpty
	}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !ownFile(e.Name()) {
			return fmt.Errorf("%w: %w", model.ErrNotKehuFolder, &model.ForeignError{Dir: dir, File: e.Name()})
		}
	}
	return nil
}

// restoreInto loads the backup's stream into the empty folder dir and checks
// the result against the manifest's counts; then its attachments, into
// dir's attachments folder. key opens an encrypted backup (the manifest's
// key for the password).
func restoreInto(dir, path string, m *Manifest, key []byte) error {
	if m.Encrypted {
		if err := writeKeyFile(filepath.Join(dir, model.KeyFileName), m.Key); err != nil {
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
	got, err := loadRaw(dir, key, &frameLimiter{r: r, left: m.StreamBytes}, nil)
	if err != nil && !osError(err) && !errors.Is(err, model.ErrBackupCorrupt) {
		err = fmt.Errorf("%w: %w", model.ErrBackupCorrupt, err) // a stream Badger cannot read
	}
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	if got != m.Counts {
		return fmt.Errorf("restore %s: %w (restored %+v, the backup lists %+v)", path, model.ErrBackupCorrupt, got, m.Counts)
	}
	if m.AttachBytes == 0 {
		return nil
	}
	r = io.NewSectionReader(f, int64(len(backupMagic))+m.StreamBytes, m.AttachBytes)
	if m.Encrypted {
		if r, err = newChunkReader(r, attachStreamKey(key, m.StreamSalt)); err != nil {
			return err
		}
	}
	n, err := readAttachments(r, m.AttachBytes, dir)
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	if n != m.Attachments {
		return fmt.Errorf("restore %s: %w (%d attachments restored, the backup lists %d)", path, model.ErrBackupCorrupt, n, m.Attachments)
	}
	return nil
}

// osError reports whether err comes from the system (a full disk, a
// permission) rather than from what a file holds.
func osError(err error) bool {
	var pe *fs.PathError
	var se *os.SyscallError
	var en syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &se) || errors.As(err, &en)
}

// loadRaw loads a Badger backup stream into a new store in dir, opened
// without Kehu's migrations so the stream's own versions land untouched, and
// counts what it holds then (before an open rolls back any import the
// backup caught mid-way). after, unless nil, then changes the new store.
func loadRaw(dir string, key []byte, r io.Reader, after func(*badger.DB) error) (Counts, error) {
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
	if err == nil && after != nil {
		err = after(db)
	}
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
			if k := it.Item().Key(); len(k) > 0 && k[0] == pSalePack {
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

// Convert rewrites the closed folder dir into a new store with newPassword
// ("" for a plain store) and swaps it in: Badger cannot encrypt or decrypt in
// place. oldPassword opens the current store. Only the store's files change
// (swap.go).
func Convert(dir, oldPassword, newPassword string) error {
	return Rewrite(dir, oldPassword, newPassword, nil)
}

// Rewrite copies the store of the closed folder dir (opened with
// oldPassword) into a staging store with newPassword, lets build change
// the copy (nil: none), and swaps the copy in. build's writes so appear all
// at once, or not at all after a failure or a kill. build gets the staging
// folder, closed; a store it opens there should say Home: dir (Options).
func Rewrite(dir, oldPassword, newPassword string, build func(staging string) error) error {
	src, err := Open(dir, Options{Password: oldPassword, GCInterval: time.Hour})
	if err != nil {
		return err
	}
	staging, err := newStaging(dir)
	if err != nil {
		src.Close()
		return err
	}
	var old []string
	attachKey, err := src.copyTo(staging, newPassword)
	if err == nil {
		// The converted attachments are written beside the old ones first
		// and the old ones removed once the new store is in: a kill before
		// leaves the old store with its files (an open of an encrypted one
		// removes clear copies that match), a kill after, the new one with
		// its files (see encryptClearAttachments).
		old, err = src.convertAttachments(attachFiles{dir: dir, key: attachKey})
	}
	if cerr := src.Close(); err == nil {
		err = cerr
	}
	if err == nil && build != nil {
		err = build(staging)
	}
	if err != nil {
		removeAll(staging)
		return err
	}
	lock, err := lockDir(dir)
	if err != nil {
		return err // another Kehu opened dir meanwhile; an open drops the unfinished staging folder
	}
	defer lock.Close()
	if err := swapIn(dir); err != nil {
		return err
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the attachment file %s: %w", p, err)
		}
	}
	return nil
}

// copyTo writes the whole store into the empty folder dir, encrypted with
// password unless it is "", and checks the copy's counts. It returns the
// copy's attachment key: the store's own when both are encrypted, a new
// one when only the copy is, nil (and none in the copy) when it is plain.
func (s *Store) copyTo(dir, password string) ([]byte, error) {
	var key []byte
	if password != "" {
		kf, k, err := newKeyFile(password)
		if err != nil {
			return nil, err
		}
		if err := writeKeyFile(filepath.Join(dir, model.KeyFileName), kf); err != nil {
			return nil, err
		}
		key = k
	}
	want, err := s.Counts()
	if err != nil {
		return nil, err
	}
	attachKey := s.attachKey
	if key == nil {
		attachKey = nil
	} else if attachKey == nil {
		attachKey = make([]byte, keyLen)
		if _, err := rand.Read(attachKey); err != nil {
			return nil, err
		}
	}
	pr, pw := io.Pipe()
	go func() {
		s.gate.enter()
		_, err := s.db.Backup(pw, 0)
		s.gate.leave()
		pw.CloseWithError(err)
	}()
	got, err := loadRaw(dir, key, pr, func(db *badger.DB) error {
		return db.Update(func(txn *badger.Txn) error {
			if attachKey == nil {
				return txn.Delete(metaAttachKey)
			}
			return txn.Set(metaAttachKey, attachKey)
		})
	})
	pr.CloseWithError(err)
	if err != nil {
		return nil, fmt.Errorf("copy the data: %w", err)
	}
	if got != want {
		return nil, fmt.Errorf("copy the data: the copy holds %+v, the store %+v", got, want)
	}
	return attachKey, nil
}

// placeAttachments moves the attachment files a restore wrote into the
// staging folder into dir's attachments folder. A file of the same name
// already there stays when it holds the same bytes, and is replaced when
// it differs (an altered copy: the backup's is the one its record lists).
func placeAttachments(staging, dir string) error {
	from, to := filepath.Join(staging, AttachmentsDir), filepath.Join(dir, AttachmentsDir)
	ents, err := os.ReadDir(from)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	for _, e := range ents {
		src, dst := filepath.Join(from, e.Name()), filepath.Join(to, e.Name())
		if same, err := sameFile(src, dst); err != nil || same {
			if err == nil {
				err = os.Remove(src)
			}
			if err != nil {
				return fmt.Errorf("attachment %s: %w", e.Name(), err)
			}
			continue
		}
		if err := os.Rename(src, dst); err != nil {
			return fmt.Errorf("attachment %s: %w", e.Name(), err)
		}
	}
	syncDir(to)
	return nil
}

// sameFile reports whether b exists with the bytes of a.
func sameFile(a, b string) (bool, error) {
	sb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	sa, err2 := os.Stat(a)
	if err != nil || err2 != nil {
		return false, errors.Join(err, err2)
	}
	if sa.Size() != sb.Size() {
		return false, nil
	}
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		if ea != nil || eb != nil {
			return ea == eb || (errors.Is(ea, io.ErrUnexpectedEOF) && errors.Is(eb, io.ErrUnexpectedEOF)), nil
		}
	}
}
