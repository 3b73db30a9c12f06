package data

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// A backup file is
//
//	"KEHUBAK1" | stream | attachments | manifest JSON | uint32 manifest length | SHA-256 | "KEHUEND1"
//
// where stream is Badger's backup stream (DB.Backup: length-prefixed KV
// lists) and attachments the attachments folder's files (backup_attach.go;
// format 2, absent from format 1), each sealed in AES-GCM chunks when the
// store is encrypted, and the SHA-256 covers everything before it. The manifest goes last because its
// counts are taken from the stream as it is written, so they describe exactly
// what the file holds; the end magic makes a truncated file recognisable.
var (
	backupMagic = []byte("KEHUBAK1")
	backupEnd   = []byte("KEHUEND1")
)

const trailerLen = 4 + sha256.Size + 8

// BackupFormat is the layout of backup files this build writes: 2 adds the
// attachments; format 1 files (no attachments) still restore.
const BackupFormat = 2

// Counts are a backup's records per entity.
type Counts struct {
	Customers    int `json:"customers"`
	Interactions int `json:"interactions"`
	Sales        int `json:"sales"`
	Complaints   int `json:"complaints"`
	Keys         int `json:"keys"` // every key, indexes and rollups included
}

// add counts a key; val is needed only for a pack of sales (packKey).
func (c *Counts) add(key, val []byte) {
	c.Keys++
	if len(key) == 0 { // only in a damaged stream: the counts will differ
		return
	}
	switch key[0] {
	case pSalePack:
		n, _ := packLen(val)
		c.Sales += n
	case pSaleGone:
		c.Sales--
	case pCustomer:
		c.Customers++
	case pInteraction:
		c.Interactions++
	case pSale:
		c.Sales++
	case pComplaint:
		c.Complaints++
	}
}

// Manifest describes a backup file.
type Manifest struct {
	Format      int       `json:"format"`
	Schema      int       `json:"schema"`
	AppVersion  string    `json:"app_version"`
	CreatedAt   time.Time `json:"created_at"`
	DBVersion   uint64    `json:"db_version"` // Badger's last commit when the backup began
	Counts      Counts    `json:"counts"`
	StreamBytes int64     `json:"stream_bytes"`
	Encrypted   bool      `json:"encrypted"`
	Key         *KeyFile  `json:"key,omitempty"`          // the store's key description: the password at backup time opens it
	StreamSalt  []byte    `json:"stream_salt,omitempty"`  // makes this file's stream key unique
	Attachments int       `json:"attachments,omitempty"`  // files in the attachments section (format 2)
	AttachBytes int64     `json:"attach_bytes,omitempty"` // the section's size on file
}

// Version is Badger's last commit: it changes with every write, so an
// automatic backup can tell whether anything changed since the last one.
func (s *Store) Version() uint64 { return s.db.MaxVersion() }

// Backup writes a backup of the whole store to w. The store stays usable; the
// backup is a consistent snapshot. appVersion is recorded in the manifest.
func (s *Store) Backup(w io.Writer, appVersion string) (*Manifest, error) {
	schema, err := s.Schema()
	if err != nil {
		return nil, fmt.Errorf("backup: read schema: %w", err)
	}
	m := &Manifest{Format: BackupFormat, Schema: schema, AppVersion: appVersion,
		CreatedAt: time.Now().UTC().Truncate(time.Second), DBVersion: s.Version()}
	h := sha256.New()
	out := &countWriter{w: io.MultiWriter(w, h)}
	if _, err := out.Write(backupMagic); err != nil {
		return nil, err
	}
	start := out.n
	var sealer *chunkWriter
	var stream io.Writer = out
	if s.kf != nil {
		m.Encrypted, m.Key, m.StreamSalt = true, s.kf, make([]byte, 16)
		if _, err := rand.Read(m.StreamSalt); err != nil {
			return nil, err
		}
		if sealer, err = newChunkWriter(out, streamKey(s.key, m.StreamSalt)); err != nil {
			return nil, err
		}
		stream = sealer
	}
	fc := &frameCounter{w: stream, counts: &m.Counts}
	s.gate.enter()
	_, err = s.db.Backup(fc, 0)
	s.gate.leave()
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := fc.finish(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if sealer != nil {
		if err := sealer.Close(); err != nil {
			return nil, err
		}
	}
	m.StreamBytes = out.n - start
	if err := s.backupAttachments(out, m); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	mj, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if _, err := out.Write(binary.BigEndian.AppendUint32(mj, uint32(len(mj)))); err != nil {
		return nil, err
	}
	if _, err := w.Write(append(h.Sum(nil), backupEnd...)); err != nil {
		return nil, err
	}
	return m, nil
}

// backupAttachments writes the attachments section after the stream (out
// is at its start) and records it in m.
func (s *Store) backupAttachments(out *countWriter, m *Manifest) error {
	if s.dir == "" {
		return nil
	}
	start := out.n
	var w io.Writer = out
	var sealer *chunkWriter
	if s.kf != nil {
		var err error
		if sealer, err = newChunkWriter(out, attachStreamKey(s.key, m.StreamSalt)); err != nil {
			return err
		}
		w = sealer
	}
	n, err := writeAttachments(w, s.dir)
	if err != nil {
		return err
	}
	if sealer != nil {
		if err := sealer.Close(); err != nil {
			return err
		}
	}
	m.Attachments, m.AttachBytes = n, out.n-start
	return nil
}

// ReadManifest checks a backup file whole — magic, end, checksum, format and
// schema — and returns its manifest. Nothing is restored from a file this
// refuses.
func ReadManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	head := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, backupMagic) {
		return nil, fmt.Errorf("%s: %w", path, model.ErrNotBackup)
	}
	if size < int64(len(backupMagic)+trailerLen) {
		return nil, fmt.Errorf("%s: %w", path, model.ErrBackupCorrupt)
	}
	tail := make([]byte, trailerLen)
	if _, err := f.ReadAt(tail, size-trailerLen); err != nil {
		return nil, err
	}
	mlen := int64(binary.BigEndian.Uint32(tail[:4]))
	body := size - trailerLen + 4 // everything the checksum covers
	if !bytes.Equal(tail[trailerLen-8:], backupEnd) || mlen > body-int64(len(backupMagic))-4 || mlen > maxManifestBytes {
		return nil, fmt.Errorf("%s: %w", path, model.ErrBackupCorrupt)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, body)); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.Equal(h.Sum(nil), tail[4:4+sha256.Size]) {
		return nil, fmt.Errorf("%s: %w", path, model.ErrBackupCorrupt)
	}
	mj := make([]byte, mlen)
	if _, err := f.ReadAt(mj, body-4-mlen); err != nil {
		return nil, err
	}
	m := &Manifest{}
	if err := json.Unmarshal(mj, m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, model.ErrBackupCorrupt)
	}
	if m.Format > BackupFormat || m.Schema > SchemaVersion {
		return nil, fmt.Errorf("%s: %w (schema %d; this version reads up to %d)", path, model.ErrBackupNewer, m.Schema, SchemaVersion)
	}
	if m.Format < 1 || m.StreamBytes < 0 || m.AttachBytes < 0 || m.Attachments < 0 ||
		m.StreamBytes+m.AttachBytes != body-4-mlen-int64(len(backupMagic)) ||
		(m.Format == 1 && m.AttachBytes != 0) || (m.Encrypted && m.Key == nil) {
		return nil, fmt.Errorf("%s: %w", path, model.ErrBackupCorrupt)
	}
	if m.Encrypted {
		if err := m.Key.valid(); err != nil {
			return nil, fmt.Errorf("%s: %w: %w", path, model.ErrBackupCorrupt, err)
		}
	}
	return m, nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
