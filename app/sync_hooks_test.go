package app

// SetSyncFileBytes lets tests cap sync files low; it returns the undo.
func SetSyncFileBytes(n int) func() {
	old := syncFileBytes
	syncFileBytes = n
	return func() { syncFileBytes = old }
}
