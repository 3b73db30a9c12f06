package data

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/kehu-crm/kehu/data/model"
)

// frameCounter passes Badger's backup stream through and counts its records:
// the stream is frames of a little-endian uint64 length and a KV list, each
// key first at its newest version (a delete marker when removed).
type frameCounter struct {
	w       io.Writer
	counts  *Counts
	pend    []byte
	lastKey []byte
}

func (f *frameCounter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil {
		return n, err
	}
	f.pend = append(f.pend, p...)
	for {
		list, rest, err := nextBackupFrame(f.pend)
		if err != nil {
			return n, fmt.Errorf("read the backup stream: %w", err)
		}
		if list == nil {
			break
		}
		for _, kv := range list.Kv {
			if bytes.Equal(kv.Key, f.lastKey) || len(kv.Key) == 0 {
				continue // an older version of the same key
			}
			f.lastKey = append(f.lastKey[:0], kv.Key...)
			if kvDeleted(kv) {
				continue
			}
			f.counts.add(kv.Key, kv.Value)
		}
		f.pend = rest
	}
	return n, nil
}

func (f *frameCounter) finish() error {
	if len(f.pend) != 0 {
		return errors.New("the backup stream ended inside a record")
	}
	return nil
}

// streamKey is the AES key of one backup's stream: the store key, narrowed
// by the file's own salt so no two files share a key (and a nonce sequence).
func streamKey(key, salt []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("kehu backup stream"))
	m.Write(salt)
	return m.Sum(nil)
}

// chunkSize is the plain text per sealed chunk.
const chunkSize = 64 << 10

// chunkWriter seals a stream in AES-256-GCM chunks: uint32 sealed length,
// sealed bytes. The nonce is the chunk's number; the additional data marks
// the last chunk, so a stream cut at a chunk boundary is refused too.
type chunkWriter struct {
	w    io.Writer
	aead cipher.AEAD
	buf  []byte
	n    uint64
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func newChunkWriter(w io.Writer, key []byte) (*chunkWriter, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &chunkWriter{w: w, aead: aead, buf: make([]byte, 0, chunkSize)}, nil
}

func nonce(n uint64) []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint64(b[4:], n)
	return b
}

func (c *chunkWriter) seal(last bool) error {
	ad := []byte{0}
	if last {
		ad[0] = 1
	}
	out := c.aead.Seal(make([]byte, 4, 4+len(c.buf)+c.aead.Overhead()), nonce(c.n), c.buf, ad)
	binary.BigEndian.PutUint32(out, uint32(len(out)-4))
	c.n++
	c.buf = c.buf[:0]
	_, err := c.w.Write(out)
	return err
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(chunkSize-len(c.buf), len(p))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == chunkSize {
			if err := c.seal(false); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// Close seals the last chunk (possibly empty).
func (c *chunkWriter) Close() error { return c.seal(true) }

// chunkReader opens what chunkWriter sealed.
type chunkReader struct {
	r    io.Reader
	aead cipher.AEAD
	buf  []byte
	n    uint64
	done bool
}

func newChunkReader(r io.Reader, key []byte) (*chunkReader, error) {
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &chunkReader{r: r, aead: aead}, nil
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.done {
			return 0, io.EOF
		}
		var hdr [4]byte
		if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
			return 0, model.ErrBackupCorrupt
		}
		size := binary.BigEndian.Uint32(hdr[:])
		if size > chunkSize+uint32(c.aead.Overhead()) {
			return 0, model.ErrBackupCorrupt
		}
		sealed := make([]byte, size)
		if _, err := io.ReadFull(c.r, sealed); err != nil {
			return 0, model.ErrBackupCorrupt
		}
		// Not in place: a failed Open wipes its output, and the second try
		// needs the sealed bytes.
		plain, err := c.aead.Open(nil, nonce(c.n), sealed, []byte{0})
		if err != nil {
			if plain, err = c.aead.Open(nil, nonce(c.n), sealed, []byte{1}); err != nil {
				return 0, model.ErrBackupCorrupt
			}
			c.done = true
		}
		c.n++
		c.buf = plain
	}
	k := copy(p, c.buf)
	c.buf = c.buf[k:]
	return k, nil
}
