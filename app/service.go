// Package app is the façade over Kehu's features: it opens a data folder and
// hands out the feature services (customers and their import, sales and
// theirs, complaints, key accounts, reports, backup, sync), and holds what
// spans them (settings, repair, the demo). The window (views/) and the
// command line (app/cli) both call it and have no logic of their own.
package app

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/app/sales"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// Service is an open data folder and the use cases on it. It is safe for
// concurrent use.
type Service struct {
	c *core.Core // the open store, the clock, change notifications

	Customers  *customers.Service  // the archive, the list, follow-ups
	Accounts   *accounts.Service   // key accounts, assessments, surveys, win-back
	Backup     *backup.Service     // backups, restore, encryption
	Complaints *complaints.Service // complaints, service-time targets, attachments
	Sync       *ksync.Service      // folder and server sync, conflicts
	Sales      *sales.Service      // sales, rates, base currency, rollup queries
	Reports    *reports.Service    // sales, complaint and meeting reports, breakdowns, top customers
}

// DefaultDataDir is where Kehu keeps its data unless told otherwise:
// $KEHU_DATA, else the per-user application data folder (%APPDATA%\Kehu on
// Windows, ~/Library/Application Support/Kehu on macOS, ~/.config/Kehu on Linux).
func DefaultDataDir() (string, error) {
	if d := os.Getenv("KEHU_DATA"); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user's data folder: %w; give one with --data", err)
	}
	return filepath.Join(base, "Kehu"), nil
}

// Open opens the data folder.
func Open(dir string) (*Service, error) { return OpenWith(dir, Options{}) }

// OpenWithPassword opens a data folder that may be encrypted (see
// Encrypted): ErrPasswordNeeded or ErrWrongPassword when password does not
// open it. A plain folder ignores the password.
func OpenWithPassword(dir, password string) (*Service, error) {
	return OpenWith(dir, Options{Password: password})
}

// OpenWith opens a data folder with the password and clock of o.
func OpenWith(dir string, o Options) (*Service, error) {
	c, err := core.Open(dir, core.Options{Password: o.Password, Now: o.Now})
	if err != nil {
		return nil, err
	}
	cs, err := complaints.New(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	return newService(c, cs), nil
}

// newService is the façade over c with the feature services on it. The
// demo builds one over its staging store too, with cs nil: it writes its
// complaints to the store itself and reports on nothing.
func newService(c *core.Core, cs *complaints.Service) *Service {
	s := &Service{c: c, Customers: customers.New(c), Accounts: accounts.New(c), Backup: backup.New(c, Version), Complaints: cs,
		Sales: sales.New(c), Reports: reports.New(c, cs)}
	s.Sync = ksync.New(c, ksync.Editors{
		UpdateCustomer: func(cu *model.Customer) error { _, err := s.Customers.Update(cu); return err },
		UpdateSale:     s.Sales.Update,
	})
	return s
}

// Encrypted reports whether the data folder dir is encrypted, so a password
// must be asked before Open.
func Encrypted(dir string) bool { return data.Encrypted(dir) }

// Encrypted reports whether the open folder is encrypted.
func (s *Service) Encrypted() bool { return s.c.Encrypted() }

// Close closes the data folder. Safe to call twice.
func (s *Service) Close() error { return s.c.Close() }

// Dir is the data folder.
func (s *Service) Dir() string { return s.c.Dir() }

// Check verifies the store and returns what is wrong; empty means healthy.
func (s *Service) Check() ([]string, error) {
	st, done := s.c.Use()
	defer done()
	return st.Check()
}
