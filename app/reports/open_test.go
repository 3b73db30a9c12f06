package reports

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/sales"
	"github.com/kehu-crm/kehu/data"
)

// folder is a new data folder with the feature services the reports read,
// wired as app.OpenWith wires them.
type folder struct {
	c          *core.Core
	Customers  *customers.Service
	Sales      *sales.Service
	Complaints *complaints.Service
	Reports    *Service
}

func openTest(t testing.TB) *folder {
	t.Helper()
	c, err := core.Open(t.TempDir(), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	cs, err := complaints.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return &folder{c: c, Customers: customers.New(c), Sales: sales.New(c), Complaints: cs, Reports: New(c, cs)}
}

// testStore is the open store, for writing in bulk and reading back.
func (f *folder) testStore() *data.Store {
	st, done := f.c.Use()
	done()
	return st
}

// Check verifies the store, as the façade's Check does.
func (f *folder) Check() ([]string, error) { return f.testStore().Check() }

// SetClock sets the business clock.
func (f *folder) SetClock(now func() time.Time) { f.c.SetClock(now) }
