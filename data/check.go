package data

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

var indexPrefixes = []byte{pIdxName, pIdxPhone, pIdxTier, pIdxOwner, pIdxUpdated, pIdxFollowUp, pIdxTaxID, pIdxComplaintCustomer, pSaleByCustomer, pPackByCustomer, pIdxDue}

// Check compares every index with the records it is derived from and returns
// one line per disagreement: an index entry without its record, or a record
// without its index entry. An empty result means the store is consistent.
func (s *Store) Check() ([]string, error) {
	var problems []string
	err := s.view(func(txn *badger.Txn) error {
		want, err := expectedIndex(txn)
		if err != nil {
			return err
		}
		for _, p := range indexPrefixes {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for it.Rewind(); it.Valid(); it.Next() {
				k := string(it.Item().Key())
				if !want[k] {
					problems = append(problems, "index entry without record: "+strconv.Quote(k))
				}
				delete(want, k)
			}
			it.Close()
		}
		for k := range want {
			problems = append(problems, "record without index entry: "+strconv.Quote(k))
		}
		rp, err := rollupProblems(txn)
		problems = append(problems, rp...)
		if err != nil {
			return err
		}
		rp, err = refProblems(txn)
		problems = append(problems, rp...)
		if err != nil {
			return err
		}
		rp, err = recordProblems(txn) // check_records.go
		problems = append(problems, rp...)
		return err
	})
	if err == nil {
		var cp []string
		cp, err = s.ClockProblems() // hlc_repair.go
		problems = append(problems, cp...)
	}
	v, verr := s.Schema()
	if verr == nil && v != 1+len(migrations) {
		problems = append(problems, fmt.Sprintf("schema version %d, want %d", v, 1+len(migrations)))
	}
	return problems, err
}

// expectedIndex derives the full set of index keys from the records.
func expectedIndex(txn *badger.Txn) (map[string]bool, error) {
	want := map[string]bool{}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pCustomer}})
	for it.Rewind(); it.Valid(); it.Next() {
		c := new(model.Customer)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, c) }); err != nil {
			it.Close()
			return nil, fmt.Errorf("customer %s: %w", it.Item().Key()[1:], err)
		}
		for _, k := range customerIndexKeys(c) {
			want[string(k)] = true
		}
	}
	it.Close()
	it = txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pInteraction}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		in := new(model.Interaction)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, in) }); err != nil {
			return nil, fmt.Errorf("interaction %q: %w", it.Item().Key(), err)
		}
		if in.FollowUpOpen() {
			want[string(followUpKey(in.FollowUp, in.CustomerID, in.ID))] = true
		}
	}
	if err := expectedComplaintIndex(txn, want); err != nil {
		return nil, err
	}
	if err := expectedSaleIndex(txn, want); err != nil {
		return nil, err
	}
	if err := expectedActionIndex(txn, want); err != nil {
		return nil, err
	}
	return want, nil
}

// RepairIndexes drops every index entry and writes them anew from the records.
// It returns how many entries it removed and wrote.
func (s *Store) RepairIndexes() (removed, written int, err error) {
	var want map[string]bool
	if err := s.view(func(txn *badger.Txn) error {
		var err error
		if want, err = expectedIndex(txn); err != nil {
			return err
		}
		for _, p := range indexPrefixes {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for it.Rewind(); it.Valid(); it.Next() {
				removed++
			}
			it.Close()
		}
		return nil
	}); err != nil {
		return 0, 0, err
	}
	s.gate.enter()
	defer s.gate.leave()
	for _, p := range indexPrefixes {
		if err := s.db.DropPrefix([]byte{p}); err != nil {
			return 0, 0, err
		}
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for k := range want {
		if err := wb.Set([]byte(k), nil); err != nil {
			return removed, 0, err
		}
	}
	return removed, len(want), wb.Flush()
}
