package data

import (
	"bytes"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// RollupRows walks a dimension's rollups over the months value by value, in
// value order: fn gets each value (customer id …) with its Agg in each month,
// aligned with months, for every value with a rollup in any of them. One
// iterator a month, merged, so nothing is held per value and no map is
// built: a scan of 100,000 customers × 15 months costs the reads alone. The
// slices fn gets are reused; copy them to keep them.
func (s *Store) RollupRows(months []string, dim string, fn func(value []byte, row []model.Agg) error) error {
	return s.view(func(txn *badger.Txn) error {
		if dim == model.DimCustomer {
			return eachCustomerRow(txn, months, fn)
		}
		its := make([]*badger.Iterator, len(months))
		prefixes := make([][]byte, len(months))
		for i, m := range months {
			prefixes[i] = rollupDimPrefix(m, dim)
			// Values are 16 bytes kept in the LSM tree: no prefetch goroutines.
			its[i] = txn.NewIterator(badger.IteratorOptions{Prefix: prefixes[i]})
			defer its[i].Close()
			its[i].Rewind()
		}
		row := make([]model.Agg, len(months))
		var value []byte
		for {
			var least []byte
			found := false
			for i, it := range its {
				if it.Valid() {
					v := it.Item().Key()[len(prefixes[i]):]
					if !found || bytes.Compare(v, least) < 0 {
						least, found = v, true
					}
				}
			}
			if !found {
				return nil
			}
			value = append(value[:0], least...)
			clear(row)
			for i, it := range its {
				if !it.Valid() || !bytes.Equal(it.Item().Key()[len(prefixes[i]):], value) {
					continue
				}
				if err := it.Item().Value(func(b []byte) error {
					var err error
					row[i], err = decodeAgg(b)
					return err
				}); err != nil {
					return err
				}
				it.Next()
			}
			if err := fn(value, row); err != nil {
				return err
			}
		}
	})
}
