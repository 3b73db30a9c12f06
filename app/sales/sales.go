// Package sales is Kehu's sales: recording, listing and filtering sales,
// the base currency and exchange rates, the monthly rollups the analyses
// read, sale dates as spreadsheets write them, and the sales import.
package sales

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data/model"
)

// ErrInvalid means a sale was refused: a bad date, amount or customer.
var ErrInvalid = errors.New("invalid sale")

// Service is the sales of an open data folder. It is safe for concurrent
// use.
type Service struct {
	c *core.Core
}

// New is the sales of the folder c holds open.
func New(c *core.Core) *Service { return &Service{c: c} }

// Add validates and stores a new sale; its rollups change in the same
// transaction. The currency defaults to the base currency.
func (s *Service) Add(sale *model.Sale) error {
	sale.ID = ""
	return s.save(sale)
}

// Update stores changes to an existing sale.
func (s *Service) Update(sale *model.Sale) error {
	store, done := s.c.Use()
	defer done()
	if sale.ID == "" {
		return fmt.Errorf("update sale: no id")
	}
	if _, err := store.Sale(sale.ID); err != nil {
		return err
	}
	return s.save(sale)
}

func (s *Service) save(sale *model.Sale) error {
	store, done := s.c.Use()
	defer done()
	d, err := model.ParseFileDate(sale.Date)
	if err != nil {
		return fmt.Errorf("%w: date %v", ErrInvalid, err)
	}
	sale.Date = d
	if err := model.CheckSale(sale); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if _, err := store.Customer(sale.CustomerID); err != nil {
		return fmt.Errorf("%w: customer %q: %v", ErrInvalid, sale.CustomerID, err)
	}
	return store.PutSale(sale)
}

// Delete removes a sale and returns it (for undo: Add with the same
// fields, or Restore).
func (s *Service) Delete(id string) (*model.Sale, error) {
	st, done := s.c.Use()
	defer done()
	return st.DeleteSale(id)
}

// Restore writes back a deleted sale with its id.
func (s *Service) Restore(sale *model.Sale) error {
	st, done := s.c.Use()
	defer done()
	return st.PutSale(sale)
}

// Get returns one sale.
func (s *Service) Get(id string) (*model.Sale, error) {
	st, done := s.c.Use()
	defer done()
	return st.Sale(id)
}

// OfCustomer returns a customer's sales between two dates (YYYY-MM-DD,
// "" for open), oldest first.
func (s *Service) OfCustomer(customerID, from, to string) ([]*model.Sale, error) {
	store, done := s.c.Use()
	defer done()
	return store.CustomerSales(customerID, from, to)
}

// Filter selects sales for the Sales screen and export.
type Filter struct {
	CustomerID string
	From, To   string // YYYY-MM-DD, "" open
	Product    string
	Limit      int // 0: all
}

// List lists sales matching f, newest date first. Without a customer it
// reads every sale (a listing, not a report: reports read rollups).
func (s *Service) List(f Filter) ([]*model.Sale, error) {
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

// Each calls fn for every sale in creation order (export).
func (s *Service) Each(fn func(*model.Sale) error) error {
	st, done := s.c.Use()
	defer done()
	return st.EachSale(fn)
}

// Count is the number of sales.
func (s *Service) Count() (int, error) {
	st, done := s.c.Use()
	defer done()
	return st.CountSales()
}

// RetagCustomer moves a customer's past sales to its current tier and
// province in the rollups (after a change the user wants applied to the past).
func (s *Service) RetagCustomer(customerID string) (int, error) {
	store, done := s.c.Use()
	defer done()
	return store.RetagSales(customerID)
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
	d, err := model.ParseFileDate(date)
	if err != nil {
		return err
	}
	return store.SetRate(currency, d, value)
}
