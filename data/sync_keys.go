package data

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Each device signs the batches it sends to a server with an ed25519 key
// made at its first sync, so another computer holding the server's
// password cannot send changes under its device id. The key is kept per
// device id: a copied folder, which gets a new id (device_home.go), makes
// a key of its own. The first public key seen for each other device is
// pinned here (trust on first use): rows of that device signed by another
// key are refused, even if the server's list of keys is changed later.

// SigningKey is this device's key for signing sync batches, made on first
// use.
func (s *Store) SigningKey() (ed25519.PrivateKey, error) {
	var key ed25519.PrivateKey
	err := s.update(func(txn *badger.Txn) error {
		dev, err := deviceID(txn)
		if err != nil {
			return err
		}
		seed, err := rawValue(txn, signKeyKey(dev))
		if err != nil {
			return err
		}
		if len(seed) == ed25519.SeedSize {
			key = ed25519.NewKeyFromSeed(seed)
			return nil
		}
		seed = make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(seed); err != nil {
			return err
		}
		key = ed25519.NewKeyFromSeed(seed)
		return txn.Set(signKeyKey(dev), seed)
	})
	return key, err
}

// PinDeviceKey returns the public key pinned for another device, pinning
// pub if none is: the first key seen for a device stays its key.
func (s *Store) PinDeviceKey(device string, pub []byte) ([]byte, error) {
	if !validDevice(device) || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("device %q: bad key", device)
	}
	var pinned []byte
	err := s.update(func(txn *badger.Txn) error {
		v, err := rawValue(txn, pinKey(device))
		if err != nil || v != nil {
			pinned = v
			return err
		}
		pinned = bytes.Clone(pub)
		return txn.Set(pinKey(device), pinned)
	})
	return pinned, err
}
