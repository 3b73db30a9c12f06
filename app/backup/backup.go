// Package backup is Kehu's backups of a data folder, restore into the open
// folder, and its encryption: turning it on or off and changing the
// password. Each of those replaces the store whole, through core.Swap, which
// waits for the operations in flight; the features that cache what they
// read drop it when the core announces core.Reopened.
package backup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"
)

// Service makes and restores the backups of one open data folder and
// encrypts it. It is safe for concurrent use.
type Service struct {
	c       *core.Core
	version string // Kehu's version, written in each backup's manifest
}

// New is the backup service of the folder c has open; version is Kehu's,
// recorded in the backups it makes. In an encrypted folder it first removes
// the plain automatic backups: Encrypt drops them after its swap, and a
// kill between the two leaves them, with the names in clear. A failure
// there is retried at the next open rather than keeping the user from
// their data.
func New(c *core.Core, version string) *Service {
	s := &Service{c: c, version: version}
	if c.Encrypted() {
		_ = s.dropPlainAutoBackups()
	}
	return s
}

// Manifest describes a backup file: when, by which version, schema,
// counts, encrypted or not.
type Manifest = data.Manifest

// Ext ends every backup file's name.
const Ext = ".kehubak"

// SettingKeep is how many automatic backups are kept (0: none are made).
const (
	SettingKeep = "backup_keep"
	DefaultKeep = 7
)

// autoPrefix starts the names of automatic backups in DATA/backups.
const autoPrefix = "auto-"

// Read checks a backup file whole and returns its manifest.
func Read(path string) (*Manifest, error) { return data.ReadManifest(path) }

// FileName is the default name of a backup made now ("kehu-20250301-1830.kehubak").
func FileName(now time.Time) string {
	return "kehu-" + now.Format("20060102-1504") + Ext
}

// Encrypted reports whether the open folder is encrypted.
func (s *Service) Encrypted() bool { return s.c.Encrypted() }

// Write writes a backup of everything to path; the file appears whole or
// not at all. A backup of an encrypted folder is encrypted with its key.
func (s *Service) Write(path string) (*Manifest, error) {
	store, done := s.c.Use()
	defer done()
	var m *Manifest
	err := core.WriteFileAtomic(path, func(w io.Writer) error {
		var err error
		m, err = store.Backup(w, s.version)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("back up to %s: %w", path, err)
	}
	return m, nil
}

// Keep is how many automatic backups are kept.
func (s *Service) Keep() (int, error) {
	store, done := s.c.Use()
	defer done()
	v, err := store.Setting(SettingKeep)
	if err != nil || v == "" {
		return DefaultKeep, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return DefaultKeep, nil
	}
	return n, nil
}

// SetKeep sets how many automatic backups are kept; 0 turns them off.
func (s *Service) SetKeep(n int) error {
	store, done := s.c.Use()
	defer done()
	if n < 0 || n > 1000 {
		return fmt.Errorf("%w: keep between 0 and 1000 backups", model.ErrInvalid)
	}
	return store.SetSetting(SettingKeep, strconv.Itoa(n))
}

// AutoFiles lists the automatic backups in the data folder, oldest first.
func (s *Service) AutoFiles() ([]string, error) {
	names, err := filepath.Glob(filepath.Join(s.c.Dir(), data.BackupsDir, autoPrefix+"*"+Ext))
	slices.Sort(names) // the names hold the time
	return names, err
}

// Auto backs up into DATA/backups when something changed since the
// last automatic backup, then removes all but the newest Keep. It
// returns the new file ("" when none was needed). The window calls it on
// close.
func (s *Service) Auto() (string, error) {
	store, done := s.c.Use()
	defer done()
	keep, err := s.Keep()
	if err != nil || keep == 0 {
		return "", err
	}
	old, err := s.AutoFiles()
	if err != nil {
		return "", err
	}
	if len(old) > 0 {
		if m, err := data.ReadManifest(old[len(old)-1]); err == nil && m.DBVersion == store.Version() &&
			m.Encrypted == store.Encrypted() {
			return "", s.rotate(keep)
		}
	}
	dir := filepath.Join(store.Dir(), data.BackupsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("automatic backup: %w", err)
	}
	// Milliseconds, so names sort by time even for backups a second apart.
	// The wall clock, not s.Now: the name stamps the file and must differ
	// from the last one, which a fixed business clock never would.
	path := filepath.Join(dir, autoPrefix+time.Now().Format("20060102-150405.000")+Ext)
	for fileExists(path) {
		time.Sleep(time.Millisecond)
		path = filepath.Join(dir, autoPrefix+time.Now().Format("20060102-150405.000")+Ext)
	}
	if _, err := s.Write(path); err != nil {
		return "", err
	}
	return path, s.rotate(keep)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// rotate removes all automatic backups but the newest keep.
func (s *Service) rotate(keep int) error {
	names, err := s.AutoFiles()
	if err != nil {
		return err
	}
	var errs []error
	for len(names) > keep {
		if err := os.Remove(names[0]); err != nil {
			errs = append(errs, err)
		}
		names = names[1:]
	}
	return errors.Join(errs...)
}

// Restore replaces the closed data folder dir by a backup (see data.Restore):
// the file is checked whole before anything is touched, a folder that holds
// data is only replaced with force, and password opens an encrypted backup.
func Restore(dir, path, password string, force bool) (*Manifest, error) {
	return data.Restore(dir, path, password, force)
}

// Restore replaces this open folder's data by a backup: the store is closed,
// replaced, and opened again. password opens an encrypted backup; the
// restored folder then has that password. On any failure the current data
// stays as it was, and open.
func (s *Service) Restore(path, password string) (*Manifest, error) {
	m, err := data.ReadManifest(path)
	if err != nil {
		return nil, err
	}
	pw := ""
	if m.Encrypted {
		pw = password
	}
	err = s.reopen(pw, func(dir string) error {
		m, err = data.Restore(dir, path, password, true)
		return err
	})
	return m, err
}

// Encrypt encrypts the plain data folder with password: its data is copied
// into a new encrypted store that takes its place. The plain automatic
// backups are removed (they hold the names in clear text) and an encrypted
// one is made.
func (s *Service) Encrypt(password string) error {
	if s.Encrypted() {
		return model.ErrEncrypted
	}
	if err := checkPassword(password); err != nil {
		return err
	}
	if err := s.reopen(password, func(dir string) error { return data.Convert(dir, "", password) }); err != nil {
		return err
	}
	if err := s.dropPlainAutoBackups(); err != nil {
		return err
	}
	_, err := s.Auto()
	return err
}

// dropPlainAutoBackups removes the automatic backups that are not
// encrypted: Kehu made them, and in an encrypted folder they would keep
// the names in clear text. Backups saved elsewhere, or under other names,
// are the user's and stay.
func (s *Service) dropPlainAutoBackups() error {
	names, err := s.AutoFiles()
	if err != nil {
		return err
	}
	var errs []error
	for _, n := range names {
		if m, err := data.ReadManifest(n); err == nil && m.Encrypted {
			continue
		}
		if err := os.Remove(n); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Decrypt turns encryption off, given the current password ("" means the
// one the folder was opened with). The encrypted automatic backups are kept
// (they open with the password they were made with).
func (s *Service) Decrypt(password string) error {
	if !s.Encrypted() {
		return model.ErrNotEncrypted
	}
	if password == "" {
		password = s.c.Password()
	}
	return s.reopen("", func(dir string) error { return data.Convert(dir, password, "") })
}

// ChangePassword changes an encrypted folder's password; old "" means the
// one it was opened with. Backups made before keep the password they were
// made with.
func (s *Service) ChangePassword(old, password string) error {
	if !s.Encrypted() {
		return model.ErrNotEncrypted
	}
	if err := checkPassword(password); err != nil {
		return err
	}
	if old == "" {
		old = s.c.Password()
	}
	return s.reopen(password, func(dir string) error { return data.Rekey(dir, old, password) })
}

// reopen closes the store, runs change on the closed folder and opens it
// again, with pw when change succeeded, else with the password it had
// (core.Swap). The features drop their caches of the old store when the
// core announces core.Reopened.
func (s *Service) reopen(pw string, change func(dir string) error) error {
	return s.c.Swap(pw, change)
}

// MinPasswordLen is the shortest password Encrypt and ChangePassword take.
const MinPasswordLen = 6

// ErrPasswordShort means a new password has fewer than MinPasswordLen characters.
var ErrPasswordShort = errors.New("the password is too short")

func checkPassword(pw string) error {
	if len([]rune(strings.TrimSpace(pw))) < MinPasswordLen {
		return ErrPasswordShort
	}
	return nil
}
