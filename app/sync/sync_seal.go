package sync

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Sealed sync. What an encrypted data folder syncs (sync files, server
// rows, the attachments inside them) is sealed with the team's sync key: a
// passphrase the team sets once and enters on each computer (Settings →
// Sync, kehu settings set sync_key). Each computer derives an AES-256-GCM
// key from it with argon2id and a salt of its own, which travels in every
// sealed batch, so the others derive the same key from the passphrase; the
// argon2 cost is fixed here, never read from a batch. A team may choose
// plain sync instead (sync_plain), and is told once that its data then
// leaves in clear. A plain folder syncs in clear unless a key is set.

// The settings of sealed sync; both stay on this computer.
const (
	SettingSyncKey   = "sync_key"   // the team's passphrase (kept in the store, encrypted with it)
	SettingSyncPlain = "sync_plain" // "yes": the team chose to sync in clear
	settingSyncSalt  = "sync_key_salt"
)

// MinSyncKeyLen is the fewest characters a team sync key may have.
const MinSyncKeyLen = 12

// The argon2id cost of the sync key: fixed, as the data folder's.
const (
	syncKDFTime    = 3
	syncKDFMemory  = 64 << 10 // KiB
	syncKDFThreads = 2
)

// sealMagic starts every sealed batch: magic, salt (16), nonce (12), then
// the AES-GCM ciphertext of the lines.
const sealMagic = "KEHUSEAL1"

// ErrNeedSyncKey: an encrypted folder with neither a sync key nor plain
// sync chosen sends nothing.
var ErrNeedSyncKey = &ServerError{Key: "This data folder is encrypted, so what it syncs must be too: enter the team's sync key (Settings → Sync, or kehu settings set sync_key KEY), or, if the team chooses to sync in clear, kehu settings set sync_plain yes. Nothing was sent."}

// PlainSyncMsg is said once, when a team chooses plain sync.
const PlainSyncMsg = "Plain sync chosen: what this computer syncs (names, notes, complaints, attachments) leaves it in clear, readable by anyone who can read the sync folder or the server's database."

// SetSyncKey sets the team's sync key on this computer ("" removes it).
func (s *Service) SetSyncKey(pass string) error {
	store, done := s.c.Use()
	defer done()
	if pass != "" && utf8.RuneCountInString(pass) < MinSyncKeyLen {
		return &ServerError{Key: "The sync key must have at least {{.N}} characters.", Data: map[string]any{"N": MinSyncKeyLen}}
	}
	if salt, err := store.Setting(settingSyncSalt); err != nil {
		return err
	} else if salt == "" {
		b := make([]byte, 16)
		rand.Read(b)
		if err := store.SetSetting(settingSyncSalt, hex.EncodeToString(b)); err != nil {
			return err
		}
	}
	if pass != "" {
		if err := store.SetSetting(SettingSyncPlain, ""); err != nil {
			return err
		}
	}
	return store.SetSetting(SettingSyncKey, pass)
}

// SetPlainSync records that the team syncs in clear (or not).
func (s *Service) SetPlainSync(on bool) error {
	store, done := s.c.Use()
	defer done()
	v := ""
	if on {
		v = "yes"
	}
	return store.SetSetting(SettingSyncPlain, v)
}

// sealer seals and opens batches with the team's key.
type sealer struct {
	pass string
	salt []byte
}

// syncSealer is the sealer of this computer, nil when it syncs in clear;
// ErrNeedSyncKey for an encrypted folder with no choice made.
func (s *Service) syncSealer() (*sealer, error) {
	store, done := s.c.Use()
	defer done()
	pass, err := store.Setting(SettingSyncKey)
	if err != nil {
		return nil, err
	}
	if pass == "" {
		plain, err := store.Setting(SettingSyncPlain)
		if err != nil {
			return nil, err
		}
		if s.c.Encrypted() && plain != "yes" {
			return nil, ErrNeedSyncKey
		}
		return nil, nil
	}
	v, err := store.Setting(settingSyncSalt)
	if err != nil {
		return nil, err
	}
	salt, err := hex.DecodeString(v)
	if err != nil || len(salt) != 16 {
		return nil, errors.New("sync key: its salt is damaged: set the sync key again")
	}
	return &sealer{pass: pass, salt: salt}, nil
}

// syncOpener is the sealer that opens what others sealed: nil with no key.
func (s *Service) syncOpener() *sealer {
	store, done := s.c.Use()
	defer done()
	pass, err := store.Setting(SettingSyncKey)
	if err != nil || pass == "" {
		return nil
	}
	return &sealer{pass: pass}
}

var (
	aeadMu sync.Mutex
	aeads  = map[[32]byte]cipher.AEAD{} // by sha256(pass, salt): argon2 once a process
)

func (k *sealer) aead(salt []byte) (cipher.AEAD, error) {
	id := sha256.Sum256(append(append([]byte(k.pass), 0), salt...))
	aeadMu.Lock()
	defer aeadMu.Unlock()
	if a, ok := aeads[id]; ok {
		return a, nil
	}
	block, err := aes.NewCipher(argon2.IDKey([]byte(k.pass), salt, syncKDFTime, syncKDFMemory, syncKDFThreads, 32))
	if err != nil {
		return nil, err
	}
	a, err := cipher.NewGCM(block)
	if err == nil {
		aeads[id] = a
	}
	return a, err
}

// seal seals plain, bound to aad (the batch's device and range).
func (k *sealer) seal(plain, aad []byte) ([]byte, error) {
	a, err := k.aead(k.salt)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(sealMagic)+16+a.NonceSize()+len(plain)+a.Overhead())
	out = append(append(out, sealMagic...), k.salt...)
	nonce := make([]byte, a.NonceSize())
	rand.Read(nonce)
	out = append(out, nonce...)
	return a.Seal(out, nonce, plain, aad), nil
}

func sealed(b []byte) bool { return bytes.HasPrefix(b, []byte(sealMagic)) }

// The reasons a sealed batch is not opened.
const (
	sealNoKeyMsg  = "The batch is sealed with the team's sync key, and this computer has none: enter it (Settings → Sync, or kehu settings set sync_key KEY), then sync again."
	sealWrongMsg  = "The batch cannot be opened with this computer's sync key (another key, or a damaged batch): check the team's sync key on this computer."
	sealBrokenMsg = "The batch is sealed but cut short: it was not applied."
)

// open opens a sealed batch; it returns the reason it cannot.
func (k *sealer) open(b, aad []byte) ([]byte, string) {
	if k == nil {
		return nil, sealNoKeyMsg
	}
	b = b[len(sealMagic):]
	if len(b) < 16+12+16 {
		return nil, sealBrokenMsg
	}
	a, err := k.aead(b[:16])
	if err != nil {
		return nil, sealWrongMsg
	}
	plain, err := a.Open(nil, b[16:16+a.NonceSize()], b[16+a.NonceSize():], aad)
	if err != nil {
		return nil, sealWrongMsg
	}
	return plain, ""
}

// batchAAD binds a server row's sealed body to its device and range.
func batchAAD(device string, from, to uint64) []byte {
	return []byte(device + "/" + batchName(from, to))
}

// SyncKeySet reports whether the team's sync key is set on this computer.
func (s *Service) SyncKeySet() bool {
	store, done := s.c.Use()
	defer done()
	v, err := store.Setting(SettingSyncKey)
	return err == nil && v != ""
}

// PlainSync reports whether the team chose to sync in clear.
func (s *Service) PlainSync() bool {
	store, done := s.c.Use()
	defer done()
	v, err := store.Setting(SettingSyncPlain)
	return err == nil && v == "yes"
}
