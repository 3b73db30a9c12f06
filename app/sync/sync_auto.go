package sync

// The settings of automatic sync belong to this computer (another laptop
// of the team may well sync only by hand), so they are not team settings.
const (
	SettingSyncOnStart = "sync_on_start"
	SettingSyncOnClose = "sync_on_close"
)

// SyncAuto says whether the window syncs with the chosen folder when it
// opens and when it closes.
func (s *Service) SyncAuto() (onStart, onClose bool, err error) {
	store, done := s.c.Use()
	defer done()
	a, err := store.Setting(SettingSyncOnStart)
	if err != nil {
		return false, false, err
	}
	b, err := store.Setting(SettingSyncOnClose)
	return a == "true", b == "true", err
}

// SetSyncAuto remembers whether to sync on start and on close.
func (s *Service) SetSyncAuto(onStart, onClose bool) error {
	store, done := s.c.Use()
	defer done()
	flag := func(b bool) string {
		if b {
			return "true"
		}
		return ""
	}
	if err := store.SetSetting(SettingSyncOnStart, flag(onStart)); err != nil {
		return err
	}
	return store.SetSetting(SettingSyncOnClose, flag(onClose))
}
