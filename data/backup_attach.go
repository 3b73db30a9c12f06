package data

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kehu-crm/kehu/data/model"
)

// A backup of format 2 holds the attachments folder after the store's
// stream: its files one after the other, each
//
//	uint16 name length | name | uint64 size | bytes
//
// (big-endian), sealed in AES-GCM chunks under a key of its own when the
// store is encrypted. The files are copied as they are on disk, so an
// encrypted folder's attachments stay encrypted inside too (and their key
// travels in the store). Nothing is held whole in memory: each file is
// streamed.

// Limits of reading a backup, so a damaged or crafted file ends in an error
// and never in an allocation it names.
const (
	// maxBackupFrame caps one frame of Badger's stream. Badger cuts its
	// stream into batches of about 100 MB (more by one list of at most
	// 16 MB and a value); a frame is also never longer than what is left of
	// the stream.
	maxBackupFrame = 256 << 20
	// maxManifestBytes caps the manifest (a few hundred bytes in practice).
	maxManifestBytes = 1 << 20
	// maxAttachName caps an attachment's file name in a backup.
	maxAttachName = 1024
)

// attachStreamKey is the AES key of one backup's attachments section.
func attachStreamKey(key, salt []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("kehu backup attachments"))
	m.Write(salt)
	return m.Sum(nil)
}

// writeAttachments writes every file of dir's attachments folder to w and
// returns how many it wrote. Hidden names (temporary files) and folders are
// left out. A file that changes size while it is copied fails the backup.
func writeAttachments(w io.Writer, dir string) (int, error) {
	ents, err := os.ReadDir(filepath.Join(dir, AttachmentsDir))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the attachments: %w", err)
	}
	n := 0
	for _, e := range ents {
		if !e.Type().IsRegular() || !safeName(e.Name()) || len(e.Name()) > maxAttachName {
			continue
		}
		if err := writeAttachment(w, filepath.Join(dir, AttachmentsDir, e.Name())); err != nil {
			return n, fmt.Errorf("attachment %s: %w", e.Name(), err)
		}
		n++
	}
	return n, nil
}

func writeAttachment(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	name := filepath.Base(path)
	head := binary.BigEndian.AppendUint16(nil, uint16(len(name)))
	head = binary.BigEndian.AppendUint64(append(head, name...), uint64(st.Size()))
	if _, err := w.Write(head); err != nil {
		return err
	}
	if n, err := io.Copy(w, io.LimitReader(f, st.Size())); err != nil {
		return err
	} else if n != st.Size() {
		return errors.New("the file changed while it was copied")
	}
	return nil
}

// readAttachments writes the files of an attachments section (r, at most
// limit bytes) into dir's attachments folder, synced, and returns how
// many there were. Every length is checked against limit and
// maxAttachName before it is used.
func readAttachments(r io.Reader, limit int64, dir string) (int, error) {
	folder := filepath.Join(dir, AttachmentsDir)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return 0, err
	}
	n := 0
	for {
		var nl [2]byte
		if _, err := io.ReadFull(r, nl[:]); err == io.EOF {
			return n, nil
		} else if err != nil {
			return n, corrupt("an attachment's header is cut short")
		}
		l := int64(binary.BigEndian.Uint16(nl[:]))
		if l == 0 || l > maxAttachName || l+10 > limit {
			return n, corrupt(fmt.Sprintf("an attachment's name of %d bytes (at most %d)", l, maxAttachName))
		}
		head := make([]byte, l+8)
		if _, err := io.ReadFull(r, head); err != nil {
			return n, corrupt("an attachment's header is cut short")
		}
		limit -= 10 + l
		name, size := string(head[:l]), binary.BigEndian.Uint64(head[l:])
		if !safeName(name) {
			return n, corrupt(fmt.Sprintf("the attachment name %q is not a file name", name))
		}
		if size > uint64(limit) {
			return n, corrupt(fmt.Sprintf("attachment %s: %d bytes, more than the %d left in the file", name, size, limit))
		}
		if err := restoreAttachment(r, filepath.Join(folder, name), int64(size)); err != nil {
			return n, fmt.Errorf("attachment %s: %w", name, err)
		}
		limit -= int64(size)
		n++
	}
}

func restoreAttachment(r io.Reader, path string, size int64) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return corrupt("the backup holds it twice")
		}
		return err
	}
	_, err = io.CopyN(f, r, size)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = corrupt("cut short")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func corrupt(why string) error { return fmt.Errorf("%w: %s", model.ErrBackupCorrupt, why) }

// frameLimiter passes Badger's backup stream to Load and checks each
// frame's length (a little-endian uint64) before Load reads it: Load
// allocates whatever length it reads, so one flipped byte would ask for
// exabytes. A length over maxBackupFrame or over what is left of the
// stream (left: the stream's size on file, never less than its plain size)
// is ErrBackupCorrupt.
type frameLimiter struct {
	r    io.Reader
	left int64 // bytes of the stream not yet passed
	body int64 // bytes of the current frame still to pass
	head []byte
}

func (f *frameLimiter) Read(p []byte) (int, error) {
	if len(f.head) > 0 { // a checked header not yet passed on
		n := copy(p, f.head)
		f.head = f.head[n:]
		return n, nil
	}
	if f.body == 0 {
		var h [8]byte
		n, err := io.ReadFull(f.r, h[:])
		if n == 0 && err == io.EOF {
			return 0, io.EOF
		}
		if err != nil {
			return 0, corrupt("the stream ends inside a record's length")
		}
		f.left -= 8
		size := binary.LittleEndian.Uint64(h[:])
		if size > maxBackupFrame || size > uint64(max(f.left, 0)) {
			return 0, corrupt(fmt.Sprintf("a record of %d bytes (at most %d, and %d left)", size, maxBackupFrame, max(f.left, 0)))
		}
		f.body, f.left = int64(size), f.left-int64(size)
		f.head = h[:]
		return f.Read(p)
	}
	if int64(len(p)) > f.body {
		p = p[:f.body]
	}
	n, err := f.r.Read(p)
	f.body -= int64(n)
	if err == io.EOF && f.body > 0 {
		err = corrupt("the stream ends inside a record")
	}
	return n, err
}
