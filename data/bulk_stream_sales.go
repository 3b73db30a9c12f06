package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
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
	e := saleEncoder{batch: batchID, sales: sales, cache: cache, base: rates.base, ids: make([]string, len(sales)), now: time.Now().UTC()}
	for i := range e.ids {
		e.ids[i] = NewID()
	}
	// Records, registers and log entries are streamed in the order of
	// their ids and stamps, made as they are written rather than held: a
	// million encoded sales would double the import's memory. Ids sort by
	// time; sorted anyway in case the clock stepped back.
	slices.Sort(e.ids)
	limit := int(s.db.Opts().ValueThreshold)
	first := clock.tickN(len(sales))
	// Pass 1 checks every sale before anything is written, sums the
	// rollups and makes the index keys, which sort by customer.
	idx := make([]kv, len(sales))
	deltas := make([]rollupDelta, runtime.GOMAXPROCS(0))
	errs := make([]error, len(deltas))
	var wg sync.WaitGroup
	for p := range deltas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := p*len(sales)/len(deltas), (p+1)*len(sales)/len(deltas)
			d := rollupDelta{}
			var scratch []byte
			for i := from; i < to; i++ {
				sale, v, err := e.encode(i, scratch[:0])
				if err != nil {
					errs[p] = err
					return
				}
				scratch = v
				if len(v) >= limit {
					errs[p] = errTooBig
					return
				}
				base, err := rates.toBase(sale.Amount, sale.Currency, sale.Date)
				if err != nil {
					errs[p] = err
					return
				}
				d.add(&sale, base, 1)
				idx[i] = kv{k: saleByCustomerKey(&sale)}
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
	ids := e.ids
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
	// Registers (V…) and records (a…) sort before the index (h…), the log
	// (l…) and the rollups (r…).
	lead := func(put func(kv) error) error {
		regLen := 1 + 16 + 1 + len(dev)
		var regs []byte
		for i, id := range ids {
			if i%streamSlice == 0 {
				regs = make([]byte, 0, min(streamSlice, len(ids)-i)*regLen)
			}
			regs = append(regs, compactRegMark)
			regs = appendStamp(regs, first+uint64(i), dev)
			if err := put(kv{k: registerKey(KindSale, id), v: regs[len(regs)-regLen : len(regs) : len(regs)]}); err != nil {
				return err
			}
		}
		for from := 0; from < len(sales); from += streamSlice {
			vals, err := e.encodeSlice(from, min(from+streamSlice, len(sales)))
			if err != nil {
				return err
			}
			for j, v := range vals {
				if err := put(kv{k: saleKey(ids[from+j]), v: v}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	ok, err := s.streamLead([][]kv{members}, lead, [][]kv{idx, logs}, rollups)
	if err != nil || !ok {
		return false, err
	}
	for i, sale := range sales {
		sale.Batch, sale.ID, sale.Created, sale.Updated = batchID, ids[i], e.now, e.now
	}
	return true, nil
}

// streamSlice is how many sales are encoded at a time while streaming.
const streamSlice = 32 << 10

// saleEncoder makes the stored form of the sales a stream writes, the
// same on every pass.
type saleEncoder struct {
	batch, base string
	sales       []*Sale
	cache       *SalesCache
	ids         []string
	now         time.Time
}

// encode appends sale i's record to b; the sale is a copy: the caller's
// changes only once the stream succeeded.
func (e *saleEncoder) encode(i int, b []byte) (Sale, []byte, error) {
	sale := *e.sales[i]
	sale.Batch = e.batch
	if sale.Currency == "" {
		sale.Currency = e.base
	}
	if err := sale.clean(); err != nil {
		return sale, b, err
	}
	t := e.cache.customers[sale.CustomerID]
	sale.Tier, sale.Region = t.tier, t.region
	sale.ID, sale.Created, sale.Updated = e.ids[i], e.now, e.now
	if !plainTime(sale.Created) {
		v, err := json.Marshal(&sale)
		return sale, append(b, v...), err
	}
	return sale, sale.appendJSON(b), nil
}

// encodeSlice encodes sales from to to on every core, into one buffer per
// core rather than an allocation per sale.
func (e *saleEncoder) encodeSlice(from, to int) ([][]byte, error) {
	vals := make([][]byte, to-from)
	parts := runtime.GOMAXPROCS(0)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := from+p*(to-from)/parts, from+(p+1)*(to-from)/parts
			buf := make([]byte, 0, (hi-lo)*256)
			for i := lo; i < hi; i++ {
				n := len(buf)
				_, b, err := e.encode(i, buf)
				if err != nil {
					errs[p] = err
					return
				}
				buf = b
				vals[i-from] = buf[n:len(buf):len(buf)]
			}
		}()
	}
	wg.Wait()
	return vals, errors.Join(errs...)
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
