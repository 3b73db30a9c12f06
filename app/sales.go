package app

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"
)

// Errors of sales.
var (
	ErrInvalidSale = errors.New("invalid sale")
)

// AddSale validates and stores a new sale; its rollups change in the same
// transaction. The currency defaults to the base currency.
func (s *Service) AddSale(sale *model.Sale) error {
	sale.ID = ""
	return s.saveSale(sale)
}

// UpdateSale stores changes to an existing sale.
func (s *Service) UpdateSale(sale *model.Sale) error {
	store, done := s.c.Use()
	defer done()
	if sale.ID == "" {
		return fmt.Errorf("update sale: no id")
	}
	if _, err := store.Sale(sale.ID); err != nil {
		return err
	}
	return s.saveSale(sale)
}

func (s *Service) saveSale(sale *model.Sale) error {
	store, done := s.c.Use()
	defer done()
	d, err := ParseDate(sale.Date)
	if err != nil {
		return fmt.Errorf("%w: date %v", ErrInvalidSale, err)
	}
	sale.Date = d
	if err := model.CheckSale(sale); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidSale, err)
	}
	if _, err := store.Customer(sale.CustomerID); err != nil {
		return fmt.Errorf("%w: customer %q: %v", ErrInvalidSale, sale.CustomerID, err)
	}
	return store.PutSale(sale)
}

// DeleteSale removes a sale and returns it (for undo: AddSale with the same
// fields, or RestoreSale).
func (s *Service) DeleteSale(id string) (*model.Sale, error) {
	st, done := s.c.Use()
	defer done()
	return st.DeleteSale(id)
}

// RestoreSale writes back a deleted sale with its id.
func (s *Service) RestoreSale(sale *model.Sale) error {
	st, done := s.c.Use()
	defer done()
	return st.PutSale(sale)
}

// GetSale returns one sale.
func (s *Service) GetSale(id string) (*model.Sale, error) {
	st, done := s.c.Use()
	defer done()
	return st.Sale(id)
}

// CustomerSales returns a customer's sales between two dates (YYYY-MM-DD,
// "" for open), oldest first.
func (s *Service) CustomerSales(customerID, from, to string) ([]*model.Sale, error) {
	store, done := s.c.Use()
	defer done()
	return store.CustomerSales(customerID, from, to)
}

// SaleFilter selects sales for the Sales screen and export.
type SaleFilter struct {
	CustomerID string
	From, To   string // YYYY-MM-DD, "" open
	Product    string
	Limit      int // 0: all
}

// Sales lists sales matching f, newest date first. Without a customer it
// reads every sale (a listing, not a report: reports read rollups).
func (s *Service) Sales(f SaleFilter) ([]*model.Sale, error) {
	store, done := s.c.Use()
	defer done()
	var list []*model.Sale
	keep := func(x *model.Sale) bool {
		return (f.From == "" || x.Date >= f.From) && (f.To == "" || x.Date <= f.To) &&
			(f.Product == "" || x.Product == f.Product)
	}
	if f.CustomerID != "" {
		all, err := store.CustomerSales(f.CustomerID, f.From, f.To)
		if err != nil {
			return nil, err
		}
		for _, x := range all {
			if keep(x) {
				list = append(list, x)
			}
		}
	} else if err := store.EachSale(func(x *model.Sale) error {
		if keep(x) {
			list = append(list, x)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b *model.Sale) int {
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(b.ID, a.ID))
	})
	if f.Limit > 0 && len(list) > f.Limit {
		list = list[:f.Limit]
	}
	return list, nil
}

// EachSale calls fn for every sale in creation order (export).
func (s *Service) EachSale(fn func(*model.Sale) error) error {
	st, done := s.c.Use()
	defer done()
	return st.EachSale(fn)
}

// CountSales is the number of sales.
func (s *Service) CountSales() (int, error) {
	st, done := s.c.Use()
	defer done()
	return st.CountSales()
}

// RetagCustomerSales moves a customer's past sales to its current tier and
// province in the rollups (after a change the user wants applied to the past).
func (s *Service) RetagCustomerSales(customerID string) (int, error) {
	store, done := s.c.Use()
	defer done()
	return store.RetagSales(customerID)
}

// Repair rebuilds the indexes and the sales rollups from the records.
type Repair struct {
	IndexRemoved, IndexWritten int
	Rollups                    model.RollupRepair
	Batches                    int // imports left pending rolled back, undos left undoing finished
	Markers                    int // undo records of batches that do not exist, removed
	Relogged                   int // records logged again with a clock brought back from far ahead
}

// Repair rebuilds every index and the sales rollups (`kehu check --repair`).
func (s *Service) Repair() (Repair, error) {
	store, done := s.c.Use()
	defer done()
	var r Repair
	var err error
	if r.IndexRemoved, r.IndexWritten, err = store.RepairIndexes(); err != nil {
		return r, err
	}
	if r.Rollups, err = store.RebuildRollups(); err != nil {
		return r, err
	}
	if r.Batches, r.Markers, err = store.RepairMarkers(); err != nil {
		return r, err
	}
	if r.Relogged, err = store.RepairClock(); err == nil && r.Relogged > 0 {
		err = s.dropFarSyncFiles() // sync_clock.go
	}
	s.mu.Lock()
	s.list = nil
	s.mu.Unlock()
	return r, err
}

// BaseCurrency is the currency reports are in (Settings; default CNY).
func (s *Service) BaseCurrency() (string, error) {
	st, done := s.c.Use()
	defer done()
	return st.BaseCurrency()
}

// SetBaseCurrency changes the base currency; refused once sales exist.
func (s *Service) SetBaseCurrency(code string) error {
	st, done := s.c.Use()
	defer done()
	return st.SetBaseCurrency(code)
}

// Setting returns a setting ("company_name" …); "" when unset.
func (s *Service) Setting(name string) (string, error) {
	st, done := s.c.Use()
	defer done()
	return st.Setting(name)
}

// SetSetting stores a setting.
func (s *Service) SetSetting(name, value string) error {
	store, done := s.c.Use()
	defer done()
	return store.SetSetting(name, strings.TrimSpace(value))
}

// Rates lists the exchange-rate table.
func (s *Service) Rates() ([]model.Rate, error) {
	st, done := s.c.Use()
	defer done()
	return st.Rates()
}

// SetRate sets the rate of a currency from a date on ("7.2345" base units per
// unit); "" removes it. The rollups are rebuilt with it.
func (s *Service) SetRate(currency, date, value string) error {
	store, done := s.c.Use()
	defer done()
	d, err := ParseDate(date)
	if err != nil {
		return err
	}
	return store.SetRate(currency, d, value)
}
