package app

import "github.com/kehu-crm/kehu/data"

// testStore is the open store, for tests that look beneath the use cases;
// no swap runs while a test reads it.
func (s *Service) testStore() *data.Store {
	st, done := s.c.Use()
	done()
	return st
}
