package data

import (
	"runtime"
	"sync"
	"time"
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
			buf := make([]Sale, perPack)
			var cut func(from, to int) bool
			cut = func(from, to int) bool {
				sales := buf[:to-from]
				for j := from; j < to; j++ {
					x := &rows.Rows[order[j]]
					c := t.custLoc[x.Customer]
					tr := t.trs[t.custTR[c]]
					sales[j-from] = Sale{ID: string(ids[j*idLen : (j+1)*idLen]), Date: t.dates[t.dateLoc[x.Date]],
						CustomerID: t.custIDs[c], Product: t.prods[t.prodLoc[x.Product]], Currency: t.curs[t.curLoc[x.Currency]],
						Note: rows.Strings[x.Note], Tier: tr.tier, Region: tr.region, Quantity: x.Quantity, Amount: x.Amount}
				}
				v, err := encodePack(&salePack{batch: info.batch, dev: info.dev, hlc0: info.hlc0 + uint64(from), created: info.created, sales: sales})
				if err != nil {
					return false
				}
				if len(v) >= limit {
					if to-from == 1 {
						return false
					}
					mid := (from + to) / 2
					return cut(from, mid) && cut(mid, to)
				}
				outP[p] = append(outP[p], kv{k: packKey(sales[0].ID), v: v})
				for j := range sales {
					if j == 0 || sales[j].CustomerID != sales[j-1].CustomerID {
						outH[p] = append(outH[p], kv{k: packByCustomerKey(sales[j].CustomerID, sales[0].ID)})
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
