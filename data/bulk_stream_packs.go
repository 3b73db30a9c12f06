package data

import (
	"encoding/binary"
	"runtime"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// packInfo is what every pack of one import shares; hlc0 is the stamp of
// its first sale.
type packInfo struct {
	batch, dev string
	hlc0       uint64
	created    time.Time
}

// packRows packs the rows for streaming: rows in order, ids[j] (26 bytes
// each) the id of row order[j]. A streamed value must stay under the value
// threshold (the stream writer does not sync the value log before the
// tables pointing into it), so a pack holds as many sales as fit, up to
// 64. It returns the packs and their by-customer entries, in key order,
// and false when a single sale will not fit.
func packRows(rows *SaleRows, t *rowTables, order []uint32, ids []byte, info packInfo, limit int) (packs, byCustomer []kv, ok bool) {
	const perPack = 64
	limit -= 64 // Badger's own bytes beside the value
	// Runs of perPack rows, packed on every core; a run too big for one
	// value is cut in halves.
	runs := (len(order) + perPack - 1) / perPack
	parts := runtime.GOMAXPROCS(0)
	outP, outH := make([][]kv, parts), make([][]kv, parts)
	fail := make([]bool, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := newPackEncoder(rows, t, info)
			var cut func(from, to int) bool
			cut = func(from, to int) bool {
				v, ok := e.encode(order[from:to], ids[from*model.IDLen:to*model.IDLen], info.hlc0+uint64(from))
				if !ok {
					return false
				}
				if len(v) >= limit {
					if to-from == 1 {
						return false
					}
					mid := (from + to) / 2
					return cut(from, mid) && cut(mid, to)
				}
				first := string(ids[from*model.IDLen : (from+1)*model.IDLen])
				outP[p] = append(outP[p], kv{k: packKey(first), v: v})
				prev := int32(-1)
				for _, i := range order[from:to] {
					if c := t.custLoc[rows.Rows[i].Customer]; c != prev {
						outH[p] = append(outH[p], kv{k: packByCustomerKey(t.custIDs[c], first)})
						prev = c
					}
				}
				return true
			}
			for r := p * runs / parts; r < (p+1)*runs/parts; r++ {
				if !cut(r*perPack, min((r+1)*perPack, len(order))) {
					fail[p] = true
					return
				}
			}
		}()
	}
	wg.Wait()
	for p := range parts {
		if fail[p] {
			return nil, nil, false
		}
		packs = append(packs, outP[p]...)
		byCustomer = append(byCustomer, outH[p]...)
	}
	return packs, byCustomer, true
}

// packEncoder writes packs of compact rows as encodePack writes them from
// sales, without making the sales: the pack's table of strings is kept by
// the strings' places in the row tables (a string in two places, like an
// empty tier and note, is listed twice; a reader cannot tell).
type packEncoder struct {
	rows *SaleRows
	t    *rowTables
	info packInfo
	// Places: dates, customers, products, currencies, notes, tiers, regions.
	base        [7]int
	seen, ref   []uint32 // by place: the pack that listed it last (+1), and where
	pack        uint32
	table, body []byte
	count       int
}

func newPackEncoder(rows *SaleRows, t *rowTables, info packInfo) *packEncoder {
	e := &packEncoder{rows: rows, t: t, info: info}
	n := 0
	for i, l := range []int{len(t.dates), len(t.custIDs), len(t.prods), len(t.curs), len(rows.Strings), len(t.trs), len(t.trs)} {
		e.base[i] = n
		n += l
	}
	e.seen, e.ref = make([]uint32, n), make([]uint32, n)
	return e
}

// str is the table index of the string at place (kind, i), listing it in
// the table when the pack has not yet.
func (e *packEncoder) str(kind, i int, s string) uint64 {
	k := e.base[kind] + i
	if e.seen[k] != e.pack {
		e.seen[k], e.ref[k] = e.pack, uint32(e.count)
		e.table = appendPackString(e.table, s)
		e.count++
	}
	return uint64(e.ref[k])
}

// encode packs the rows of order, whose ids (idLen bytes each) ascend, the
// first stamped hlc0. It reports false when the ids do not ascend.
func (e *packEncoder) encode(order []uint32, ids []byte, hlc0 uint64) ([]byte, bool) {
	e.pack++
	e.table, e.body, e.count = e.table[:0], e.body[:0], 0
	t := e.t
	for j, i := range order {
		id := ids[j*model.IDLen : (j+1)*model.IDLen]
		next := j > 0 && follows(ids[(j-1)*model.IDLen:j*model.IDLen], id)
		if j > 0 && !next && string(id) <= string(ids[(j-1)*model.IDLen:j*model.IDLen]) {
			return nil, false
		}
		x := &e.rows.Rows[i]
		d, c, pr, cu := t.dateLoc[x.Date], t.custLoc[x.Customer], t.prodLoc[x.Product], t.curLoc[x.Currency]
		tr := int(t.custTR[c])
		refs := [packStrings]uint64{
			e.str(0, int(d), t.dates[d]),
			e.str(1, int(c), t.custIDs[c]),
			e.str(2, int(pr), t.prods[pr]),
			e.str(3, int(cu), t.curs[cu]),
			e.str(4, int(x.Note), e.rows.Strings[x.Note]),
			e.str(5, tr, t.trs[tr].tier),
			e.str(6, tr, t.trs[tr].region),
		}
		e.body = appendPackSale(e.body, id, next, &refs, x.Quantity, x.Amount)
	}
	b := make([]byte, 0, 32+len(e.info.batch)+len(e.info.dev)+len(e.table)+len(e.body))
	b = appendPackHead(b, e.info.batch, e.info.dev, hlc0, e.info.created)
	b = binary.AppendUvarint(b, uint64(e.count))
	b = append(b, e.table...)
	b = binary.AppendUvarint(b, uint64(len(order)))
	return append(b, e.body...), true
}
