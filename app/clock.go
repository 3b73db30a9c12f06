package app

import "time"

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

// Now is the current time in UTC by the clock given at open (Options.Now,
// else the wall clock). Every business date goes through it.
func (s *Service) Now() time.Time { return s.c.Now() }

// SetClock replaces the clock given at open (tests); nil means the wall clock.
func (s *Service) SetClock(now func() time.Time) { s.c.SetClock(now) }
