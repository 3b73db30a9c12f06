package data

import (
	"bytes"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Filters that combine customer, tier, region and product cannot be summed
// from the one-dimension rollups: a sale counts under its customer's tier and
// region when it was written, so tier and region together is not a sum of
// either. What answers them, cheapest first:
//   - a customer with anything else: that customer's sales, read through the
//     by-customer index (h|) — bounded by one customer's sales, and no rollup
//     per sale × product to keep up to date;
//   - tier, region and product in any combination: the segment rollup, month
//     × tier × region × product — a month has a few hundred of these keys at
//     most (tiers × regions × products);
//   - ranking customers within tier and region (the meeting report's top 10):
//     the tier-customer histories (T|tier\0region\0customer → its months),
//     one key per customer as the customer's own history. Within a product
//     it falls back to reading the sales of the range.
const (
	dimSegment = "seg"

	// rollupsLayout is the value of the setting settingRollupsLayout (keys.go).
	// 3: the customer rollup transposed (pCustMonth) beside r|month|customer;
	// 4: only transposed; 5: the tier-customer rollup transposed (pTierCustMonth).
	rollupsLayout = "5"
)

// NUL separates the parts of a combined rollup's value: products lose their
// control characters when written, and ids, tiers and provinces have none.
func segmentValue(tier, region, product string) string {
	return tier + "\x00" + region + "\x00" + product
}

// RollupFilter selects sales by any combination of customer, tier (when
// written), region (province when written) and product; "" is any.
type RollupFilter struct {
	CustomerID, Tier, Region, Product string
}

// single is the one-dimension rollup a filter of at most one field reads.
func (f RollupFilter) single() (dim, value string, ok bool) {
	dim, n := model.DimAll, 0
	for _, c := range []struct{ dim, v string }{
		{model.DimCustomer, f.CustomerID}, {model.DimTier, f.Tier}, {model.DimRegion, f.Region}, {model.DimProduct, f.Product},
	} {
		if c.v != "" {
			dim, value = c.dim, c.v
			n++
		}
	}
	return dim, value, n <= 1
}

// fields are a sale's customer, tier, region and product, in that order.
type fields [4][]byte

func (f RollupFilter) match(p fields) bool {
	for i, want := range []string{f.CustomerID, f.Tier, f.Region, f.Product} {
		if want != "" && string(p[i]) != want {
			return false
		}
	}
	return true
}

// split3 splits a combined rollup's value a\0b\0c without copying.
func split3(v []byte) (a, b, c []byte, ok bool) {
	i := bytes.IndexByte(v, 0)
	if i < 0 {
		return nil, nil, nil, false
	}
	j := bytes.IndexByte(v[i+1:], 0)
	if j < 0 {
		return nil, nil, nil, false
	}
	return v[:i], v[i+1 : i+1+j], v[i+2+j:], true
}

// eachRollup calls fn with every rollup of a month under dim whose value
// starts with prefix and whose fields f selects. Keys only: most of a scan
// does not match, and a match's 16-byte value sits beside its key.
func eachRollup(txn *badger.Txn, month, dim, prefix string, f RollupFilter, fn func(p fields, a model.Agg)) error {
	base := len(rollupDimPrefix(month, dim))
	it := txn.NewIterator(badger.IteratorOptions{Prefix: rollupKey(month, dim, prefix)})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		a, b, c, ok := split3(it.Item().Key()[base:])
		if !ok {
			continue
		}
		p := fields{nil, a, b, c} // segment: tier, region, product
		if !f.match(p) {
			continue
		}
		var agg model.Agg
		if err := it.Item().Value(func(v []byte) error {
			var err error
			agg, err = decodeAgg(v)
			return err
		}); err != nil {
			return err
		}
		fn(p, agg)
	}
	return nil
}

// eachTierCustomer calls fn with every customer's sales over the months
// under each tier and region f selects (the tier-customer histories).
func eachTierCustomer(txn *badger.Txn, months []string, f RollupFilter, fn func(p fields, a model.Agg)) error {
	slot := monthSlots(months)
	row := make([]model.Agg, len(months))
	it := txn.NewIterator(badger.IteratorOptions{Prefix: append([]byte{pTierCustMonth}, f.prefix()...)})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		a, b, c, ok := split3(it.Item().Key()[1:])
		if !ok {
			continue
		}
		p := fields{c, a, b, nil}
		if !f.match(p) {
			continue
		}
		any, err := itemRow(it.Item(), slot, row)
		if err != nil {
			return err
		}
		if any {
			var t model.Agg
			for _, x := range row {
				t.Amount = model.AddAmount(t.Amount, x.Amount)
				t.Orders += x.Orders
			}
			fn(p, t)
		}
	}
	return nil
}

// prefix is the value prefix of dim (segment or tier-customer, both led by
// tier and region) that f narrows the scan to.
func (f RollupFilter) prefix() string {
	switch {
	case f.Tier != "" && f.Region != "":
		return f.Tier + "\x00" + f.Region + "\x00"
	case f.Tier != "":
		return f.Tier + "\x00"
	}
	return ""
}

// eachSale calls fn with the base-currency amount of every sale dated in one
// of months that f selects: the customer's sales through the by-customer
// index when f names one, else every sale (the slow fallback).
func eachSale(txn *badger.Txn, months []string, f RollupFilter, fn func(month int, p fields, amount int64)) error {
	rates, err := loadRates(txn)
	if err != nil {
		return err
	}
	at := make(map[string]int, len(months))
	for i, m := range months {
		at[m] = i
	}
	visit := func(sale *model.Sale) error {
		i, ok := at[sale.Month()]
		p := fields{[]byte(sale.CustomerID), []byte(sale.Tier), []byte(sale.Region), []byte(sale.Product)}
		if !ok || !f.match(p) {
			return nil
		}
		base, err := rates.toBase(sale.Amount, sale.Currency, sale.Date)
		if err != nil {
			return fmt.Errorf("sale %s: %w", sale.ID, err)
		}
		fn(i, p, base)
		return nil
	}
	if f.CustomerID != "" {
		list, err := customerSales(txn, f.CustomerID)
		if err != nil {
			return err
		}
		for _, sale := range list {
			if err := visit(sale); err != nil {
				return err
			}
		}
		return nil
	}
	return eachStoredSale(txn, visit)
}

// FilteredSeries is RollupSeries for any combination of filters: one key a
// month for at most one filter, else the segment rollups' few keys a month,
// or with a customer that customer's sales.
func (s *Store) FilteredSeries(months []string, f RollupFilter) ([]model.Agg, error) {
	if dim, value, ok := f.single(); ok {
		return s.RollupSeries(months, dim, value)
	}
	out := make([]model.Agg, len(months))
	err := s.view(func(txn *badger.Txn) error {
		if f.CustomerID != "" {
			return eachSale(txn, months, f, func(i int, _ fields, amount int64) {
				out[i].Amount = model.AddAmount(out[i].Amount, amount)
				out[i].Orders++
			})
		}
		for i, m := range months {
			if err := eachRollup(txn, m, dimSegment, f.prefix(), f, func(_ fields, a model.Agg) {
				out[i].Amount = model.AddAmount(out[i].Amount, a.Amount)
				out[i].Orders += a.Orders
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// FilteredBreakdown is RollupBreakdown of the sales f selects: revenue by
// customer, tier, region or product over the months.
func (s *Store) FilteredBreakdown(months []string, dim string, f RollupFilter) (map[string]model.Agg, error) {
	if f == (RollupFilter{}) {
		return s.RollupBreakdown(months, dim)
	}
	idx := map[string]int{model.DimCustomer: 0, model.DimTier: 1, model.DimRegion: 2, model.DimProduct: 3}
	out := map[string]model.Agg{}
	add := func(p fields, a model.Agg) {
		var v []byte
		if i, ok := idx[dim]; ok {
			v = p[i]
		}
		t := out[string(v)]
		t.Amount = model.AddAmount(t.Amount, a.Amount)
		t.Orders += a.Orders
		out[string(v)] = t
	}
	err := s.view(func(txn *badger.Txn) error {
		switch {
		case f.CustomerID != "" || dim == model.DimCustomer && f.Product != "":
			return eachSale(txn, months, f, func(_ int, p fields, amount int64) { add(p, model.Agg{Amount: amount, Orders: 1}) })
		case dim == model.DimCustomer:
			return eachTierCustomer(txn, months, f, add)
		default:
			for _, m := range months {
				if err := eachRollup(txn, m, dimSegment, f.prefix(), f, add); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}
