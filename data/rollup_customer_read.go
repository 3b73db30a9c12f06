package data

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// The per-customer rollup is read from the customers' histories: a
// month-major copy (r|month|customer|id) would hold the same numbers again,
// one key per customer and month, and cost every import a second key for
// each (a million sales of 10,000 customers: 220,000 keys).

// monthSlots maps the MonthIndex of each of months to its place.
func monthSlots(months []string) map[int]int {
	slot := make(map[int]int, len(months))
	for i, m := range months {
		slot[MonthIndex([]byte(m))] = i
	}
	return slot
}

// historyRow sets row, aligned with the months of slot, from a history
// value; it reports whether any of them has sales.
func historyRow(b []byte, slot map[int]int, row []model.Agg) (bool, error) {
	if len(b)%historyEntry != 0 {
		return false, fmt.Errorf("history value has %d bytes", len(b))
	}
	clear(row)
	any := false
	for ; len(b) > 0; b = b[historyEntry:] {
		if i, ok := slot[int(int32(binary.BigEndian.Uint32(b)))]; ok {
			row[i] = model.Agg{Amount: int64(binary.BigEndian.Uint64(b[4:])), Orders: int64(binary.BigEndian.Uint64(b[12:]))}
			any = true
		}
	}
	return any, nil
}

// itemRow is historyRow of a stored history.
func itemRow(item *badger.Item, slot map[int]int, row []model.Agg) (any bool, err error) {
	err = item.Value(func(b []byte) error {
		any, err = historyRow(b, slot, row)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("history %q: %w", item.Key(), err)
	}
	return any, nil
}

// customerSeries is RollupSeries of one customer.
func customerSeries(txn *badger.Txn, months []string, id string) ([]model.Agg, error) {
	out := make([]model.Agg, len(months))
	item, err := txn.Get(historyKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	_, err = itemRow(item, monthSlots(months), out)
	return out, err
}

// eachCustomerRow calls fn for every customer with sales in any of months,
// in id order, with its rollup in each (row, reused, aligned with months).
func eachCustomerRow(txn *badger.Txn, months []string, fn func(id []byte, row []model.Agg) error) error {
	slot := monthSlots(months)
	row := make([]model.Agg, len(months))
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pCustMonth}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		any, err := itemRow(it.Item(), slot, row)
		if err != nil {
			return err
		}
		if any {
			if err := fn(it.Item().Key()[1:], row); err != nil {
				return err
			}
		}
	}
	return nil
}
