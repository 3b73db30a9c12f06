package data

import "github.com/dgraph-io/badger/v4"

// RollupMatrix reads a dimension's rollups month by month: for each value
// (customer id …) its Agg in each month, aligned with months. One prefix scan
// a month; values without sales in any of the months are absent.
func (s *Store) RollupMatrix(months []string, dim string) (map[string][]Agg, error) {
	out := map[string][]Agg{}
	err := s.db.View(func(txn *badger.Txn) error {
		for i, m := range months {
			prefix := rollupDimPrefix(m, dim)
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256, Prefix: prefix})
			for it.Rewind(); it.Valid(); it.Next() {
				item := it.Item()
				k := item.Key()
				row, ok := out[string(k[len(prefix):])]
				if !ok {
					row = make([]Agg, len(months))
					out[string(k[len(prefix):])] = row
				}
				if err := item.Value(func(b []byte) error {
					var err error
					row[i], err = decodeAgg(b)
					return err
				}); err != nil {
					it.Close()
					return err
				}
			}
			it.Close()
		}
		return nil
	})
	return out, err
}
