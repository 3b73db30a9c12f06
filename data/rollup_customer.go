package data

import (
	"bytes"

	"github.com/dgraph-io/badger/v4"
)

// The customer rollup transposed: C|customer id|sep|YYYY-MM → Agg, written
// by the same rollup delta as r|month|customer|id (so it is exactly as
// right, checked and rebuilt with it). A customer's months are side by
// side: its first and last month with sales and its total are one short
// read, where the month-major rollup needs a scan of every month.

// rollupPrefixes are the key prefixes of every rollup.
var rollupPrefixes = []byte{pRollup, pCustMonth}

func custMonthKey(customerID, month string) []byte {
	k := make([]byte, 0, 2+len(customerID)+len(month))
	k = append(k, pCustMonth)
	k = append(k, customerID...)
	k = append(k, sep)
	return append(k, month...)
}

// MonthIndex numbers a month YYYY-MM as year×12 + month − 1, so the
// difference of two is their distance in months; -1 for a malformed one.
func MonthIndex(m []byte) int {
	if len(m) != 7 || m[4] != '-' {
		return -1
	}
	n := 0
	for i, b := range m {
		if i == 4 {
			continue
		}
		if b < '0' || b > '9' {
			return -1
		}
		n = n*10 + int(b-'0')
	}
	return n/100*12 + n%100 - 1
}

// EachCustomerHistory calls fn for every customer with a sale, in id order,
// with the months it has sales in (MonthIndex, oldest first) and its
// revenue and sales in each. One sequential read of the transposed rollup:
// nothing is held per customer. The slices are reused; copy them to keep them.
func (s *Store) EachCustomerHistory(fn func(id []byte, months []int, aggs []Agg) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pCustMonth}})
		defer it.Close()
		var (
			id     []byte
			months []int
			aggs   []Agg
		)
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[1:]
			i := bytes.LastIndexByte(k, sep)
			if i < 0 {
				continue // not ours: Check reports it
			}
			if !bytes.Equal(k[:i], id) {
				if len(months) > 0 {
					if err := fn(id, months, aggs); err != nil {
						return err
					}
				}
				id, months, aggs = append(id[:0], k[:i]...), months[:0], aggs[:0]
			}
			m := MonthIndex(k[i+1:])
			if m < 0 {
				continue
			}
			if err := it.Item().Value(func(b []byte) error {
				a, err := decodeAgg(b)
				aggs = append(aggs, a)
				return err
			}); err != nil {
				return err
			}
			months = append(months, m)
		}
		if len(months) > 0 {
			return fn(id, months, aggs)
		}
		return nil
	})
}
