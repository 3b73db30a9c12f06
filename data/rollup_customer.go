package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// A customer's history: the customer rollup transposed into one value per
// customer, C|customer id → its months with sales, oldest first, each as
// month (MonthIndex, 4 bytes), amount and orders (8 bytes each), big-endian.
// The rollup delta writes it with the other rollups, and Check and the
// rebuild treat each of its months as a rollup entry C|id|sep|YYYY-MM, so it
// is exactly as right as the rest. It is the only per-customer rollup
// (rollup_customer_read.go): reading every customer's first and last month
// and total is one short value per customer.

const historyEntry = 20 // bytes per month in a history value

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

func monthName(i int) string { return fmt.Sprintf("%04d-%02d", i/12, i%12+1) }

type monthAgg struct {
	m int
	a model.Agg
}

func decodeHistory(b []byte) ([]monthAgg, error) {
	if len(b)%historyEntry != 0 {
		return nil, fmt.Errorf("history value has %d bytes, not a multiple of %d", len(b), historyEntry)
	}
	out := make([]monthAgg, 0, len(b)/historyEntry)
	for ; len(b) > 0; b = b[historyEntry:] {
		out = append(out, monthAgg{int(int32(binary.BigEndian.Uint32(b))),
			model.Agg{Amount: int64(binary.BigEndian.Uint64(b[4:])), Orders: int64(binary.BigEndian.Uint64(b[12:]))}})
	}
	return out, nil
}

func encodeHistory(h []monthAgg) []byte {
	b := make([]byte, len(h)*historyEntry)
	for i, x := range h {
		e := b[i*historyEntry:]
		binary.BigEndian.PutUint32(e, uint32(int32(x.m)))
		binary.BigEndian.PutUint64(e[4:], uint64(x.a.Amount))
		binary.BigEndian.PutUint64(e[12:], uint64(x.a.Orders))
	}
	return b
}

// historyDelta gathers a rollup delta's history months by history key (C|id
// or T|tier\0region\0id).
type historyDelta map[string][]monthAgg

// add adds the change v of k, a history's key, sep and a month YYYY-MM.
func (h historyDelta) add(k string, v model.Agg) historyDelta {
	if h == nil {
		h = historyDelta{}
	}
	key, month := k[:len(k)-8], k[len(k)-7:]
	h[key] = append(h[key], monthAgg{MonthIndex([]byte(month)), v})
	return h
}

// merge adds the changes to a history; months that come to nothing go.
func merge(cur, changes []monthAgg) []monthAgg {
	for _, c := range changes {
		i, found := slices.BinarySearchFunc(cur, c.m, func(x monthAgg, m int) int { return x.m - m })
		if !found {
			cur = slices.Insert(cur, i, monthAgg{m: c.m})
		}
		cur[i].a.Amount = model.AddAmount(cur[i].a.Amount, c.a.Amount)
		cur[i].a.Orders += c.a.Orders
		if cur[i].a == (model.Agg{}) {
			cur = slices.Delete(cur, i, i+1)
		}
	}
	return cur
}

// apply merges the changes into the stored histories inside txn.
func (h historyDelta) apply(txn *badger.Txn) error {
	list, err := h.kvs(txn)
	if err != nil {
		return err
	}
	for _, e := range list {
		if e.del {
			err = txn.Delete(e.k)
		} else {
			err = txn.Set(e.k, e.v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// kvs gives the histories the changes make of the stored ones (read in
// txn): a new value per customer, or a deletion when none is left.
func (h historyDelta) kvs(txn *badger.Txn) ([]kv, error) {
	out := make([]kv, 0, len(h))
	for key, changes := range h {
		e, ok, err := historyKV(txn, []byte(key), changes)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// historyKV is the entry that merges changes into the stored history at key
// (read in txn): its new value, or its deletion when no month is left; ok
// is false when there is nothing to write.
func historyKV(txn *badger.Txn, key []byte, changes []monthAgg) (e kv, ok bool, err error) {
	var cur []monthAgg
	item, err := txn.Get(key)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
		item = nil
	case err != nil:
		return kv{}, false, err
	default:
		if err := item.Value(func(b []byte) error {
			var err error
			cur, err = decodeHistory(b)
			return err
		}); err != nil {
			return kv{}, false, fmt.Errorf("history %q: %w", key, err)
		}
	}
	if cur = merge(cur, changes); len(cur) == 0 {
		return kv{k: key, del: true}, item != nil, nil
	}
	return kv{k: key, v: encodeHistory(cur)}, true, nil
}

// write stores whole histories (the rebuild: no stored ones to merge with).
func (h historyDelta) write(wb *badger.WriteBatch) error {
	for key, months := range h {
		if hist := merge(nil, months); len(hist) > 0 {
			if err := wb.Set([]byte(key), encodeHistory(hist)); err != nil {
				return err
			}
		}
	}
	return nil
}

// eachStoredRollup calls fn with every stored rollup entry, a history's
// months as entries of their own (C|id|sep|YYYY-MM, T|…|sep|YYYY-MM); err
// is set for an unreadable value.
func eachStoredRollup(txn *badger.Txn, fn func(key string, a model.Agg, err error)) error {
	for _, p := range rollupPrefixes {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{p}})
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			b, err := it.Item().ValueCopy(nil)
			if err != nil {
				it.Close()
				return err
			}
			if p == pRollup {
				a, err := decodeAgg(b)
				fn(string(k), a, err)
				continue
			}
			h, err := decodeHistory(b)
			if err != nil {
				fn(string(k), model.Agg{}, err)
				continue
			}
			for _, x := range h {
				fn(string(k)+string(rune(sep))+monthName(x.m), x.a, nil)
			}
		}
		it.Close()
	}
	return nil
}

// EachCustomerHistory calls fn for every customer with a sale, in id order,
// with the months it has sales in (MonthIndex, oldest first) and its
// revenue and sales in each: one value per customer. The slices are
// reused; copy them to keep them.
func (s *Store) EachCustomerHistory(fn func(id []byte, months []int, aggs []model.Agg) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pCustMonth}})
		defer it.Close()
		var (
			months []int
			aggs   []model.Agg
		)
		for it.Rewind(); it.Valid(); it.Next() {
			months, aggs = months[:0], aggs[:0]
			if err := it.Item().Value(func(b []byte) error {
				if len(b)%historyEntry != 0 {
					return fmt.Errorf("history of %s: %d bytes", it.Item().Key()[1:], len(b))
				}
				for ; len(b) > 0; b = b[historyEntry:] {
					months = append(months, int(int32(binary.BigEndian.Uint32(b))))
					aggs = append(aggs, model.Agg{Amount: int64(binary.BigEndian.Uint64(b[4:])), Orders: int64(binary.BigEndian.Uint64(b[12:]))})
				}
				return nil
			}); err != nil {
				return err
			}
			if len(months) > 0 {
				if err := fn(it.Item().Key()[1:], months, aggs); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
