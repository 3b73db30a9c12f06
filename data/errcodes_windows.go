//go:build windows

package data

import "golang.org/x/sys/windows"

// osCodes are the Windows error codes that say what is wrong with the data
// folder: another Kehu holds its lock (LockFileEx) or has a file open
// without sharing; it cannot be written (no permission, a write-protected
// USB stick or SD card); its drive is not there (an unplugged USB stick,
// a card reader without a card, a disconnected network drive); its disk
// is full.
var osCodes = []struct {
	kind  errKind
	codes []error
}{
	{kindLocked, []error{windows.ERROR_SHARING_VIOLATION, windows.ERROR_LOCK_VIOLATION}},
	{kindReadOnly, []error{windows.ERROR_ACCESS_DENIED, windows.ERROR_WRITE_PROTECT}},
	{kindMissing, []error{windows.ERROR_PATH_NOT_FOUND, windows.ERROR_FILE_NOT_FOUND, windows.ERROR_NOT_READY,
		windows.ERROR_INVALID_DRIVE, windows.ERROR_BAD_NETPATH, windows.ERROR_BAD_NET_NAME, windows.ERROR_DEV_NOT_EXIST}},
	{kindFull, []error{windows.ERROR_DISK_FULL, windows.ERROR_HANDLE_DISK_FULL}},
}
