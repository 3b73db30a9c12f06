package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// customerIndexKeys lists every index entry a customer record implies. Writing
// and deleting both derive from this one function, and Check compares against
// it, so index and record cannot drift apart.
func customerIndexKeys(c *model.Customer) [][]byte {
	keys := [][]byte{updatedKey(c.Updated, c.ID)}
	if n := model.Normalize(c.Name); n != "" {
		keys = append(keys, indexKey(pIdxName, n, c.ID))
	}
	seen := map[string]bool{}
	for _, p := range c.Phones() {
		if p = model.NormalizePhone(p); p != "" && !seen[p] {
			seen[p] = true
			keys = append(keys, indexKey(pIdxPhone, p, c.ID))
		}
	}
	if c.Tier != "" {
		keys = append(keys, indexKey(pIdxTier, c.Tier, c.ID))
	}
	if o := model.Normalize(c.Owner); o != "" {
		keys = append(keys, indexKey(pIdxOwner, o, c.ID))
	}
	if t := model.NormalizeTaxID(c.TaxID); t != "" {
		keys = append(keys, indexKey(pIdxTaxID, t, c.ID))
	}
	return keys
}

// PutCustomer inserts c (when c.ID is empty it gets a new id and a creation
// time) or replaces the stored record, updating every index in the same
// transaction. It sets c.Updated.
func (s *Store) PutCustomer(c *model.Customer) error {
	if model.Normalize(c.Name) == "" {
		return model.ErrNoName
	}
	now := time.Now().UTC()
	if c.ID == "" {
		c.ID = model.NewID()
		c.Created = now
	}
	c.Updated = now
	return s.update(func(txn *badger.Txn) error { return putCustomer(txn, c) })
}

func putCustomer(txn *badger.Txn, c *model.Customer) error {
	old, err := getCustomer(txn, c.ID)
	switch {
	case errors.Is(err, model.ErrNotFound):
	case err != nil:
		return err
	default:
		if c.Created.IsZero() {
			c.Created = old.Created
		}
		for _, k := range customerIndexKeys(old) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
	}
	b, err := marshalCustomer(c)
	if err != nil {
		return err
	}
	noteWrite(txn, model.KindCustomer, c.ID, customerKey(c.ID))
	if err := txn.Set(customerKey(c.ID), b); err != nil {
		return err
	}
	for _, k := range customerIndexKeys(c) {
		if err := txn.Set(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// Customer returns the customer with the id, or ErrNotFound.
func (s *Store) Customer(id string) (*model.Customer, error) {
	var c *model.Customer
	err := s.view(func(txn *badger.Txn) error {
		var err error
		c, err = getCustomer(txn, id)
		return err
	})
	return c, err
}

func getCustomer(txn *badger.Txn, id string) (*model.Customer, error) {
	item, err := txn.Get(customerKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("customer %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	c := new(model.Customer)
	err = item.Value(func(b []byte) error { return json.Unmarshal(b, c) })
	if err != nil {
		return nil, fmt.Errorf("customer %s: %w", id, err)
	}
	return c, nil
}

// DeleteCustomer removes a customer, its indexes and its interactions in one
// transaction and returns them, so the caller can offer undo.
func (s *Store) DeleteCustomer(id string) (*model.Deleted, error) {
	var d *model.Deleted
	err := s.update(func(txn *badger.Txn) error {
		c, err := getCustomer(txn, id)
		if err != nil {
			return err
		}
		d = &model.Deleted{Customer: c}
		if d.Interactions, err = interactions(txn, id); err != nil {
			return err
		}
		for _, in := range d.Interactions {
			if err := deleteInteraction(txn, in); err != nil {
				return err
			}
		}
		// Its sales go too, with their rollup contributions, so the curves
		// never count revenue of a customer that is no longer there.
		if d.Sales, err = customerSales(txn, id); err != nil {
			return err
		}
		if len(d.Sales) > 0 {
			w, err := newSalesWriter(txn)
			if err != nil {
				return err
			}
			for _, sale := range d.Sales {
				if err := w.remove(sale); err != nil {
					return err
				}
			}
			if err := w.flush(); err != nil {
				return err
			}
		}
		if d.Accounts, err = deleteAccountRecords(txn, id); err != nil {
			return err
		}
		for _, k := range customerIndexKeys(c) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		noteWrite(txn, model.KindCustomer, id, customerKey(id))
		return txn.Delete(customerKey(id))
	})
	return d, err
}

// RestoreCustomer writes back what DeleteCustomer removed, with the same id
// and times, in one transaction.
func (s *Store) RestoreCustomer(d *model.Deleted) error {
	return s.update(func(txn *badger.Txn) error {
		if err := putCustomer(txn, d.Customer); err != nil {
			return err
		}
		for _, in := range d.Interactions {
			if err := putInteraction(txn, in); err != nil {
				return err
			}
		}
		if err := restoreAccountRecords(txn, d.Accounts); err != nil {
			return err
		}
		if len(d.Sales) == 0 {
			return nil
		}
		w, err := newSalesWriter(txn)
		if err != nil {
			return err
		}
		for _, sale := range d.Sales {
			if err := w.put(sale); err != nil {
				return err
			}
		}
		return w.flush()
	})
}

// EachCustomer calls fn for every customer in id (creation) order. fn may keep c.
func (s *Store) EachCustomer(fn func(c *model.Customer) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256, Prefix: []byte{pCustomer}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			c := new(model.Customer)
			item := it.Item()
			if err := item.Value(func(b []byte) error { return json.Unmarshal(b, c) }); err != nil {
				return fmt.Errorf("customer %s: %w", item.Key()[1:], err)
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// CountCustomers counts the customer records without reading them.
func (s *Store) CountCustomers() (int, error) {
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pCustomer}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}

// CustomersByName returns the ids whose normalised name equals Normalize(name).
func (s *Store) CustomersByName(name string) ([]string, error) {
	return s.lookup(pIdxName, model.Normalize(name))
}

// CustomersByPhone returns the ids with the phone, on the customer or a contact.
func (s *Store) CustomersByPhone(phone string) ([]string, error) {
	return s.lookup(pIdxPhone, model.NormalizePhone(phone))
}

// CustomersByTaxID returns the ids with the tax id (统一社会信用代码).
func (s *Store) CustomersByTaxID(tax string) ([]string, error) {
	return s.lookup(pIdxTaxID, model.NormalizeTaxID(tax))
}

// CustomersByTier returns the ids in a tier.
func (s *Store) CustomersByTier(tier string) ([]string, error) { return s.lookup(pIdxTier, tier) }

// CustomersByOwner returns the ids whose owner matches after normalisation.
func (s *Store) CustomersByOwner(owner string) ([]string, error) {
	return s.lookup(pIdxOwner, model.Normalize(owner))
}

func (s *Store) lookup(prefix byte, value string) ([]string, error) {
	if value == "" {
		return nil, nil
	}
	var ids []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: indexPrefix(prefix, value)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids = append(ids, lastPart(it.Item().Key()))
		}
		return nil
	})
	return ids, err
}

// RecentlyUpdated returns up to n customer ids, most recently updated first.
func (s *Store) RecentlyUpdated(n int) ([]string, error) {
	var ids []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte{pIdxUpdated}})
		defer it.Close()
		for it.Seek([]byte{pIdxUpdated, 0xff}); it.Valid() && len(ids) < n; it.Next() {
			ids = append(ids, string(it.Item().Key()[9:]))
		}
		return nil
	})
	return ids, err
}

// update runs fn in a read-write transaction, retrying when a concurrent
// transaction touched the same keys.
func (s *Store) update(fn func(txn *badger.Txn) error) error {
	err := s.updateNoSync(fn)
	if err != nil {
		return err
	}
	return s.Sync()
}

// updateNoSync is update for the chunks of a batch, whose commit syncs.
func (s *Store) updateNoSync(fn func(txn *badger.Txn) error) error {
	if err := s.room(); err != nil {
		return err
	}
	var err error
	for range 5 {
		if err = s.dbUpdate(s.logged(fn)); !errors.Is(err, badger.ErrConflict) {
			return err
		}
	}
	return err
}

// InsertNew writes new customers (fresh ids, never stored before) and their
// interactions through one WriteBatch: bulk loads such as the demo run at
// Badger's bulk speed. It is not one transaction; callers that need
// all-or-nothing mark their batch complete last.
func (s *Store) InsertNew(cs []*model.Customer, ins []*model.Interaction) error {
	s.gate.enter()
	defer s.gate.leave()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	if err := wb.Delete(logAllMark); err != nil { // unlogged: LogExisting logs them
		return err
	}
	now := time.Now().UTC()
	for _, c := range cs {
		if model.Normalize(c.Name) == "" {
			return model.ErrNoName
		}
		if c.ID == "" {
			c.ID = model.NewID()
		}
		if c.Created.IsZero() {
			c.Created = now
		}
		if c.Updated.IsZero() {
			c.Updated = now
		}
		b, err := marshalCustomer(c)
		if err != nil {
			return err
		}
		if err := wb.Set(customerKey(c.ID), b); err != nil {
			return err
		}
		for _, k := range customerIndexKeys(c) {
			if err := wb.Set(k, nil); err != nil {
				return err
			}
		}
	}
	for _, in := range ins {
		if in.ID == "" {
			in.ID = model.NewID()
		}
		b, err := marshalInteraction(in)
		if err != nil {
			return err
		}
		if err := wb.Set(interactionKey(in.CustomerID, in.ID), b); err != nil {
			return err
		}
		if in.FollowUpOpen() {
			if err := wb.Set(followUpKey(in.FollowUp, in.CustomerID, in.ID), nil); err != nil {
				return err
			}
		}
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	return s.Sync()
}
