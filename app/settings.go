package app

import "strings"

// The generic settings are read and written by several features and by
// `kehu settings`; the sales' base currency and rates are in app/sales.

// Setting returns a setting ("company_name" …); "" when unset.
func (s *Service) Setting(name string) (string, error) {
	st, done := s.c.Use()
	defer done()
	return st.Setting(name)
}

// SetSetting stores a setting.
func (s *Service) SetSetting(name, value string) error {
	store, done := s.c.Use()
	defer done()
	return store.SetSetting(name, strings.TrimSpace(value))
}
