package data

import (
	"crypto/rand"
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
