package app

// FollowUpsDue counts the follow-ups due on or before date (YYYY-MM-DD).
func (s *Service) FollowUpsDue(date string) (int, error) {
	store, done := s.c.Use()
	defer done()
	return store.CountFollowUpsUntil(date)
}
