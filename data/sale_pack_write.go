package data

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// packSize is how many sales a pack holds (the last of an import fewer).
const packSize = 1000

// WritePackedSales writes new sales of a pending batch packed
// (sale_pack.go), in one transaction: packs, their by-customer entries,
// the batch's members, a compact log entry per pack and the rollup changes
// (or, with a deferred cache, their sum). The sales are ordered by customer
// and date before they get their ids, so a customer's sales share few
// packs. It sets ID, Batch, Tier, Region, Created and Updated.
func (s *Store) WritePackedSales(batchID string, sales []*model.Sale, cache *SalesCache) error {
	if len(sales) == 0 {
		return nil
	}
	if cache == nil {
		cache = NewSalesCache()
	}
	order := slices.Clone(sales)
	slices.SortStableFunc(order, func(a, b *model.Sale) int {
		return cmp.Or(strings.Compare(a.CustomerID, b.CustomerID), strings.Compare(a.Date, b.Date))
	})
	var delta rollupDelta
	out := make([]model.Sale, len(order))
	err := s.updateNoSync(func(txn *badger.Txn) error {
		w, err := newSalesWriter(txn)
		if err != nil {
			return err
		}
		w.customers = cache.customers
		if err := s.seedClock(txn); err != nil {
			return err
		}
		dev, err := deviceID(txn)
		if err != nil {
			return err
		}
		// Ids sort by time: made in the sales' new order, they keep it.
		ids := make([]string, len(order))
		for i := range ids {
			ids[i] = model.NewID()
		}
		slices.Sort(ids)
		for i, sale := range order {
			cp := *sale
			cp.ID, cp.Batch = ids[i], batchID
			if err := w.tag(&cp); err != nil {
				return err
			}
			cp.Created, cp.Updated = w.now, w.now
			base, err := w.rates.toBase(cp.Amount, cp.Currency, cp.Date)
			if err != nil {
				return err
			}
			w.delta.add(&cp, base, 1)
			out[i] = cp
		}
		first := s.hlc.tickN(len(out))
		for i := 0; i < len(out); i += packSize {
			part := out[i:min(i+packSize, len(out))]
			p := &salePack{batch: batchID, dev: dev, hlc0: first + uint64(i), created: w.now, sales: part}
			if err := putPack(txn, p); err != nil {
				return err
			}
			if err := txn.Set(changeKey(p.hlc0), encodeBatchLog(model.KindSale, dev, ids[i:i+len(part)])); err != nil {
				return err
			}
		}
		for i := 0; i < len(ids); i += saleListLen {
			part := ids[i:min(i+saleListLen, len(ids))]
			if err := txn.Set(memberKey(batchID, part[0]), encodeSaleList(part)); err != nil {
				return err
			}
		}
		if cache.deferred != nil {
			delta = w.delta
			return nil
		}
		return w.flush()
	})
	if errors.Is(err, badger.ErrTxnTooBig) && len(sales) > packSize {
		half := len(sales) / 2
		if err := s.WritePackedSales(batchID, sales[:half], cache); err != nil {
			return err
		}
		return s.WritePackedSales(batchID, sales[half:], cache)
	}
	if err != nil {
		return err
	}
	if delta != nil {
		cache.deferred.merge(delta)
	}
	for i, sale := range order {
		*sale = out[i]
	}
	return nil
}

// putPack writes a pack and its by-customer entries.
func putPack(txn *badger.Txn, p *salePack) error {
	v, err := encodePack(p)
	if err != nil {
		return err
	}
	first := p.sales[0].ID
	if err := txn.Set(packKey(first), v); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, s := range p.sales {
		if !seen[s.CustomerID] {
			seen[s.CustomerID] = true
			if err := txn.Set(packByCustomerKey(s.CustomerID, first), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropPacks deletes the packs of a reverted batch, with their by-customer
// entries and gone marks, once every sale in them is gone: the undo of a
// packed import leaves nothing behind. A pack and its marks go in the same
// transaction, so no sale of it can come back.
func (s *Store) dropPacks(batchID string) error {
	var from []byte
	for {
		var keys [][]byte
		err := s.view(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 16, Prefix: []byte{pSalePack}})
			defer it.Close()
			it.Rewind()
			if from != nil {
				it.Seek(from)
			}
			for ; it.Valid() && len(keys) < 20_000; it.Next() {
				from = append(it.Item().KeyCopy(nil), 0)
				p, err := itemPack(it.Item())
				if err != nil {
					return err
				}
				if p.batch != batchID {
					continue
				}
				var marks [][]byte
				for i, sale := range p.sales {
					if g, err := gone(txn, sale.ID); err != nil || !g {
						marks = nil
						if err != nil {
							return err
						}
						break
					}
					marks = append(marks, goneKey(sale.ID))
					if i == 0 || sale.CustomerID != p.sales[i-1].CustomerID {
						marks = append(marks, packByCustomerKey(sale.CustomerID, p.sales[0].ID))
					}
				}
				if marks != nil {
					keys = append(append(keys, it.Item().KeyCopy(nil)), marks...)
				}
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		if err := s.updateNoSync(func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
}
