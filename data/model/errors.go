package model

import (
	"errors"
	"fmt"
	"time"
)

var (
	// ErrNotFound means no record has the id asked for.
	ErrNotFound = errors.New("not found")
	// ErrNewerSchema means the folder was written by a newer Kehu.
	ErrNewerSchema = errors.New("data folder was written by a newer version of Kehu")
	// ErrInvalid means a value given to a use case is out of its bounds
	// (a customer's fields, a setting); its text is kept from when it
	// only named customers, which the command line shows.
	ErrInvalid = errors.New("invalid customer")
)

// LockedError means another process has the data folder open.
type LockedError struct {
	Dir string
	Err error // the OS error, for errors.Is
}

func (e *LockedError) Unwrap() error { return e.Err }

func (e *LockedError) Error() string {
	return "Kehu is already open on this data folder: " + e.Dir
}

// ReadOnlyError means the data folder cannot be written: a read-only disk,
// a folder without write permission, a locked-down network share.
type ReadOnlyError struct {
	Dir string
	Err error // the OS error, for errors.Is
}

func (e *ReadOnlyError) Error() string { return "the data folder " + e.Dir + " cannot be written to" }

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// DiskFullError means the disk holding the data folder has less free space
// than a write may need. The write is refused before it starts: Badger
// writes through memory-mapped files, and a mapped write that finds the
// disk full kills the process (SIGBUS) in the middle of a transaction.
type DiskFullError struct {
	Dir  string
	Free uint64 // bytes
	Err  error  // the OS error if one said so, for errors.Is
}

func (e *DiskFullError) Unwrap() error { return e.Err }

func (e *DiskFullError) Error() string {
	return fmt.Sprintf("the disk of %s is full: %d MB free, %d MB needed", e.Dir, e.Free>>20, MinFree>>20)
}

// MinFree is the free space a write needs: a 10 MB note lands in the value
// log, and a memtable flush writes a table of up to 16 MB, with room to spare.
var MinFree uint64 = 64 << 20

// ForeignError means the folder holds files of something else and no Kehu
// data: Kehu will not write its files among them.
type ForeignError struct{ Dir, File string }

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s is not a Kehu data folder: it holds other files (%s)", e.Dir, e.File)
}

// DamagedError means a file of the store is cut short or overwritten.
type DamagedError struct{ Dir, File, Why string }

func (e *DamagedError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("the data folder %s is damaged: %s", e.Dir, e.Why)
	}
	return fmt.Sprintf("the data folder %s is damaged: %s: %s", e.Dir, e.File, e.Why)
}

// MissingError means the data folder is not there: the drive of an
// unplugged USB stick or a disconnected network drive, or a folder removed
// while Kehu ran.
type MissingError struct {
	Dir string
	Err error // the OS error, for errors.Is
}

func (e *MissingError) Error() string {
	return "the data folder " + e.Dir + " is not there (its drive or folder is missing)"
}

func (e *MissingError) Unwrap() error { return e.Err }

// Errors of reading a backup file.
var (
	ErrNotBackup     = errors.New("not a Kehu backup file")
	ErrBackupCorrupt = errors.New("the backup file is damaged or incomplete")
	ErrBackupNewer   = errors.New("the backup was made by a newer version of Kehu")
)

// ErrNotEmpty means a restore would replace a data folder that holds a store
// and was not told to (--force, or the window's confirmation).
var ErrNotEmpty = errors.New("the data folder already holds data")

// ErrNotKehuFolder means a restore was asked into a folder that holds other
// files and no Kehu store, without --force. With it the store's files are
// put among them and none of them is touched.
var ErrNotKehuFolder = errors.New("the folder is not a Kehu data folder")

// Errors of encrypted folders.
var (
	// ErrPasswordNeeded means the folder is encrypted and no password was given.
	ErrPasswordNeeded = errors.New("the data folder is encrypted: a password is needed")
	// ErrWrongPassword means the password does not open the folder (or backup).
	ErrWrongPassword = errors.New("wrong password")
	// ErrEncrypted means the folder is already encrypted.
	ErrEncrypted = errors.New("the data folder is already encrypted")
	// ErrNotEncrypted means the folder is not encrypted.
	ErrNotEncrypted = errors.New("the data folder is not encrypted")
)

// keyFileName holds what opens an encrypted folder, in clear text: the KDF's
// salt and cost and a verifier, never the key. A pending password change
// writes keyFileName+".new" first (see Rekey).
const KeyFileName = "kehu.key.json"

// ErrKDFBounds means a key description asks for an argon2id cost outside
// the bounds above.
var ErrKDFBounds = errors.New("the key description asks for a key derivation cost outside Kehu's bounds")

// ErrKeyFileMissing means Badger's files are encrypted but kehu.key.json is gone.
var ErrKeyFileMissing = errors.New("the data folder is encrypted but its key file " + KeyFileName + " is missing")

// ErrAttachmentDamaged means an attachment's file does not open with its
// folder's key: altered, cut short, or not the file of that name.
var ErrAttachmentDamaged = errors.New("the attachment's file is damaged")

// ClockAheadError holds a batch with a change stamped more than
// MaxClockSkew ahead of this computer's clock: it came from a computer whose
// clock is wrong (or from someone forging stamps).
type ClockAheadError struct {
	Stamp string    // the change's stamp
	At    time.Time // the time it claims
}

func (e *ClockAheadError) Error() string {
	return fmt.Sprintf("change %s is dated %s, more than %s ahead of this computer's clock", e.Stamp, e.At.Format(time.RFC3339), MaxClockSkew)
}

// MaxClockSkew is how far ahead of this computer's clock another device's
// change may be stamped and still be applied. A day covers time zones set
// wrong and laptops left off for months; a clock wrong by more is a wrong
// clock, and its changes wait until it is fixed (or this clock catches up).
const MaxClockSkew = 24 * time.Hour
