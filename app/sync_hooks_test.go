package app

import (
	"crypto/ed25519"
	"time"

	ksync "github.com/kehu-crm/kehu/app/sync"
)

// SetWallClock gives the store's hybrid logical clock another wall clock
// (a device whose clock is years wrong); nil is the real one.
func (s *Service) SetWallClock(now func() time.Time) { s.testStore().SetWallClock(now) }

// SignBatch signs a server row of this device as a push would, for tests
// that write rows by hand.
func (s *Service) SignBatch(from, to int64, count int, body []byte) (pub, sig []byte, err error) {
	dev, err := s.testStore().DeviceID()
	if err != nil {
		return nil, nil, err
	}
	key, err := s.testStore().SigningKey()
	if err != nil {
		return nil, nil, err
	}
	return key.Public().(ed25519.PublicKey), ed25519.Sign(key, ksync.BatchMessage(dev, from, to, count, body)), nil
}
