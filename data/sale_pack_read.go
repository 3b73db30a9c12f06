package data

import (
	"encoding/json"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// eachStoredSale calls fn for every sale, records and packed sales alike, in
// id (creation) order. fn may keep the sale. Every reader of all sales goes
// through it, so none can miss the packed ones.
func eachStoredSale(txn *badger.Txn, fn func(*model.Sale) error) error {
	gone := goneSet(txn)
	records := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256, Prefix: []byte{pSale}})
	defer records.Close()
	packs := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 2, Prefix: []byte{pSalePack}})
	defer packs.Close()
	records.Rewind()
	packs.Rewind()
	var pack []model.Sale
	nextPacked := func() (*model.Sale, error) {
		for {
			for len(pack) > 0 {
				s := &pack[0]
				pack = pack[1:]
				if !gone[s.ID] {
					return s, nil
				}
			}
			if !packs.Valid() {
				return nil, nil
			}
			p, err := itemPack(packs.Item())
			if err != nil {
				return nil, err
			}
			packs.Next()
			pack = p.sales
		}
	}
	nextRecord := func() (*model.Sale, error) {
		if !records.Valid() {
			return nil, nil
		}
		sale := new(model.Sale)
		if err := records.Item().Value(func(b []byte) error { return json.Unmarshal(b, sale) }); err != nil {
			return nil, fmt.Errorf("sale %s: %w", records.Item().Key()[1:], err)
		}
		records.Next()
		return sale, nil
	}
	r, err := nextRecord()
	if err != nil {
		return err
	}
	p, err := nextPacked()
	if err != nil {
		return err
	}
	for r != nil || p != nil {
		var s *model.Sale
		if p == nil || r != nil && r.ID < p.ID {
			s = r
			r, err = nextRecord()
		} else {
			s = p
			p, err = nextPacked()
		}
		if err != nil {
			return err
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// countSales counts the sales: records, plus packed sales not gone.
func countSales(txn *badger.Txn) (int, error) {
	n := 0
	for _, p := range []byte{pSale, pSaleGone} {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
		for it.Rewind(); it.Valid(); it.Next() {
			if p == pSale {
				n++
			} else {
				n--
			}
		}
		it.Close()
	}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 2, Prefix: []byte{pSalePack}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		err := it.Item().Value(func(v []byte) error {
			m, err := packLen(v)
			n += m
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("sale pack %s: %w", it.Item().Key()[1:], err)
		}
	}
	return n, nil
}

// packedCustomerSales are a customer's packed sales (not gone) dated from..to
// (either "" for open), through the packs the customer has sales in.
func packedCustomerSales(txn *badger.Txn, customerID, from, to string) ([]*model.Sale, error) {
	var list []*model.Sale
	prefix := indexPrefix(pPackByCustomer, customerID)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		first := string(it.Item().Key()[len(prefix):])
		item, err := txn.Get(packKey(first))
		if err != nil {
			return nil, fmt.Errorf("sale pack %s: %w", first, err)
		}
		p, err := itemPack(item)
		if err != nil {
			return nil, err
		}
		for i := range p.sales {
			s := &p.sales[i]
			if s.CustomerID != customerID || from != "" && s.Date < from || to != "" && s.Date > to {
				continue
			}
			if g, err := gone(txn, s.ID); err != nil {
				return nil, err
			} else if !g {
				list = append(list, s)
			}
		}
	}
	return list, nil
}

// expectedPackIndex adds H|customer|sep|pack for every customer of every
// pack to want.
func expectedPackIndex(txn *badger.Txn, want map[string]bool) error {
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 2, Prefix: []byte{pSalePack}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		first := string(it.Item().Key()[1:])
		p, err := itemPack(it.Item())
		if err != nil {
			return err
		}
		for _, s := range p.sales {
			want[string(packByCustomerKey(s.CustomerID, first))] = true
		}
	}
	return nil
}
