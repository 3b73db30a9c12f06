package data

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// rowSums are the rollup changes of new rows, summed with integer keys
// rather than eight rollup keys a sale: by customer and month (the
// customer's history, under the customer and under its tier and region) and by
// tier and region, product and month (the segment rollup, and from it
// all, tier, region and product). Each stored key is made once, from its
// sum.
type rowSums struct {
	cm  map[uint64]model.Agg    // customer<<32 | month
	seg map[[3]uint32]model.Agg // (tier, region), product, month
}

func add(m map[uint64]model.Agg, k uint64, amount int64) {
	a := m[k]
	a.Amount = model.AddAmount(a.Amount, amount)
	a.Orders++
	m[k] = a
}

// maxDense is the most cells sumRows counts in a table rather than a map:
// customers × months (or tier-regions × products × months) of a file that
// spans a few years fit; decades of a hundred thousand customers do not.
const maxDense = 1 << 21

// sumRows sums the rows' rollup changes on every core: in tables indexed by
// customer and month when they are small enough, which is several times
// quicker than a map a row.
func sumRows(rows *SaleRows, t *rowTables, rates *rateTable) (*rowSums, error) {
	if len(t.dateMonth) == 0 {
		return sumRowsMap(rows, t, rates)
	}
	m0, m1 := slices.Min(t.dateMonth), slices.Max(t.dateMonth)
	nm, nc, np := int(m1-m0)+1, len(t.custIDs), len(t.prods)
	nseg := len(t.trs) * np * nm
	if nc*nm > maxDense || nseg > maxDense {
		return sumRowsMap(rows, t, rates)
	}
	type tables struct{ cm, seg []model.Agg }
	sums := make([]tables, runtime.GOMAXPROCS(0))
	err := inParts(rows.Len(), len(sums), func(p, from, to int) error {
		cm, seg := make([]model.Agg, nc*nm), make([]model.Agg, nseg)
		for i := from; i < to; i++ {
			x := &rows.Rows[i]
			c, d := int(t.custLoc[x.Customer]), t.dateLoc[x.Date]
			base, err := rates.toBase(x.Amount, t.curs[t.curLoc[x.Currency]], t.dates[d])
			if err != nil {
				return err
			}
			m := int(t.dateMonth[d] - m0)
			a := &cm[c*nm+m]
			a.Amount = model.AddAmount(a.Amount, base)
			a.Orders++
			a = &seg[(int(t.custTR[c])*np+int(t.prodLoc[x.Product]))*nm+m]
			a.Amount = model.AddAmount(a.Amount, base)
			a.Orders++
		}
		sums[p] = tables{cm, seg}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cm, seg := sums[0].cm, sums[0].seg
	for _, r := range sums[1:] {
		for i, v := range r.cm {
			cm[i].Amount = model.AddAmount(cm[i].Amount, v.Amount)
			cm[i].Orders += v.Orders
		}
		for i, v := range r.seg {
			seg[i].Amount = model.AddAmount(seg[i].Amount, v.Amount)
			seg[i].Orders += v.Orders
		}
	}
	// Every row counts an order, so a cell without one was never touched.
	out := &rowSums{cm: map[uint64]model.Agg{}, seg: map[[3]uint32]model.Agg{}}
	for i, a := range cm {
		if a.Orders != 0 {
			out.cm[uint64(i/nm)<<32|uint64(m0)+uint64(i%nm)] = a
		}
	}
	for i, a := range seg {
		if a.Orders != 0 {
			k := i / nm
			out.seg[[3]uint32{uint32(k / np), uint32(k % np), m0 + uint32(i%nm)}] = a
		}
	}
	return out, nil
}

// sumRowsMap is sumRows with maps.
func sumRowsMap(rows *SaleRows, t *rowTables, rates *rateTable) (*rowSums, error) {
	sums := make([]*rowSums, runtime.GOMAXPROCS(0))
	err := inParts(rows.Len(), len(sums), func(p, from, to int) error {
		r := &rowSums{cm: map[uint64]model.Agg{}, seg: map[[3]uint32]model.Agg{}}
		for i := from; i < to; i++ {
			x := &rows.Rows[i]
			c, d := t.custLoc[x.Customer], t.dateLoc[x.Date]
			base, err := rates.toBase(x.Amount, t.curs[t.curLoc[x.Currency]], t.dates[d])
			if err != nil {
				return err
			}
			m := t.dateMonth[d]
			add(r.cm, uint64(c)<<32|uint64(m), base)
			k := [3]uint32{t.custTR[c], uint32(t.prodLoc[x.Product]), m}
			a := r.seg[k]
			a.Amount = model.AddAmount(a.Amount, base)
			a.Orders++
			r.seg[k] = a
		}
		sums[p] = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := sums[0]
	for _, r := range sums[1:] {
		for k, v := range r.cm {
			a := out.cm[k]
			a.Amount = model.AddAmount(a.Amount, v.Amount)
			a.Orders += v.Orders
			out.cm[k] = a
		}
		for k, v := range r.seg {
			a := out.seg[k]
			a.Amount = model.AddAmount(a.Amount, v.Amount)
			a.Orders += v.Orders
			out.seg[k] = a
		}
	}
	return out, nil
}

// inParts runs fn on parts goroutines, part p over [from, to) of n, and
// returns the first error.
func inParts(n, parts int, fn func(p, from, to int) error) error {
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[p] = fn(p, p*n/parts, (p+1)*n/parts)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// arena hands out byte slices from big blocks: hundreds of thousands of
// rollup keys and values, one allocation a megabyte.
type arena struct{ buf []byte }

func (a *arena) copy(b []byte) []byte {
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, max(1<<20, len(b)))
	}
	n := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[n:len(a.buf):len(a.buf)]
}

func (a *arena) agg(x model.Agg) []byte {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:], uint64(x.Amount))
	binary.BigEndian.PutUint64(b[8:], uint64(x.Orders))
	return a.copy(b[:])
}

// rollupSum is a summed rollup key.
type rollupSum struct {
	k []byte
	a model.Agg
}

// rollupPlan is the rollup keys of the sums, sorted, and the customers'
// months: all that does not need the stored values, so it can be made
// before the store's gate closes.
type rollupPlan struct {
	ar   arena
	sums []rollupSum
	hs   []histSum
}

// histSum is a month of a customer's history.
type histSum struct {
	rank, c, m uint32
	a          model.Agg
}

// plan makes the rollup keys of the sums.
func (r *rowSums) plan(t *rowTables) *rollupPlan {
	pl := &rollupPlan{}
	ar := &pl.ar
	names := map[uint32]string{}
	month := func(m uint32) string {
		s, ok := names[m]
		if !ok {
			s = monthName(int(m))
			names[m] = s
		}
		return s
	}
	small := rollupDelta{}
	addKey := func(k []byte, v model.Agg) {
		a := small[string(k)]
		a.Amount = model.AddAmount(a.Amount, v.Amount)
		a.Orders += v.Orders
		small[string(k)] = a
	}
	for k, v := range r.seg {
		tr, p, m := t.trs[k[0]], t.prods[k[1]], month(k[2])
		addKey(rollupKey(m, model.DimAll, ""), v)
		addKey(rollupKey(m, model.DimTier, tr.tier), v)
		addKey(rollupKey(m, model.DimRegion, tr.region), v)
		addKey(rollupKey(m, model.DimProduct, p), v)
		addKey(rollupKey(m, dimSegment, segmentValue(tr.tier, tr.region, p)), v)
	}
	// The month-major rollups are few (months × tiers, regions, products),
	// sorted as they are made; the per-customer ones are histories.
	sums := make([]rollupSum, 0, len(small))
	for _, k := range slices.Sorted(maps.Keys(small)) {
		sums = append(sums, rollupSum{ar.copy([]byte(k)), small[k]})
	}
	hs := make([]histSum, 0, len(r.cm))
	for k, v := range r.cm {
		c, mi := uint32(k>>32), uint32(k)
		hs = append(hs, histSum{t.custRank[c], c, mi, v})
	}
	slices.SortFunc(hs, func(a, b histSum) int {
		if a.rank != b.rank {
			return cmp.Compare(a.rank, b.rank)
		}
		return cmp.Compare(a.m, b.m)
	})
	pl.sums, pl.hs = sums, hs
	return pl
}

// kvs gives the rollup entries the plan makes of the stored ones (read in
// txn): each key's new value, or its deletion when it comes to nothing.
func (pl *rollupPlan) kvs(txn *badger.Txn, t *rowTables) ([]kv, error) {
	ar, sums, hs := &pl.ar, pl.sums, pl.hs
	out := make([]kv, 0, len(sums)+2*len(t.custIDs))
	// The stored values: one walk over the stored rollup keys, jumping
	// ahead when the next summed key is far.
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pRollup}})
	defer it.Close()
	it.Rewind()
	for _, s := range sums {
		for steps := 0; it.Valid() && bytes.Compare(it.Item().Key(), s.k) < 0; steps++ {
			if steps == 8 {
				it.Seek(s.k)
				break
			}
			it.Next()
		}
		var cur model.Agg
		found := it.Valid() && bytes.Equal(it.Item().Key(), s.k)
		if found {
			if err := it.Item().Value(func(b []byte) error {
				var err error
				cur, err = decodeAgg(b)
				return err
			}); err != nil {
				return nil, err
			}
		}
		cur.Amount = model.AddAmount(cur.Amount, s.a.Amount)
		cur.Orders += s.a.Orders
		switch {
		case cur != (model.Agg{}):
			out = append(out, kv{k: s.k, v: ar.agg(cur)})
		case found:
			out = append(out, kv{k: s.k, del: true})
		}
	}
	// The customers' histories, customer by customer.
	var changes []monthAgg
	for i := 0; i < len(hs); {
		j := i
		changes = changes[:0]
		for ; j < len(hs) && hs[j].c == hs[i].c; j++ {
			changes = append(changes, monthAgg{int(hs[j].m), hs[j].a})
		}
		c := hs[i].c
		i = j
		// The same months under the customer and under its tier and region.
		tr := t.trs[t.custTR[c]]
		for _, key := range [][]byte{historyKey(t.custIDs[c]), tierHistoryKey(tr.tier, tr.region, t.custIDs[c])} {
			e, ok, err := historyKV(txn, key, changes)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, e)
			}
		}
	}
	return out, nil
}
