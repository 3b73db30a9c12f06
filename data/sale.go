package data

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// salesWriter applies sale writes and deletes inside one transaction, with
// the rollup changes they imply summed and written once per key.
type salesWriter struct {
	txn       *badger.Txn
	rates     *rateTable
	customers map[string]saleTags
	delta     rollupDelta
	now       time.Time
	// fresh, when set, collects the new sales instead of logging each: an
	// import logs them together (logCreatedBatch).
	fresh *[]string
}

func newSalesWriter(txn *badger.Txn) (*salesWriter, error) {
	rates, err := loadRates(txn)
	if err != nil {
		return nil, err
	}
	return &salesWriter{txn: txn, rates: rates, customers: map[string]saleTags{}, delta: rollupDelta{}, now: time.Now().UTC()}, nil
}

// saleTags is what a sale takes from its customer: tier and province.
type saleTags struct{ tier, region string }

func (w *salesWriter) customer(id string) (saleTags, error) {
	if t, ok := w.customers[id]; ok {
		return t, nil
	}
	c, err := getCustomer(w.txn, id)
	if errors.Is(err, model.ErrNotFound) {
		return saleTags{}, fmt.Errorf("customer %s: %w", id, model.ErrNoCustomer)
	}
	if err != nil {
		return saleTags{}, err
	}
	t := saleTags{c.Tier, c.Province}
	w.customers[id] = t
	return t, nil
}

// put writes a sale (new when its id is empty or unknown), replacing the old
// record's index entry and rollup contributions.
func (w *salesWriter) put(s *model.Sale) error {
	if err := w.tag(s); err != nil {
		return err
	}
	logged := true
	if s.ID == "" {
		s.ID = model.NewID()
		if w.fresh != nil {
			*w.fresh = append(*w.fresh, s.ID)
			logged = false
		}
	} else if old, err := getSale(w.txn, s.ID); err == nil {
		if err := w.remove(old); err != nil {
			return err
		}
		if s.Created.IsZero() {
			s.Created = old.Created
		}
	} else if !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if s.Created.IsZero() {
		s.Created = w.now
	}
	s.Updated = w.now
	base, err := w.rates.toBase(s.Amount, s.Currency, s.Date)
	if err != nil {
		return err
	}
	v, err := s.Marshal()
	if err != nil {
		return err
	}
	if logged {
		noteWrite(w.txn, model.KindSale, s.ID, saleKey(s.ID))
	}
	if err := w.txn.Set(saleKey(s.ID), v); err != nil {
		return err
	}
	if err := w.txn.Set(saleByCustomerKey(s), nil); err != nil {
		return err
	}
	w.delta.add(s, base, 1)
	return nil
}

// tag checks and tidies a sale about to be written (the base currency when
// it has none) and gives it its customer's tier and province.
func (w *salesWriter) tag(s *model.Sale) error {
	if s.Currency == "" {
		s.Currency = w.rates.base
	}
	if err := s.Clean(); err != nil {
		return err
	}
	c, err := w.customer(s.CustomerID)
	if err != nil {
		return err
	}
	s.Tier, s.Region = c.tier, c.region
	return nil
}

// remove deletes a stored sale with its index entry and contributions.
func (w *salesWriter) remove(old *model.Sale) error {
	base, err := w.rates.toBase(old.Amount, old.Currency, old.Date)
	if err != nil {
		return err
	}
	noteWrite(w.txn, model.KindSale, old.ID, saleKey(old.ID))
	// A packed sale without a record of its own is marked gone instead.
	if _, err := w.txn.Get(saleKey(old.ID)); errors.Is(err, badger.ErrKeyNotFound) {
		if err := w.txn.Set(goneKey(old.ID), nil); err != nil {
			return err
		}
	} else if err != nil {
		return err
	} else if err := w.txn.Delete(saleKey(old.ID)); err != nil {
		return err
	} else if err := w.txn.Delete(saleByCustomerKey(old)); err != nil {
		return err
	}
	if w.delta != nil {
		w.delta.add(old, -base, -1)
	}
	return nil
}

// flush writes the summed rollup changes.
func (w *salesWriter) flush() error { return w.delta.apply(w.txn) }

func getSale(txn *badger.Txn, id string) (*model.Sale, error) {
	item, err := txn.Get(saleKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		s, err := packedSale(txn, id)
		if err == nil && s == nil {
			err = model.ErrNotFound
		}
		if err != nil {
			return nil, fmt.Errorf("sale %s: %w", id, err)
		}
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	s := new(model.Sale)
	if err := item.Value(func(b []byte) error { return json.Unmarshal(b, s) }); err != nil {
		return nil, fmt.Errorf("sale %s: %w", id, err)
	}
	return s, nil
}

// PutSale inserts a sale (an empty ID gets a new one) or replaces the stored
// one; the record, its index entry and every rollup change in one
// transaction. It sets ID, Created, Updated, Tier and Region.
func (s *Store) PutSale(sale *model.Sale) error {
	return s.update(func(txn *badger.Txn) error {
		cp := *sale
		w, err := newSalesWriter(txn)
		if err != nil {
			return err
		}
		if err := w.put(&cp); err != nil {
			return err
		}
		if err := w.flush(); err != nil {
			return err
		}
		*sale = cp
		return nil
	})
}

// DeleteSale removes a sale and its rollup contributions in one transaction
// and returns it.
func (s *Store) DeleteSale(id string) (*model.Sale, error) {
	var old *model.Sale
	err := s.update(func(txn *badger.Txn) error {
		var err error
		if old, err = getSale(txn, id); err != nil {
			return err
		}
		w, err := newSalesWriter(txn)
		if err != nil {
			return err
		}
		if err := w.remove(old); err != nil {
			return err
		}
		return w.flush()
	})
	return old, err
}

// Sale returns one sale, or ErrNotFound.
func (s *Store) Sale(id string) (*model.Sale, error) {
	var sale *model.Sale
	err := s.view(func(txn *badger.Txn) error {
		var err error
		sale, err = getSale(txn, id)
		return err
	})
	return sale, err
}

// CustomerSales returns a customer's sales dated from..to (YYYY-MM-DD,
// either "" for open), oldest first, through the by-customer indexes.
func (s *Store) CustomerSales(customerID, from, to string) ([]*model.Sale, error) {
	var list []*model.Sale
	err := s.view(func(txn *badger.Txn) error {
		var err error
		list, err = customerSalesIn(txn, customerID, from, to)
		return err
	})
	return list, err
}

// customerSales reads a customer's sales inside a transaction.
func customerSales(txn *badger.Txn, customerID string) ([]*model.Sale, error) {
	return customerSalesIn(txn, customerID, "", "")
}

// customerSalesIn is a customer's sales dated from..to, by date then id:
// the records through h|customer, the packed sales through H|customer.
func customerSalesIn(txn *badger.Txn, customerID, from, to string) ([]*model.Sale, error) {
	var list []*model.Sale
	prefix := indexPrefix(pSaleByCustomer, customerID)
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Seek(append(append([]byte{}, prefix...), from...)); it.Valid(); it.Next() {
		k := it.Item().Key()[len(prefix):]
		if len(k) < 11 {
			continue
		}
		if to != "" && string(k[:10]) > to {
			break
		}
		sale, err := getSale(txn, string(k[11:]))
		if err != nil {
			return nil, err
		}
		list = append(list, sale)
	}
	packed, err := packedCustomerSales(txn, customerID, from, to)
	if err != nil || len(packed) == 0 {
		return list, err
	}
	list = append(list, packed...)
	slices.SortFunc(list, func(a, b *model.Sale) int {
		return cmp.Or(strings.Compare(a.Date, b.Date), strings.Compare(a.ID, b.ID))
	})
	return list, nil
}

// EachSale calls fn for every sale in id (creation) order. fn may keep the sale.
func (s *Store) EachSale(fn func(*model.Sale) error) error {
	return s.view(func(txn *badger.Txn) error { return eachStoredSale(txn, fn) })
}

// CountSales counts the sales without decoding them.
func (s *Store) CountSales() (int, error) {
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		var err error
		n, err = countSales(txn)
		return err
	})
	return n, err
}

// SalesCache keeps the customers a sales import has looked up, from one
// chunk to the next (tier and province are read once per customer, not once
// per chunk). It belongs to one import and one goroutine. It keeps only
// tier and province: a sales import may create hundreds of thousands of
// customers, and whole records would hold them all in memory.
type SalesCache struct {
	customers map[string]saleTags
	// deferred, when set, sums the chunks' rollup changes instead of
	// writing them with each chunk (Batch.DeferRollups, rollup_defer.go).
	deferred rollupDelta
}

// NewSalesCache returns an empty cache for WriteSalesChunk.
func NewSalesCache() *SalesCache { return &SalesCache{customers: map[string]saleTags{}} }

// Add puts customers the caller has just written (those a sales import
// created, through WriteChunk of the same batch) into the cache, sparing a
// read of each. It keeps only what sales take from a customer.
func (c *SalesCache) Add(cs ...*model.Customer) {
	for _, cu := range cs {
		c.customers[cu.ID] = saleTags{cu.Tier, cu.Province}
	}
}

// WriteSalesChunk writes new sales of a pending batch in one transaction:
// records, index entries, the batch's members and the rollup changes land
// together or not at all. A chunk too big for one transaction is split.
// cache may be nil.
func (s *Store) WriteSalesChunk(batchID string, sales []*model.Sale, cache *SalesCache) error {
	if cache == nil {
		cache = NewSalesCache()
	}
	var delta rollupDelta // this chunk's, when deferred
	err := s.updateNoSync(func(txn *badger.Txn) error {
		w, err := newSalesWriter(txn)
		if err != nil {
			return err
		}
		delta = nil
		w.customers = cache.customers
		fresh := make([]string, 0, len(sales))
		w.fresh = &fresh
		for _, sale := range sales {
			sale.Batch = batchID // a new record: put gives it an id
			if err := w.put(sale); err != nil {
				return err
			}
		}
		if len(sales) == 0 {
			return nil
		}
		// One member for every saleListLen sales: undo deletes them.
		ids := make([]string, len(sales))
		for i, sale := range sales {
			ids[i] = sale.ID
		}
		for i := 0; i < len(ids); i += saleListLen {
			part := ids[i:min(i+saleListLen, len(ids))]
			if err := txn.Set(memberKey(batchID, part[0]), encodeSaleList(part)); err != nil {
				return err
			}
		}
		if err := s.logCreatedBatch(txn, model.KindSale, fresh); err != nil {
			return err
		}
		if cache.deferred != nil {
			delta = w.delta
			return nil
		}
		return w.flush()
	})
	if err == nil && delta != nil {
		cache.deferred.merge(delta)
	}
	if errors.Is(err, badger.ErrTxnTooBig) && len(sales) > 1 {
		half := len(sales) / 2
		if err := s.WriteSalesChunk(batchID, sales[:half], cache); err != nil {
			return err
		}
		return s.WriteSalesChunk(batchID, sales[half:], cache)
	}
	return err
}

// revertSales deletes the sales of batch members (those still there) with
// their rollup contributions inside txn; the caller deletes the members.
func revertSales(txn *badger.Txn, ids []string, rollups bool) error {
	w, err := newSalesWriter(txn)
	if err != nil {
		return err
	}
	if !rollups {
		w.delta = nil // nothing to take back: the caller rebuilds them
	}
	for _, id := range ids {
		old, err := getSale(txn, id)
		switch {
		case errors.Is(err, model.ErrNotFound):
		case err != nil:
			return err
		default:
			if err := w.remove(old); err != nil {
				return err
			}
		}
	}
	return w.flush()
}

// InsertSales writes new sales in bulk (the demo): records and index entries
// through one WriteBatch, the rollups summed in memory and then added in a
// few transactions. Like InsertNew it is not one transaction.
func (s *Store) InsertSales(sales []*model.Sale) error {
	var rates *rateTable
	customers := map[string]*model.Customer{}
	err := s.view(func(txn *badger.Txn) error {
		var err error
		if rates, err = loadRates(txn); err != nil {
			return err
		}
		for _, sale := range sales {
			if _, ok := customers[sale.CustomerID]; ok {
				continue
			}
			c, err := getCustomer(txn, sale.CustomerID)
			if err != nil {
				return fmt.Errorf("sale of %s: %w", sale.CustomerID, model.ErrNoCustomer)
			}
			customers[sale.CustomerID] = c
		}
		return nil
	})
	if err != nil {
		return err
	}
	delta := rollupDelta{}
	s.gate.enter()
	defer s.gate.leave()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	if err := wb.Delete(logAllMark); err != nil { // unlogged: LogExisting logs them
		return err
	}
	now := time.Now().UTC()
	for _, sale := range sales {
		if sale.Currency == "" {
			sale.Currency = rates.base
		}
		if err := sale.Clean(); err != nil {
			return err
		}
		c := customers[sale.CustomerID]
		sale.Tier, sale.Region = c.Tier, c.Province
		if sale.ID == "" {
			sale.ID = model.NewID()
		}
		if sale.Created.IsZero() {
			sale.Created = now
		}
		if sale.Updated.IsZero() {
			sale.Updated = sale.Created
		}
		base, err := rates.toBase(sale.Amount, sale.Currency, sale.Date)
		if err != nil {
			return err
		}
		b, err := json.Marshal(sale)
		if err != nil {
			return err
		}
		if err := wb.Set(saleKey(sale.ID), b); err != nil {
			return err
		}
		if err := wb.Set(saleByCustomerKey(sale), nil); err != nil {
			return err
		}
		delta.add(sale, base, 1)
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	if err := delta.applyChunked(s); err != nil {
		return err
	}
	return s.Sync()
}

// RetagSales moves a customer's sales (and their rollup contributions) to
// the customer's current tier and province. Call it after a change of tier
// or province when past revenue should follow the customer.
func (s *Store) RetagSales(customerID string) (int, error) {
	list, err := s.CustomerSales(customerID, "", "")
	if err != nil {
		return 0, err
	}
	n := 0
	for i := 0; i < len(list); i += 500 {
		part := list[i:min(i+500, len(list))]
		err := s.updateNoSync(func(txn *badger.Txn) error {
			w, err := newSalesWriter(txn)
			if err != nil {
				return err
			}
			c, err := w.customer(customerID)
			if err != nil {
				return err
			}
			for _, sale := range part {
				if sale.Tier == c.tier && sale.Region == c.region {
					continue
				}
				cp := *sale
				if err := w.put(&cp); err != nil {
					return err
				}
				n++
			}
			return w.flush()
		})
		if err != nil {
			return n, err
		}
	}
	return n, s.Sync()
}
