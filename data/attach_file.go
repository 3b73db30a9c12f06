package data

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Complaint attachments live as files under AttachmentsDir. An attachment's
// name (the one its complaint lists, the id of its sync change) is
// "complaint id-original file name". In a plain folder the file has that
// name and holds the bytes as they came. In an encrypted folder neither the
// name nor the bytes are on disk in clear:
//
//	file name: hex(HMAC-SHA256(name key, name))[:40] + attachExt
//	file:      attachMagic | salt (16 bytes) | AES-256-GCM chunks (chunkWriter)
//
// The chunks' key is HMAC-SHA256(attachment key, "file" | salt | name): one
// key per file, and a file moved to another name does not open. The
// attachment key is 32 random bytes kept in the store (metaAttachKey), so
// Badger's encryption protects it, a password change (Rekey) leaves it
// alone, and a backup carries it with the store. The name key derives from
// it too; the original name is kept only inside the encrypted store.
//
// Every reader of an attachment's bytes goes through OpenAttachment, every
// writer through WriteAttachment.

var attachMagic = []byte("KEHUATT1")

// attachExt ends the file names of encrypted attachments.
const attachExt = ".kea"

// attachFiles reads and writes the attachment files of one data folder:
// key is nil for a plain folder.
type attachFiles struct {
	dir string // the data folder
	key []byte // the attachment key, nil when plain
}

// path is where the file of the attachment name is on disk.
func (a attachFiles) path(name string) string {
	if a.key == nil {
		return filepath.Join(a.dir, AttachmentsDir, name)
	}
	m := hmac.New(sha256.New, a.subKey("name"))
	m.Write([]byte(name))
	return filepath.Join(a.dir, AttachmentsDir, hex.EncodeToString(m.Sum(nil))[:40]+attachExt)
}

func (a attachFiles) subKey(purpose string, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte("kehu attachment " + purpose))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// open returns the attachment's bytes as they came, decrypting them in an
// encrypted folder; a file that fails authentication makes the reader fail
// with ErrAttachmentDamaged (never before its end is reached).
func (a attachFiles) open(name string) (io.ReadCloser, error) {
	if !safeName(name) {
		return nil, fmt.Errorf("attachment %q: not a file name", name)
	}
	f, err := os.Open(a.path(name))
	if err != nil || a.key == nil {
		return f, err
	}
	head := make([]byte, len(attachMagic)+16)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head[:len(attachMagic)], attachMagic) {
		f.Close()
		return nil, fmt.Errorf("attachment %s: %w", name, model.ErrAttachmentDamaged)
	}
	cr, err := newChunkReader(f, a.subKey("file", head[len(attachMagic):], []byte(name)))
	if err != nil {
		f.Close()
		return nil, err
	}
	return &attachReader{r: cr, f: f, name: name}, nil
}

// attachReader turns chunkReader's ErrBackupCorrupt into ErrAttachmentDamaged.
type attachReader struct {
	r    *chunkReader
	f    *os.File
	name string
}

func (r *attachReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if errors.Is(err, model.ErrBackupCorrupt) {
		err = fmt.Errorf("attachment %s: %w", r.name, model.ErrAttachmentDamaged)
	}
	return n, err
}

func (r *attachReader) Close() error { return r.f.Close() }

// write stores r as the new attachment name, through a temporary file that
// is synced and renamed into place, so no reader sees half of it. An
// attachment is immutable: when its file is there already nothing is written
// and the error wraps os.ErrExist.
func (a attachFiles) write(name string, r io.Reader) error {
	if !safeName(name) {
		return fmt.Errorf("attachment %q: not a file name", name)
	}
	path := a.path(name)
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("attachment %s: %w", name, os.ErrExist)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	err = a.encode(tmp, name, r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("attachment %s: %w", name, err)
	}
	return nil
}

// encode writes r to w as the file of name holds it.
func (a attachFiles) encode(w io.Writer, name string, r io.Reader) error {
	if a.key == nil {
		_, err := io.Copy(w, r)
		return err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	if _, err := w.Write(append(append([]byte{}, attachMagic...), salt...)); err != nil {
		return err
	}
	cw, err := newChunkWriter(w, a.subKey("file", salt, []byte(name)))
	if err != nil {
		return err
	}
	if _, err := io.Copy(cw, r); err != nil {
		return err
	}
	return cw.Close()
}

// sum is the hex SHA-256 and the size of the attachment's bytes as they came.
func (a attachFiles) sum(name string) (string, int64, error) {
	rc, err := a.open(name)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// attachFiles gives the store's attachment files.
func (s *Store) attachFiles() attachFiles {
	return attachFiles{dir: s.dir, key: s.attachKey}
}

// openAttachments reads an encrypted store's attachment key, making it the
// first time, and encrypts the attachments an older Kehu left in clear in
// an encrypted folder. In a plain folder it removes encrypted attachment
// files instead (see dropSealedAttachments).
func (s *Store) openAttachments() error {
	if s.dir == "" {
		return nil
	}
	if s.kf == nil {
		// Leftovers only, and unreadable: a failure to remove them is
		// retried at the next open instead of keeping the folder shut.
		_ = s.dropSealedAttachments()
		return nil
	}
	var key []byte
	err := s.dbUpdate(func(txn *badger.Txn) error {
		var err error
		if key, err = rawValue(txn, metaAttachKey); err != nil || key != nil {
			return err
		}
		key = make([]byte, keyLen)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		return txn.Set(metaAttachKey, key)
	})
	if err != nil {
		return fmt.Errorf("the attachment key: %w", err)
	}
	if len(key) != keyLen {
		return fmt.Errorf("the attachment key: %w", model.ErrAttachmentDamaged)
	}
	s.attachKey = key
	return s.encryptClearAttachments()
}

// dropSealedAttachments removes the encrypted attachment files (*.kea) of a
// plain folder. Only an interrupted conversion leaves them: an encrypt
// killed before its swap (the new store, and with it their key, is
// discarded at the next open) or a decrypt killed after it (the clear
// copies were written first, and the old store with the key is gone). No
// key left can read them, so they are never the only readable copy.
func (s *Store) dropSealedAttachments() error {
	dir := filepath.Join(s.dir, AttachmentsDir)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range ents {
		if e.Type().IsRegular() && filepath.Ext(e.Name()) == attachExt {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// OpenAttachment is the one way to read a complaint attachment's bytes (to
// show, open, export or send it): name is as the complaint lists it; the
// reader gives the bytes as they were attached, decrypted when the folder
// is encrypted. A file that was altered makes Read fail with
// ErrAttachmentDamaged; a missing one gives an error wrapping
// os.ErrNotExist. The caller closes the reader.
func (s *Store) OpenAttachment(name string) (io.ReadCloser, error) {
	var want string
	var size int64
	if err := s.view(func(txn *badger.Txn) error {
		regs, err := loadRegs(txn, KindAttachment, name)
		if err == nil {
			_ = json.Unmarshal(regs["sha256"].Value, &want)
			_ = json.Unmarshal(regs["size"].Value, &size)
		}
		return err
	}); err != nil {
		return nil, err
	}
	rc, err := s.attachFiles().open(name)
	if err != nil || want == "" {
		return rc, err
	}
	return &verifyReader{ReadCloser: rc, h: sha256.New(), name: name, want: want, size: size}, nil
}

// verifyReader checks, at the end, the bytes read against the SHA-256 and
// size the attachment's record holds: in a plain folder nothing else tells
// an altered file, and a reader must never take it for the attachment.
type verifyReader struct {
	io.ReadCloser
	h    hash.Hash
	n    int64
	name string
	want string
	size int64
}

func (v *verifyReader) Read(p []byte) (int, error) {
	n, err := v.ReadCloser.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	if err == io.EOF && (v.n != v.size || hex.EncodeToString(v.h.Sum(nil)) != v.want) {
		err = fmt.Errorf("attachment %s: %w (its bytes no longer match their SHA-256)", v.name, model.ErrAttachmentDamaged)
	}
	return n, err
}

// WriteAttachment stores the bytes of r as the attachment name (encrypted
// in an encrypted folder). An attachment is immutable: if it exists already
// nothing is written and the error wraps os.ErrExist.
func (s *Store) WriteAttachment(name string, r io.Reader) error {
	return s.attachFiles().write(name, r)
}

// RemoveAttachment removes the file of the attachment name (a complaint
// whose adding failed); a file already gone is no error.
func (s *Store) RemoveAttachment(name string) error {
	if !safeName(name) {
		return fmt.Errorf("attachment %q: not a file name", name)
	}
	if err := os.Remove(s.attachFiles().path(name)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
