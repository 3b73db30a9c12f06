package data

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// A hybrid logical clock (HLC) orders the changes of every device: its value
// is wall-clock milliseconds shifted left 16 bits plus a logical counter, so
// it follows real time where clocks agree and never runs backwards when a
// laptop's clock does, or when a change from a device whose clock is ahead
// arrives (observe). Each store has its own clock, seeded from what the
// store persisted (seedClock), so tests can give two devices of one process
// wall clocks years apart (SetWallClock).
//
// A remote clock may be wrong, or forged: a change stamped more than
// MaxClockSkew ahead of the local wall clock is never observed (the batch
// holding it is held, changelog_apply.go), so no file or server row can push
// a store's clock to the end of time.
type hlcClock struct {
	mu     sync.Mutex
	last   uint64
	seeded bool
	now    func() time.Time // tests set it to skew devices
}

// skewLimit is the largest HLC value a remote change may carry now.
func (c *hlcClock) skewLimit() uint64 {
	return uint64(c.now().Add(model.MaxClockSkew).UnixMilli())<<16 | 0xffff
}

// SetWallClock makes the store's clock read the wall time from now (tests
// give devices clocks years apart); nil restores time.Now.
func (s *Store) SetWallClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.hlc.mu.Lock()
	s.hlc.now = now
	s.hlc.mu.Unlock()
}

// SkewLimit is the largest HLC value another device's change may carry now
// (MaxClockSkew ahead of this store's wall clock).
func (s *Store) SkewLimit() uint64 {
	s.hlc.mu.Lock()
	defer s.hlc.mu.Unlock()
	return s.hlc.skewLimit()
}

// ClockAhead reports whether an HLC value is more than MaxClockSkew ahead of
// this store's wall clock.
func (s *Store) ClockAhead(v uint64) bool {
	s.hlc.mu.Lock()
	defer s.hlc.mu.Unlock()
	return v > s.hlc.skewLimit()
}

// tick returns a new HLC value greater than every value given or observed.
func (c *hlcClock) tick() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := uint64(c.now().UnixMilli()) << 16
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	return c.last
}

// tickN returns the first of n consecutive new HLC values (an import's
// chunk: one per record it creates).
func (c *hlcClock) tickN(n int) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := uint64(c.now().UnixMilli()) << 16
	if pt > c.last {
		c.last = pt
	} else {
		c.last++
	}
	first := c.last
	c.last += uint64(max(n, 1) - 1)
	return first
}

// observe moves the clock past a value seen in another device's change.
func (c *hlcClock) observe(v uint64) {
	c.mu.Lock()
	if v > c.last {
		c.last = v
	}
	c.mu.Unlock()
}

// HLCTime is the wall-clock part of an HLC value.
func HLCTime(v uint64) time.Time { return time.UnixMilli(int64(v >> 16)).UTC() }

// A stamp is an HLC value and the device that made the change, written
// "%016x.DEVICE" so that comparing two stamps as strings orders them by HLC,
// then by device: every device picks the same winner.
func stamp(hlc uint64, device string) string { return fmt.Sprintf("%016x.%s", hlc, device) }

// parseStamp splits a stamp; an empty stamp is HLC 0.
func parseStamp(s string) (hlc uint64, device string, err error) {
	if s == "" {
		return 0, "", nil
	}
	h, d, ok := strings.Cut(s, ".")
	if !ok || len(h) != 16 || !validDevice(d) {
		return 0, "", fmt.Errorf("bad change stamp %q", s)
	}
	hlc, err = strconv.ParseUint(h, 16, 64)
	if err != nil {
		return 0, "", fmt.Errorf("bad change stamp %q", s)
	}
	return hlc, d, nil
}

// deviceLen is the length of a device id: 16 lower-case hex digits.
const deviceLen = 16

func validDevice(d string) bool {
	if len(d) != deviceLen {
		return false
	}
	for _, r := range d {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// ValidDevice reports whether d has the form of a device id.
func ValidDevice(d string) bool { return validDevice(d) }

// deviceID returns this data folder's device id, creating it on first use.
func deviceID(txn *badger.Txn) (string, error) {
	item, err := txn.Get(metaDevice)
	if err == nil {
		v, err := item.ValueCopy(nil)
		return string(v), err
	}
	if !errors.Is(err, badger.ErrKeyNotFound) {
		return "", err
	}
	b := make([]byte, deviceLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	d := hex.EncodeToString(b)
	return d, txn.Set(metaDevice, []byte(d))
}

// DeviceID is this data folder's device id (made on first use).
func (s *Store) DeviceID() (string, error) {
	var d string
	err := s.update(func(txn *badger.Txn) error {
		var err error
		d, err = deviceID(txn)
		return err
	})
	return d, err
}

// seedClock moves the clock past the store's last local change and the
// largest HLC it ever received, once per opened store.
func (s *Store) seedClock(txn *badger.Txn) error {
	s.hlc.mu.Lock()
	done := s.hlc.seeded
	s.hlc.mu.Unlock()
	if done {
		return nil
	}
	it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte{pChange}})
	it.Seek([]byte{pChange, 0xff})
	if it.Valid() && len(it.Item().Key()) == 9 {
		hlc := binary.BigEndian.Uint64(it.Item().Key()[1:])
		if err := it.Item().Value(func(v []byte) error {
			if len(v) > 0 && v[0] == batchLogMark {
				hlc = batchLogLast(hlc, v)
			}
			return nil
		}); err != nil {
			it.Close()
			return err
		}
		s.hlc.observe(hlc)
	}
	it.Close()
	item, err := txn.Get(syncHLC)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return err
	default:
		if err := item.Value(func(v []byte) error {
			if len(v) == 8 {
				s.hlc.observe(binary.BigEndian.Uint64(v))
			}
			return nil
		}); err != nil {
			return err
		}
	}
	s.hlc.mu.Lock()
	s.hlc.seeded = true
	s.hlc.mu.Unlock()
	return nil
}
