package data

import "github.com/dgraph-io/badger/v4"

// EachCustomerMonth calls fn with every per-customer rollup of the months,
// newest month first, in one read transaction: the win-back list (客户再生)
// finds each customer's last month and total from the rollups without
// reading a sale or building a map a month. customerID is only valid during
// the call (no string is made per rollup: there is one per customer-month).
func (s *Store) EachCustomerMonth(months []string, fn func(month string, customerID []byte, a Agg)) error {
	return s.view(func(txn *badger.Txn) error {
		for i := len(months) - 1; i >= 0; i-- {
			prefix := rollupDimPrefix(months[i], DimCustomer)
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256, Prefix: prefix})
			for it.Rewind(); it.Valid(); it.Next() {
				item := it.Item()
				id := item.Key()[len(prefix):]
				err := item.Value(func(b []byte) error {
					a, err := decodeAgg(b)
					if err == nil {
						fn(months[i], id, a)
					}
					return err
				})
				if err != nil {
					it.Close()
					return err
				}
			}
			it.Close()
		}
		return nil
	})
}
