package data

import "github.com/dgraph-io/badger/v4"

// CountFollowUpsUntil counts the follow-ups due on or before date
// (YYYY-MM-DD) from the index keys alone (the dashboard's tile).
func (s *Store) CountFollowUpsUntil(date string) (int, error) {
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pIdxFollowUp}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) < 11 || string(k[1:11]) > date {
				break
			}
			n++
		}
		return nil
	})
	return n, err
}
