package data

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kehu-crm/kehu/data/model"

	"golang.org/x/crypto/argon2"
)

// KeyFile is the clear-text description of an encrypted folder's key: the
// key is argon2id(password, salt), and Check = HMAC-SHA256(key, "kehu key
// check") tells a wrong password before Badger is asked.
type KeyFile struct {
	Version int    `json:"version"`
	KDF     string `json:"kdf"`
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
	Salt    []byte `json:"salt"`
	Check   []byte `json:"check"`
}

// The argon2id cost: RFC 9106's second recommendation (3 passes, 64 MiB),
// about a quarter second on a laptop — once per start.
const (
	kdfTime    = 3
	kdfMemory  = 64 << 10
	kdfThreads = 4
	keyLen     = 32 // AES-256
)

// The bounds a key description's argon2id cost must lie within. The key
// file and a backup's manifest are read before any password check, so a
// crafted one asking 4 GiB and 100 passes would run for minutes in gigabytes;
// these allow twice this build's own cost and no more.
const (
	maxKDFTime    = 10
	minKDFMemory  = 8 << 10   // KiB
	maxKDFMemory  = 128 << 10 // KiB: 128 MiB
	maxKDFThreads = 16
)

// newKeyFile makes a key file with a fresh salt for password and returns
// the key.
func newKeyFile(password string) (*KeyFile, []byte, error) {
	if password == "" {
		return nil, nil, errors.New("the password is empty")
	}
	kf := &KeyFile{Version: 1, KDF: "argon2id", Time: kdfTime, Memory: kdfMemory, Threads: kdfThreads, Salt: make([]byte, 16)}
	if _, err := rand.Read(kf.Salt); err != nil {
		return nil, nil, err
	}
	key := kf.derive(password)
	kf.Check = keyCheck(key)
	return kf, key, nil
}

func (kf *KeyFile) derive(password string) []byte {
	return argon2.IDKey([]byte(password), kf.Salt, kf.Time, kf.Memory, kf.Threads, keyLen)
}

func keyCheck(key []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("kehu key check"))
	return m.Sum(nil)
}

// Key derives the key from password; ErrWrongPassword when it does not match.
func (kf *KeyFile) Key(password string) ([]byte, error) {
	if password == "" {
		return nil, model.ErrPasswordNeeded
	}
	key := kf.derive(password)
	if !hmac.Equal(keyCheck(key), kf.Check) {
		return nil, model.ErrWrongPassword
	}
	return key, nil
}

func (kf *KeyFile) valid() error {
	if kf.Version != 1 || kf.KDF != "argon2id" || len(kf.Salt) < 8 || len(kf.Salt) > 64 || len(kf.Check) != sha256.Size {
		return errors.New("unknown key description")
	}
	if kf.Time == 0 || kf.Time > maxKDFTime || kf.Memory < minKDFMemory || kf.Memory > maxKDFMemory ||
		kf.Threads == 0 || kf.Threads > maxKDFThreads {
		return fmt.Errorf("%w (time %d, memory %d KiB, threads %d; at most %d, %d KiB, %d)", model.ErrKDFBounds,
			kf.Time, kf.Memory, kf.Threads, maxKDFTime, maxKDFMemory, maxKDFThreads)
	}
	return nil
}

// Encrypted reports whether dir is an encrypted data folder.
func Encrypted(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, model.KeyFileName))
	return err == nil
}

// readKeyFile reads path; nil, nil when it does not exist.
func readKeyFile(path string) (*KeyFile, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	kf := &KeyFile{}
	if err := json.Unmarshal(b, kf); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := kf.valid(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return kf, nil
}

// writeKeyFile writes kf to path through a synced temporary file.
func writeKeyFile(path string, kf *KeyFile) error {
	b, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err = f.Write(append(b, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// openKey finds the key of dir for password: nil for a plain folder;
// ErrPasswordNeeded or ErrWrongPassword. It also returns the candidates a
// pending password change left (the new key file), so Open can try both.
func openKeys(dir, password string) (keys []keyChoice, err error) {
	main, err := readKeyFile(filepath.Join(dir, model.KeyFileName))
	if err != nil {
		return nil, err
	}
	pending, err := readKeyFile(filepath.Join(dir, model.KeyFileName+".new"))
	if err != nil {
		pending = nil // a half-written pending file: the change never started
	}
	if main == nil {
		return nil, nil
	}
	if password == "" {
		return nil, model.ErrPasswordNeeded
	}
	for _, kf := range []*KeyFile{main, pending} {
		if kf == nil {
			continue
		}
		if key, err := kf.Key(password); err == nil {
			keys = append(keys, keyChoice{kf: kf, key: key, pending: kf == pending})
		}
	}
	if len(keys) == 0 {
		return nil, model.ErrWrongPassword
	}
	return keys, nil
}

// keyChoice is a key that matched the password, from the key file or from a
// pending password change.
type keyChoice struct {
	kf      *KeyFile
	key     []byte
	pending bool
}
