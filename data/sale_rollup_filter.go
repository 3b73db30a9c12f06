package data

import (
	"bytes"

	"github.com/dgraph-io/badger/v4"
)

// Two more rollups a month answer filters that combine customer, tier,
// region and product, which the one-dimension rollups cannot: a sale counts
// under its customer's tier and region when it was written, so a tier and a
// region together is not a sum of either. Both are finest-grained and
// summed over by a prefix scan:
//   - detail: customer, tier, region, product — a customer with anything
//     else reads only that customer's few keys a month;
//   - segment: tier, region, product — tier, region and product in any
//     combination without a customer read a month's few hundred keys at
//     most (tiers × regions × products), never the sales.
const (
	dimDetail  = "cx"
	dimSegment = "seg"

	// settingRollupsLayout records which rollups a store keeps, so a store
	// from before the combined ones gets them on the next EnsureRollups.
	settingRollupsLayout = "rollups_layout"
	rollupsLayout        = "2"
)

// NUL separates the parts of a combined rollup's value: products lose their
// control characters when written, and ids, tiers and provinces have none.
func detailValue(customer, tier, region, product string) string {
	return customer + "\x00" + tier + "\x00" + region + "\x00" + product
}

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
	dim, n := DimAll, 0
	for _, c := range []struct{ dim, v string }{
		{DimCustomer, f.CustomerID}, {DimTier, f.Tier}, {DimRegion, f.Region}, {DimProduct, f.Product},
	} {
		if c.v != "" {
			dim, value = c.dim, c.v
			n++
		}
	}
	return dim, value, n <= 1
}

// scan is the combined rollup and value prefix to read for f, with the
// fields of a value in the order customer, tier, region, product.
func (f RollupFilter) scan() (dim, prefix string) {
	if f.CustomerID != "" {
		return dimDetail, f.CustomerID + "\x00"
	}
	switch {
	case f.Tier != "" && f.Region != "":
		return dimSegment, f.Tier + "\x00" + f.Region + "\x00"
	case f.Tier != "":
		return dimSegment, f.Tier + "\x00"
	}
	return dimSegment, ""
}

// parts splits a combined rollup's value into customer, tier, region,
// product without copying (the key's bytes, valid during the iteration).
func parts(dim string, v []byte) (p [4][]byte, ok bool) {
	i := 0
	if dim == dimSegment {
		i = 1
	}
	for ; i < 3; i++ {
		j := bytes.IndexByte(v, 0)
		if j < 0 {
			return p, false
		}
		p[i], v = v[:j], v[j+1:]
	}
	if bytes.IndexByte(v, 0) >= 0 {
		return p, false
	}
	p[3] = v
	return p, true
}

func (f RollupFilter) match(p [4][]byte) bool {
	for i, want := range []string{f.CustomerID, f.Tier, f.Region, f.Product} {
		if want != "" && string(p[i]) != want {
			return false
		}
	}
	return true
}

// eachCombined calls fn with every combined rollup of a month that f
// selects (detail when by customer or filtered by one, else segment).
func eachCombined(txn *badger.Txn, month string, f RollupFilter, byCustomer bool, fn func(p [4][]byte, a Agg)) error {
	dim, prefix := f.scan()
	if byCustomer && dim != dimDetail {
		dim, prefix = dimDetail, ""
	}
	start := rollupKey(month, dim, prefix)
	base := len(rollupDimPrefix(month, dim))
	// Keys only: most of a scan does not match, and a match's 16-byte
	// value sits beside its key in the tree.
	it := txn.NewIterator(badger.IteratorOptions{Prefix: start})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		p, ok := parts(dim, it.Item().Key()[base:])
		if !ok || !f.match(p) {
			continue
		}
		var a Agg
		if err := it.Item().Value(func(b []byte) error {
			var err error
			a, err = decodeAgg(b)
			return err
		}); err != nil {
			return err
		}
		fn(p, a)
	}
	return nil
}

// FilteredSeries is RollupSeries for any combination of filters: one key a
// month for at most one filter, a bounded prefix scan a month otherwise.
func (s *Store) FilteredSeries(months []string, f RollupFilter) ([]Agg, error) {
	if dim, value, ok := f.single(); ok {
		return s.RollupSeries(months, dim, value)
	}
	out := make([]Agg, len(months))
	err := s.db.View(func(txn *badger.Txn) error {
		for i, m := range months {
			if err := eachCombined(txn, m, f, false, func(_ [4][]byte, a Agg) {
				out[i].Amount += a.Amount
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
func (s *Store) FilteredBreakdown(months []string, dim string, f RollupFilter) (map[string]Agg, error) {
	if f == (RollupFilter{}) {
		return s.RollupBreakdown(months, dim)
	}
	idx := map[string]int{DimCustomer: 0, DimTier: 1, DimRegion: 2, DimProduct: 3}[dim]
	if dim == DimAll {
		idx = -1
	}
	out := map[string]Agg{}
	err := s.db.View(func(txn *badger.Txn) error {
		for _, m := range months {
			if err := eachCombined(txn, m, f, dim == DimCustomer, func(p [4][]byte, a Agg) {
				var v []byte
				if idx >= 0 {
					v = p[idx]
				}
				t := out[string(v)]
				t.Amount += a.Amount
				t.Orders += a.Orders
				out[string(v)] = t
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
