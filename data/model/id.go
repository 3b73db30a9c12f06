package model

import (
	"crypto/rand"
	"encoding/binary"
	"math"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

var (
	idMu      sync.Mutex
	idEntropy = ulid.Monotonic(rand.Reader, 0)
)

// NewID returns a unique id that sorts by creation time (a ULID: 26 characters,
// millisecond timestamp then randomness, monotonic within a millisecond), so
// iterating a prefix lists records oldest first without an extra index.
func NewID() string {
	idMu.Lock()
	defer idMu.Unlock()
	return ulid.MustNew(ulid.Timestamp(time.Now()), idEntropy).String()
}

// ValidID reports whether s is an id NewID could have made: an import takes
// such an id from a file as the customer's, anything else (a list's own
// numbering) is no id of Kehu's.
func ValidID(s string) bool {
	_, err := ulid.ParseStrict(s)
	return err == nil && len(s) == ulid.EncodedSize
}

// idLen is the length of a record id (a ULID).
const IDLen = 26

// newIDs makes n new ids, ascending, 26 bytes each in one buffer: a first
// id as NewID makes it, then that id plus 1, 2 … in its randomness (as a
// ULID counts up within a millisecond). NewID is held until the clock has
// left that millisecond, so no id it makes falls among them.
func NewIDs(n int) []byte {
	ids := make([]byte, n*IDLen)
	idMu.Lock()
	defer idMu.Unlock()
	var u ulid.ULID
	for {
		u = ulid.MustNew(ulid.Timestamp(time.Now()), idEntropy)
		// The randomness (the last 10 bytes) must not overflow: about
		// never, and then a fresh first id does.
		if binary.BigEndian.Uint64(u[8:]) <= math.MaxUint64-uint64(n) {
			break
		}
		waitNextMs(u.Time())
	}
	lo := binary.BigEndian.Uint64(u[8:])
	for i := range n {
		binary.BigEndian.PutUint64(u[8:], lo+uint64(i))
		_ = u.MarshalTextTo(ids[i*IDLen : (i+1)*IDLen])
	}
	waitNextMs(u.Time())
	return ids
}

// waitNextMs waits until the clock has left the millisecond ms.
func waitNextMs(ms uint64) {
	for ulid.Timestamp(time.Now()) == ms {
		time.Sleep(100 * time.Microsecond)
	}
}

// recordID is a record's id as the one validation takes it (checker.id):
// 1 to MaxIDLen bytes of printable characters, no spaces.
func ValidRecordID(id string) bool {
	var v checker
	v.id("id", id, true)
	return v.err == nil
}
