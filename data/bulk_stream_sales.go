package data

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// StreamNewSales writes the new sales of a pending batch begun with
// DeferRollups straight into the tree (bulk_stream.go), with the rollups
// they change: each rollup key once, its stored value plus the sales' sum,
// read while the gate is closed so no other write falls between. A cut-off
// stream leaves the batch pending, and its roll-back rebuilds the rollups.
// It reports false, having written nothing, when the sales cannot be
// streamed (too few, a record over the value threshold, transactions open):
// then WriteSalesChunk writes them.
func (s *Store) StreamNewSales(batchID string, sales []*Sale, cache *SalesCache) (bool, error) {
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
		// The customers the cache lacks, read once.
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
	now := time.Now().UTC()
	limit := int(s.db.Opts().ValueThreshold)
	ids := make([]string, len(sales))
	for i := range ids {
		ids[i] = NewID()
	}
	first := clock.tickN(len(sales))
	// One list per key prefix, filled in place: no copies of a million
	// entries to sort them (byPrefix keeps a list of one prefix as it is).
	recs, idx, regl := make([]kv, len(sales)), make([]kv, len(sales)), make([]kv, len(sales))
	deltas := make([]rollupDelta, runtime.GOMAXPROCS(0))
	errs := make([]error, len(deltas))
	var wg sync.WaitGroup
	for p := range deltas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := p*len(sales)/len(deltas), (p+1)*len(sales)/len(deltas)
			d := rollupDelta{}
			regLen := 1 + 16 + 1 + len(dev)
			regs := make([]byte, 0, (to-from)*regLen)
			for i := from; i < to; i++ {
				sale := *sales[i] // a copy: the caller's sale changes only if this succeeds
				sale.Batch = batchID
				if sale.Currency == "" {
					sale.Currency = rates.base
				}
				if err := sale.clean(); err != nil {
					errs[p] = err
					return
				}
				t := cache.customers[sale.CustomerID]
				sale.Tier, sale.Region = t.tier, t.region
				sale.ID, sale.Created, sale.Updated = ids[i], now, now
				base, err := rates.toBase(sale.Amount, sale.Currency, sale.Date)
				if err != nil {
					errs[p] = err
					return
				}
				v, err := sale.marshal()
				if err != nil {
					errs[p] = err
					return
				}
				if len(v) >= limit {
					errs[p] = errTooBig
					return
				}
				d.add(&sale, base, 1)
				regs = append(regs, compactRegMark)
				regs = appendStamp(regs, first+uint64(i), dev)
				recs[i], idx[i] = kv{k: saleKey(sale.ID), v: v}, kv{k: saleByCustomerKey(&sale)}
				regl[i] = kv{k: registerKey(KindSale, sale.ID), v: regs[len(regs)-regLen : len(regs) : len(regs)]}
			}
			deltas[p] = d
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if errors.Is(err, errTooBig) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	var members, logs []kv
	for i := 0; i < len(ids); i += saleListLen {
		part := ids[i:min(i+saleListLen, len(ids))]
		members = append(members, kv{k: memberKey(batchID, part[0]), v: encodeSaleList(part)})
	}
	for i := 0; i < len(ids); i += 1000 {
		logs = append(logs, kv{k: changeKey(first + uint64(i)), v: encodeBatchLog(KindSale, dev, ids[i:min(i+1000, len(ids))])})
	}
	sum := deltas[0]
	for _, d := range deltas[1:] {
		sum.merge(d)
	}
	deltas = nil
	// The rollups, read once the gate is closed.
	rollups := func() ([]kv, error) {
		var out []kv
		err := s.db.View(func(txn *badger.Txn) error {
			cur, err := storedRollups(txn, sum)
			if err != nil {
				return err
			}
			var hist historyDelta
			for k, v := range sum {
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
	ok, err := s.stream([][]kv{members}, [][]kv{recs, idx, regl, logs}, rollups)
	if err != nil || !ok {
		return false, err
	}
	for i, sale := range sales {
		sale.Batch, sale.ID, sale.Created, sale.Updated = batchID, ids[i], now, now
	}
	return true, nil
}

var errTooBig = errors.New("record over the value threshold")

// storedRollups reads the stored values of the rollup keys in d, with one
// pass over the rollups rather than a read per key.
func storedRollups(txn *badger.Txn, d rollupDelta) (map[string]Agg, error) {
	cur := map[string]Agg{}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pRollup}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if _, ok := d[string(k)]; !ok {
			continue
		}
		if err := it.Item().Value(func(b []byte) error {
			a, err := decodeAgg(b)
			cur[string(k)] = a
			return err
		}); err != nil {
			return nil, err
		}
	}
	return cur, nil
}
