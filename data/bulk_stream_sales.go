package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// StreamSaleRows writes the new sales of a pending batch begun with
// DeferRollups straight into the tree (bulk_stream.go), with the rollups
// they change: each rollup key once, its stored value plus the sales' sum,
// read while the gate is closed so no other write falls between. A cut-off
// stream leaves the batch pending, and its roll-back rebuilds the rollups.
// The sales are stored packed (sale_pack.go). It reports false, having
// written nothing, when they cannot be streamed (too few, a sale too big
// for a pack under the value threshold, transactions open): then
// WritePackedSales writes them.
func (s *Store) StreamSaleRows(batchID string, rows *SaleRows, cache *SalesCache) (bool, error) {
	_, _, _, ok, err := s.streamSaleRows(batchID, rows, cache)
	return ok, err
}

func (s *Store) streamSaleRows(batchID string, rows *SaleRows, cache *SalesCache) (ids []byte, order []uint32, now time.Time, ok bool, err error) {
	n := rows.Len()
	if n < streamMin || s.db.Opts().InMemory || cache == nil || cache.deferred == nil {
		return nil, nil, now, false, nil
	}
	var (
		dev   string
		rates *rateTable
		t     *rowTables
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
		t, err = rows.tables(rates.base, func(id string) (saleTags, error) {
			if tg, ok := cache.customers[id]; ok {
				return tg, nil
			}
			c, err := getCustomer(txn, id)
			if errors.Is(err, model.ErrNotFound) {
				return saleTags{}, fmt.Errorf("customer %s: %w", id, model.ErrNoCustomer)
			}
			if err != nil {
				return saleTags{}, err
			}
			tg := saleTags{c.Tier, c.Province}
			cache.customers[c.ID] = tg
			return tg, nil
		})
		return err
	}); err != nil {
		return nil, nil, now, false, err
	}
	now = time.Now().UTC()
	first := s.hlc.tickN(n)
	// Three jobs at once: the ids, with the batch's member lists and log
	// entries; the rollup keys (read once the gate is closed); the packs.
	type idJob struct {
		ids           []byte
		members, logs []kv
	}
	idc := make(chan idJob, 1)
	go func() {
		ids := model.NewIDs(n)
		idc <- idJob{ids, memberLists(batchID, ids), logLists(dev, first, ids)}
	}()
	type planJob struct {
		plan *rollupPlan
		err  error
	}
	plans := make(chan planJob, 1)
	go func() {
		sums, err := sumRows(rows, t, rates)
		if err != nil {
			plans <- planJob{err: err}
			return
		}
		plans <- planJob{plan: sums.plan(t)}
	}()
	// The sales are packed (sale_pack.go) in the order of customer, date
	// and row, so a customer's sales share few packs: ids[j], ascending,
	// goes to row order[j], with the stamp first+j.
	order = indexOrder(rows, t)
	job := <-idc
	ids = job.ids
	packs, byCustomer, ok := packRows(rows, t, order, ids, packInfo{batch: batchID, dev: dev, hlc0: first, created: now},
		int(s.db.Opts().ValueThreshold))
	if !ok {
		return nil, nil, now, false, nil
	}
	// The rollups, read once the gate is closed.
	rollups := func() ([]kv, error) {
		var out []kv
		err := s.db.View(func(txn *badger.Txn) error {
			p := <-plans
			if p.err != nil {
				return p.err
			}
			var err error
			out, err = p.plan.kvs(txn, t)
			return err
		})
		return out, err
	}
	ok, err = s.streamLead([][]kv{job.members}, nil, [][]kv{packs, byCustomer, job.logs}, rollups)
	if err != nil || !ok {
		return nil, nil, now, false, err
	}
	return ids, order, now, true, nil
}

// memberLists lists the ids as members of the batch.
func memberLists(batchID string, ids []byte) []kv {
	n := len(ids) / model.IDLen
	var out []kv
	for i := 0; i < n; i += saleListLen {
		to := min(i+saleListLen, n)
		out = append(out, kv{k: memberKey(batchID, string(ids[i*model.IDLen:(i+1)*model.IDLen])), v: encodeIDList(saleListMark, ids[i*model.IDLen:to*model.IDLen])})
	}
	return out
}

// logLists logs the ids as new sales, a thousand an entry, stamped from
// first on.
func logLists(dev string, first uint64, ids []byte) []kv {
	n := len(ids) / model.IDLen
	var out []kv
	for i := 0; i < n; i += 1000 {
		to := min(i+1000, n)
		out = append(out, kv{k: changeKey(first + uint64(i)), v: encodeBatchLogIDs(model.KindSale, dev, ids[i*model.IDLen:to*model.IDLen])})
	}
	return out
}

// encodeIDList is encodeSaleList of ids given 26 bytes each, with runs.
func encodeIDList(mark byte, ids []byte) []byte {
	return appendIDList([]byte{mark}, ids)
}

// encodeBatchLogIDs is encodeBatchLog of ids given 26 bytes each, with runs.
func encodeBatchLogIDs(kind, dev string, ids []byte) []byte {
	b := make([]byte, 0, 3+len(kind)+len(dev)+2*binary.MaxVarintLen64+model.IDLen)
	b = append(b, batchLogMark, byte(len(kind)))
	b = append(b, kind...)
	b = append(b, byte(len(dev)))
	b = append(b, dev...)
	b = binary.AppendUvarint(b, uint64(len(ids)/model.IDLen))
	return appendIDList(b, ids)
}

// indexOrder lists the rows in the order of their index keys: by customer,
// then date, then row. Two counting sorts, stable, date first: customers
// and dates are few beside the rows.
func indexOrder(rows *SaleRows, t *rowTables) []uint32 {
	n := rows.Len()
	byDate, out := make([]uint32, n), make([]uint32, n)
	date := func(i uint32) uint32 { return t.dateRank[t.dateLoc[rows.Rows[i].Date]] }
	cust := func(i uint32) uint32 { return t.custRank[t.custLoc[rows.Rows[i].Customer]] }
	all := func(yield func(uint32) bool) {
		for i := range uint32(n) {
			if !yield(i) {
				return
			}
		}
	}
	countSort(byDate, all, date, len(t.dates))
	countSort(out, slices.Values(byDate), cust, len(t.custIDs))
	return out
}

// countSort puts the positions from src into dst in the order of their keys
// (each below buckets), stable.
func countSort(dst []uint32, src iter.Seq[uint32], key func(uint32) uint32, buckets int) {
	at := make([]int, buckets+1)
	for i := range src {
		at[key(i)+1]++
	}
	for b := 1; b <= buckets; b++ {
		at[b] += at[b-1]
	}
	for i := range src {
		k := key(i)
		dst[at[k]] = i
		at[k]++
	}
}

// sortByString sorts positions by the strings at them.
func sortByString(order []int, list []string) {
	sort.Slice(order, func(a, b int) bool { return list[order[a]] < list[order[b]] })
}
