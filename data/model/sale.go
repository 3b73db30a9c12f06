package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sale is one sales record (销售记录). Amount is exact: minor units (fen,
// cents) of Currency; every currency is taken to have two decimals. Quantity
// is in whole units.
//
// Tier and Region are the customer's tier and province when the sale was last
// written, set by the store: the rollups count the sale under them, so a
// customer's later change of tier or province does not move past revenue
// (RetagSales moves it on request). Check recomputes the rollups from these
// fields, so the rollups always agree with the records.
type Sale struct {
	ID         string    `json:"id"`
	Date       string    `json:"date"` // YYYY-MM-DD
	CustomerID string    `json:"customer_id"`
	Product    string    `json:"product,omitempty"`
	Quantity   int64     `json:"quantity,omitempty"`
	Amount     int64     `json:"amount"`
	Currency   string    `json:"currency"`
	Note       string    `json:"note,omitempty"`
	Batch      string    `json:"batch,omitempty"` // the import that wrote it
	Tier       string    `json:"tier,omitempty"`
	Region     string    `json:"region,omitempty"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
}

// Errors of sales.
var (
	ErrNoCustomer = errors.New("the sale's customer does not exist")
)

// ValidDate reports whether d is a real date written YYYY-MM-DD.
func ValidDate(d string) bool {
	if len(d) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, d)
	return err == nil
}

// month is the sale's YYYY-MM.
func (s *Sale) Month() string { return s.Date[:7] }

// clean checks and tidies a sale before it is written.
func (s *Sale) Clean() error {
	s.Date = strings.TrimSpace(s.Date)
	if !ValidDate(s.Date) {
		return fmt.Errorf("sale date %q: %w", s.Date, ErrBadDate)
	}
	if s.CustomerID == "" {
		return ErrNoCustomer
	}
	s.Product = strings.Map(func(r rune) rune {
		if r < ' ' {
			return -1
		}
		return r
	}, strings.TrimSpace(s.Product))
	c, err := NormalizeCurrency(s.Currency)
	if err != nil {
		return err
	}
	s.Currency = c
	return nil
}

// marshal encodes a stored sale. It is encoding/json: a big import packs
// its sales (sale_pack.go) and never gets here, so the hand-written encoder
// that was here saved no time on the million-sale import.
func (s *Sale) Marshal() ([]byte, error) { return json.Marshal(s) }
