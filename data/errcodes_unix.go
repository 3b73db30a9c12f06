//go:build !windows

package data

import "syscall"

// osCodes are the Unix error codes (errno) that say what is wrong with the
// data folder: flock's EWOULDBLOCK when another Kehu holds it, EACCES/EPERM
// and EROFS when it cannot be written, ENOENT when it is gone, ENOSPC when
// its disk is full.
var osCodes = []struct {
	kind  errKind
	codes []error
}{
	{kindLocked, []error{syscall.EWOULDBLOCK, syscall.EAGAIN}},
	{kindReadOnly, []error{syscall.EROFS, syscall.EACCES, syscall.EPERM}},
	{kindMissing, []error{syscall.ENOENT, syscall.ENODEV, syscall.ENXIO}},
	{kindFull, []error{syscall.ENOSPC, syscall.EDQUOT}},
}
