package app

import "time"

// SetSyncFileBytes lets tests cap sync files low; it returns the undo.
func SetSyncFileBytes(n int) func() {
	old := syncFileBytes
	syncFileBytes = n
	return func() { syncFileBytes = old }
}

// SetWallClock gives the store's hybrid logical clock another wall clock
// (a device whose clock is years wrong); nil is the real one.
func (s *Service) SetWallClock(now func() time.Time) { s.st.SetWallClock(now) }
