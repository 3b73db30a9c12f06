package data

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// refProblems finds what indexes cannot show: batch markers in an unknown
// state, undo records (members) of a batch that does not exist, and
// interactions or sales whose customer is gone.
func refProblems(txn *badger.Txn) ([]string, error) {
	var problems []string
	batches := map[string]bool{}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pBatch}})
	for it.Rewind(); it.Valid(); it.Next() {
		id := string(it.Item().Key()[1:])
		b := new(model.Batch)
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, b) }); err != nil {
			problems = append(problems, fmt.Sprintf("batch %s: unreadable marker: %v", strconv.Quote(id), err))
			continue
		}
		batches[id] = true
		switch b.State {
		// Pending and undoing are this process's import or undo at work;
		// one left by a killed process is finished at the next open.
		case model.BatchDone, model.BatchUndone, model.BatchRolledBack, model.BatchPending, model.BatchUndoing:
		default:
			problems = append(problems, fmt.Sprintf("batch %s: unknown state %q", id, b.State))
		}
	}
	it.Close()

	orphans := map[string]int{}
	it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pMember}})
	for it.Rewind(); it.Valid(); it.Next() {
		if id := firstPart(it.Item().Key()[1:]); !batches[id] {
			orphans[id]++
		}
	}
	it.Close()
	for id, n := range orphans {
		problems = append(problems, fmt.Sprintf("batch %s: %d undo records without their batch", strconv.Quote(id), n))
	}

	customers := map[string]bool{}
	it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pCustomer}})
	for it.Rewind(); it.Valid(); it.Next() {
		customers[string(it.Item().Key()[1:])] = true
	}
	it.Close()
	it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pInteraction}})
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if cust := firstPart(k[1:]); !customers[cust] {
			problems = append(problems, fmt.Sprintf("interaction %s: its customer %s does not exist", strconv.Quote(lastPart(k)), strconv.Quote(cust)))
		}
	}
	it.Close()
	err := eachStoredSale(txn, func(sale *model.Sale) error {
		if !customers[sale.CustomerID] {
			problems = append(problems, fmt.Sprintf("sale %s: its customer %s does not exist", strconv.Quote(sale.ID), strconv.Quote(sale.CustomerID)))
		}
		return nil
	})
	return problems, err
}

// firstPart is what comes before the first separator.
func firstPart(k []byte) string {
	for i, c := range k {
		if c == sep {
			return string(k[:i])
		}
	}
	return string(k)
}

// RepairMarkers finishes batches left pending or undoing, as open does (an
// import is rolled back, an undo completed), and removes undo records whose
// batch does not exist: nothing can use them. It returns how many of each.
func (s *Store) RepairMarkers() (batches, members int, err error) {
	if batches, err = s.recoverBatches(); err != nil {
		return batches, 0, err
	}
	var orphans [][]byte
	if err := s.view(func(txn *badger.Txn) error {
		batches := map[string]bool{}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pBatch}})
		for it.Rewind(); it.Valid(); it.Next() {
			batches[string(it.Item().Key()[1:])] = true
		}
		it.Close()
		it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pMember}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if !batches[firstPart(k[1:])] {
				orphans = append(orphans, k)
			}
		}
		return nil
	}); err != nil {
		return batches, 0, err
	}
	s.gate.enter()
	defer s.gate.leave()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range orphans {
		if err := wb.Delete(k); err != nil {
			return batches, 0, err
		}
	}
	if err := wb.Flush(); err != nil {
		return batches, 0, err
	}
	return batches, len(orphans), s.Sync()
}
