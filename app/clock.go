package app

import (
	"sync"
	"time"
)

// Options are how OpenWith opens a data folder.
type Options struct {
	// Password opens an encrypted folder (see Encrypted); a plain folder
	// ignores it.
	Password string
	// Now is the business clock: the day a sale, visit or complaint is
	// dated, the current month of reports, the age of complaints. nil means
	// time.Now. The store keeps the wall clock for its own record stamps.
	Now func() time.Time
}

// clockState is the Service's business clock. It is one field with one accessor
// (Service.Now) so every use case reads the same time and tests fix it.
type clockState struct {
	mu  sync.Mutex
	now func() time.Time
}

func (c *clockState) set(now func() time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
}

// Now is the current time in UTC by the clock given at open (Options.Now,
// else the wall clock). Every business date goes through it.
func (s *Service) Now() time.Time {
	s.clock.mu.Lock()
	now := s.clock.now
	s.clock.mu.Unlock()
	if now == nil {
		return time.Now().UTC()
	}
	return now().UTC()
}

// SetClock replaces the clock given at open (tests); nil means the wall clock.
func (s *Service) SetClock(now func() time.Time) { s.clock.set(now) }
