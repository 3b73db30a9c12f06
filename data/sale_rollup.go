package data

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

func encodeAgg(a model.Agg) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint64(b, uint64(a.Amount))
	binary.BigEndian.PutUint64(b[8:], uint64(a.Orders))
	return b
}

func decodeAgg(b []byte) (model.Agg, error) {
	if len(b) != 16 {
		return model.Agg{}, fmt.Errorf("rollup value has %d bytes, want 16", len(b))
	}
	return model.Agg{Amount: int64(binary.BigEndian.Uint64(b)), Orders: int64(binary.BigEndian.Uint64(b[8:]))}, nil
}

// rollupDelta sums rollup changes by key before they are written.
type rollupDelta map[string]model.Agg

func (d rollupDelta) add(s *model.Sale, amount, orders int64) {
	m := s.Month()
	for _, k := range [][]byte{
		rollupKey(m, model.DimAll, ""),
		rollupKey(m, model.DimTier, s.Tier),
		rollupKey(m, model.DimRegion, s.Region),
		rollupKey(m, model.DimProduct, s.Product),
		rollupKey(m, dimSegment, segmentValue(s.Tier, s.Region, s.Product)),
		custMonthKey(s.CustomerID, m),
		tierCustMonthKey(s.Tier, s.Region, s.CustomerID, m),
	} {
		a := d[string(k)]
		a.Amount = model.AddAmount(a.Amount, amount)
		a.Orders += orders
		d[string(k)] = a
	}
}

// apply adds the changes to the stored rollups inside txn; a rollup that
// comes to nothing is deleted, so the first key is the first month with sales.
func (d rollupDelta) apply(txn *badger.Txn) error {
	var hist historyDelta
	for k, v := range d {
		if v == (model.Agg{}) {
			continue
		}
		if k[0] == pCustMonth || k[0] == pTierCustMonth { // a month of a history: merged below
			hist = hist.add(k, v)
			continue
		}
		key := []byte(k)
		var cur model.Agg
		item, err := txn.Get(key)
		switch {
		case err == badger.ErrKeyNotFound:
		case err != nil:
			return err
		default:
			if err := item.Value(func(b []byte) error {
				var err error
				cur, err = decodeAgg(b)
				return err
			}); err != nil {
				return err
			}
		}
		cur.Amount = model.AddAmount(cur.Amount, v.Amount)
		cur.Orders += v.Orders
		if cur == (model.Agg{}) {
			err = txn.Delete(key)
		} else {
			err = txn.Set(key, encodeAgg(cur))
		}
		if err != nil {
			return err
		}
	}
	return hist.apply(txn)
}

// applyChunked applies a large delta in transactions of a few thousand keys.
func (d rollupDelta) applyChunked(s *Store) error {
	keys := slices.Sorted(maps.Keys(d))
	for i := 0; i < len(keys); i += 2000 {
		part := rollupDelta{}
		for _, k := range keys[i:min(i+2000, len(keys))] {
			part[k] = d[k]
		}
		if err := s.updateNoSync(part.apply); err != nil {
			return err
		}
	}
	return nil
}

// RollupSeries returns the rollup of one dimension value for each month,
// aligned with months: one key read a month.
func (s *Store) RollupSeries(months []string, dim, value string) ([]model.Agg, error) {
	if dim == model.DimCustomer {
		var out []model.Agg
		err := s.view(func(txn *badger.Txn) error {
			var err error
			out, err = customerSeries(txn, months, value)
			return err
		})
		return out, err
	}
	out := make([]model.Agg, len(months))
	err := s.view(func(txn *badger.Txn) error {
		for i, m := range months {
			item, err := txn.Get(rollupKey(m, dim, value))
			if err == badger.ErrKeyNotFound {
				continue
			}
			if err != nil {
				return err
			}
			if err := item.Value(func(b []byte) error {
				var err error
				out[i], err = decodeAgg(b)
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// RollupBreakdown sums a dimension's rollups over the months by value
// (revenue by tier, top customers …).
func (s *Store) RollupBreakdown(months []string, dim string) (map[string]model.Agg, error) {
	out := map[string]model.Agg{}
	if dim == model.DimCustomer {
		err := s.view(func(txn *badger.Txn) error {
			return eachCustomerRow(txn, months, func(id []byte, row []model.Agg) error {
				var t model.Agg
				for _, a := range row {
					t.Amount = model.AddAmount(t.Amount, a.Amount)
					t.Orders += a.Orders
				}
				out[string(id)] = t
				return nil
			})
		})
		return out, err
	}
	err := s.view(func(txn *badger.Txn) error {
		for _, m := range months {
			prefix := rollupDimPrefix(m, dim)
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: prefix})
			for it.Rewind(); it.Valid(); it.Next() {
				v := string(it.Item().Key()[len(prefix):])
				if err := it.Item().Value(func(b []byte) error {
					a, err := decodeAgg(b)
					t := out[v]
					t.Amount = model.AddAmount(t.Amount, a.Amount)
					t.Orders += a.Orders
					out[v] = t
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

// SalesMonths returns the first and last month with sales ("" when none),
// from the first and last rollup keys.
func (s *Store) SalesMonths() (first, last string, err error) {
	err = s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pRollup}})
		it.Rewind()
		if it.Valid() {
			first, _, _, _ = parseRollupKey(it.Item().Key())
		}
		it.Close()
		rit := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pRollup}, Reverse: true})
		defer rit.Close()
		rit.Seek([]byte{pRollup, 0xff})
		if rit.Valid() {
			last, _, _, _ = parseRollupKey(rit.Item().Key())
		}
		return nil
	})
	return first, last, err
}

// computeRollups derives every rollup from the sales.
func computeRollups(txn *badger.Txn) (rollupDelta, int, error) {
	rates, err := loadRates(txn)
	if err != nil {
		return nil, 0, err
	}
	want := rollupDelta{}
	n := 0
	err = eachStoredSale(txn, func(sale *model.Sale) error {
		if !model.ValidDate(sale.Date) {
			return fmt.Errorf("sale %s: date %q: %w", sale.ID, sale.Date, model.ErrBadDate)
		}
		base, err := rates.toBase(sale.Amount, sale.Currency, sale.Date)
		if err != nil {
			return fmt.Errorf("sale %s: %w", sale.ID, err)
		}
		want.add(sale, base, 1)
		n++
		return nil
	})
	if err != nil {
		return nil, n, err
	}
	for k, v := range want {
		if v == (model.Agg{}) {
			delete(want, k)
		}
	}
	return want, n, nil
}

// rollupProblems compares the stored rollups with a recomputation from the
// sales and returns one line per disagreement (at most 20, then a count).
func rollupProblems(txn *badger.Txn) ([]string, error) {
	want, _, err := computeRollups(txn)
	if err != nil {
		return []string{"sales rollups cannot be recomputed: " + err.Error()}, nil
	}
	var problems []string
	bad := 0
	report := func(line string) {
		bad++
		if bad <= 20 {
			problems = append(problems, line)
		}
	}
	if v, err := getSetting(txn, settingRollupsStale); err == nil && v != "" {
		report("sales rollups are marked stale: a rebuild was cut off")
	}
	err = eachStoredRollup(txn, func(k string, got model.Agg, err error) {
		if err != nil {
			report("sales rollup unreadable: " + strconv.Quote(k))
			delete(want, k)
			return
		}
		if w := want[k]; w != got {
			report(fmt.Sprintf("sales rollup %s: stored %d/%d orders, sales give %d/%d", strconv.Quote(k), got.Amount, got.Orders, w.Amount, w.Orders))
		}
		delete(want, k)
	})
	if err != nil {
		return nil, err
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		w := want[k]
		report(fmt.Sprintf("sales rollup missing: %s (%d/%d orders)", strconv.Quote(k), w.Amount, w.Orders))
	}
	if bad > 20 {
		problems = append(problems, fmt.Sprintf("… %d more sales rollup problems", bad-20))
	}
	return problems, nil
}

// expectedSaleIndex adds the by-customer index entry of every sale record,
// and of every customer of every pack, to want.
func expectedSaleIndex(txn *badger.Txn, want map[string]bool) error {
	if err := expectedPackIndex(txn, want); err != nil {
		return err
	}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256, Prefix: []byte{pSale}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		sale := new(model.Sale)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, sale) }); err != nil {
			return fmt.Errorf("sale %s: %w", it.Item().Key()[1:], err)
		}
		want[string(saleByCustomerKey(sale))] = true
	}
	return nil
}

// RebuildRollups recomputes every rollup from the sales and replaces the
// stored ones (`kehu check --repair`, and after an exchange rate changes).
// It marks the rollups stale first and clears the mark last, so a rebuild
// cut off is finished by the next EnsureRollups.
func (s *Store) RebuildRollups() (model.RollupRepair, error) {
	// Not while an import holds back its rollups: they would count twice.
	s.rollupMu.Lock()
	defer s.rollupMu.Unlock()
	return s.rebuildRollups()
}

func (s *Store) rebuildRollups() (model.RollupRepair, error) {
	var r model.RollupRepair
	if err := s.update(func(txn *badger.Txn) error { return setSetting(txn, settingRollupsStale, "true") }); err != nil {
		return r, err
	}
	var want rollupDelta
	err := s.view(func(txn *badger.Txn) error {
		var err error
		if want, r.Sales, err = computeRollups(txn); err != nil {
			return err
		}
		seen := 0
		if err := eachStoredRollup(txn, func(k string, got model.Agg, err error) {
			w, ok := want[k]
			if ok {
				seen++
			}
			if err != nil || !ok || got != w {
				r.Fixed++
			}
		}); err != nil {
			return err
		}
		r.Fixed += len(want) - seen
		return nil
	})
	if err != nil {
		return r, err
	}
	s.gate.enter()
	defer s.gate.leave()
	if err := s.db.DropPrefix([]byte{pRollup}, []byte{pCustMonth}, []byte{pTierCustMonth}); err != nil {
		return r, err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	var hist historyDelta
	for k, v := range want {
		if k[0] == pCustMonth || k[0] == pTierCustMonth {
			hist = hist.add(k, v)
			continue
		}
		if err := wb.Set([]byte(k), encodeAgg(v)); err != nil {
			return r, err
		}
	}
	if err := hist.write(wb); err != nil {
		return r, err
	}
	if err := wb.Flush(); err != nil {
		return r, err
	}
	r.Entries = len(want)
	return r, s.update(func(txn *badger.Txn) error {
		if err := setSetting(txn, settingRollupsLayout, rollupsLayout); err != nil {
			return err
		}
		return setSetting(txn, settingRollupsStale, "")
	})
}

// EnsureRollups finishes a rebuild that was cut off, and builds the
// rollups a store written by an older Kehu lacks (the combined-filter
// ones); it is cheap otherwise.
func (s *Store) EnsureRollups() error {
	v, err := s.Setting(settingRollupsStale)
	if err != nil {
		return err
	}
	layout, err := s.Setting(settingRollupsLayout)
	if err != nil || v == "" && layout == rollupsLayout {
		return err
	}
	_, err = s.RebuildRollups()
	return err
}
