package app

// The settings of automatic sync belong to this computer (another laptop
// of the team may well sync only by hand), so they are not team settings.
const (
	SettingSyncOnStart = "sync_on_start"
	SettingSyncOnClose = "sync_on_close"
)

// SyncAuto says whether the window syncs with the chosen folder when it
// opens and when it closes.
func (s *Service) SyncAuto() (onStart, onClose bool, err error) {
	a, err := s.st.Setting(SettingSyncOnStart)
	if err != nil {
		return false, false, err
	}
	b, err := s.st.Setting(SettingSyncOnClose)
	return a == "true", b == "true", err
}

// SetSyncAuto remembers whether to sync on start and on close.
func (s *Service) SetSyncAuto(onStart, onClose bool) error {
	flag := func(b bool) string {
		if b {
			return "true"
		}
		return ""
	}
	if err := s.st.SetSetting(SettingSyncOnStart, flag(onStart)); err != nil {
		return err
	}
	return s.st.SetSetting(SettingSyncOnClose, flag(onClose))
}
