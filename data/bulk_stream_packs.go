package data

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// StreamPackedSales writes the new sales of a pending batch begun with
// DeferRollups packed (sale_pack.go) and streamed into the tree
// (bulk_stream.go), with the rollups they change, like StreamNewSales
// writes them as records. Streamed values must stay under the value
// threshold (the value log is not synced before the tables), so a pack
// holds as many sales as fit, about sixty. It reports false, having written
// nothing, when the sales cannot be streamed; WritePackedSales then writes
// them. It sets ID, Batch, Tier, Region, Created and Updated.
func (s *Store) StreamPackedSales(batchID string, sales []*Sale, cache *SalesCache) (bool, error) {
	if len(sales) < streamMin || s.db.Opts().InMemory || cache == nil || cache.deferred == nil {
		return false, nil
	}
	var (
		dev   string
		rates *rateTable
	)
	if err := s.updateNoSync(func(txn *badger.Txn) error {
		if err := s.seedClock(txn); err != nil {
			return err
		}
		var err error
		if dev, err = deviceID(txn); err != nil {
			return err
		}
		if rates, err = loadRates(txn); err != nil {
			return err
		}
		for _, sale := range sales {
			if _, ok := cache.customers[sale.CustomerID]; ok {
				continue
			}
			c, err := getCustomer(txn, sale.CustomerID)
			if errors.Is(err, ErrNotFound) {
				return fmt.Errorf("customer %s: %w", sale.CustomerID, ErrNoCustomer)
			}
			if err != nil {
				return err
			}
			cache.customers[c.ID] = saleTags{c.Tier, c.Province}
		}
		return nil
	}); err != nil {
		return false, err
	}
	order := slices.Clone(sales)
	slices.SortStableFunc(order, func(a, b *Sale) int {
		return cmp.Or(strings.Compare(a.CustomerID, b.CustomerID), strings.Compare(a.Date, b.Date))
	})
	ids := make([]string, len(order))
	for i := range ids {
		ids[i] = NewID()
	}
	slices.Sort(ids)
	now := time.Now().UTC()
	out := make([]Sale, len(order))
	// Check every sale and sum the rollups, on every core.
	deltas := make([]rollupDelta, runtime.GOMAXPROCS(0))
	errs := make([]error, len(deltas))
	var wg sync.WaitGroup
	for p := range deltas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := rollupDelta{}
			for i := p * len(out) / len(deltas); i < (p+1)*len(out)/len(deltas); i++ {
				cp := *order[i]
				cp.ID, cp.Batch = ids[i], batchID
				if cp.Currency == "" {
					cp.Currency = rates.base
				}
				if err := cp.clean(); err != nil {
					errs[p] = err
					return
				}
				t := cache.customers[cp.CustomerID]
				cp.Tier, cp.Region, cp.Created, cp.Updated = t.tier, t.region, now, now
				base, err := rates.toBase(cp.Amount, cp.Currency, cp.Date)
				if err != nil {
					errs[p] = err
					return
				}
				d.add(&cp, base, 1)
				out[i] = cp
			}
			deltas[p] = d
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return false, err
	}
	sum := deltas[0]
	for _, d := range deltas[1:] {
		sum.merge(d)
	}
	deltas = nil
	limit := int(s.db.Opts().ValueThreshold) - 64
	first := clock.tickN(len(out))
	var packs, byCustomer, logs, members []kv
	var cut func(from, to int) error
	cut = func(from, to int) error {
		p := &salePack{batch: batchID, dev: dev, hlc0: first + uint64(from), created: now, sales: out[from:to]}
		v, err := encodePack(p)
		if err != nil {
			return err
		}
		if len(v) >= limit && to-from > 1 {
			mid := (from + to) / 2
			if err := cut(from, mid); err != nil {
				return err
			}
			return cut(mid, to)
		}
		if len(v) >= limit {
			return errTooBig
		}
		packs = append(packs, kv{k: packKey(ids[from]), v: v})
		logs = append(logs, kv{k: changeKey(p.hlc0), v: encodeBatchLog(KindSale, dev, ids[from:to])})
		for i := from; i < to; i++ {
			if i == from || out[i].CustomerID != out[i-1].CustomerID {
				byCustomer = append(byCustomer, kv{k: packByCustomerKey(out[i].CustomerID, ids[from])})
			}
		}
		return nil
	}
	const perPack = 64
	for i := 0; i < len(out); i += perPack {
		if err := cut(i, min(i+perPack, len(out))); errors.Is(err, errTooBig) {
			return false, nil
		} else if err != nil {
			return false, err
		}
	}
	for i := 0; i < len(ids); i += saleListLen {
		part := ids[i:min(i+saleListLen, len(ids))]
		members = append(members, kv{k: memberKey(batchID, part[0]), v: encodeSaleList(part)})
	}
	ok, err := s.streamLead([][]kv{members}, nil, [][]kv{packs, byCustomer, logs}, func() ([]kv, error) {
		return s.rollupKVs(sum)
	})
	if err != nil || !ok {
		return false, err
	}
	for i, sale := range order {
		*sale = out[i]
	}
	return true, nil
}

// rollupKVs are the rollup entries that add d to the stored rollups: each
// key once, its stored value plus d's, or a deletion when that comes to
// nothing; read while the gate is closed, so no write falls between.
func (s *Store) rollupKVs(d rollupDelta) ([]kv, error) {
	out := make([]kv, 0, len(d))
	err := s.db.View(func(txn *badger.Txn) error {
		cur, err := storedRollups(txn, d)
		if err != nil {
			return err
		}
		var hist historyDelta
		for k, v := range d {
			if k[0] == pCustMonth { // a month of a customer's history
				if v != (Agg{}) {
					hist = hist.add(k, v)
				}
				continue
			}
			a := cur[k]
			a.Amount += v.Amount
			a.Orders += v.Orders
			if a == (Agg{}) {
				if _, ok := cur[k]; ok {
					out = append(out, kv{k: []byte(k), del: true})
				}
				continue
			}
			out = append(out, kv{k: []byte(k), v: encodeAgg(a)})
		}
		more, err := hist.kvs(txn)
		out = append(out, more...)
		return err
	})
	return out, err
}
