package data

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// complaintIndexKeys lists every index entry a complaint implies: today only
// q|customer id|sep|id. Writing and Check both derive from it.
func complaintIndexKeys(c *model.Complaint) [][]byte {
	return [][]byte{indexKey(pIdxComplaintCustomer, c.CustomerID, c.ID)}
}

// AddComplaint stores a new complaint of an existing customer (it gets a new
// id when c.ID is empty) with its index, in one transaction.
func (s *Store) AddComplaint(c *model.Complaint) error {
	if c.ID == "" {
		c.ID = model.NewID()
	}
	return s.update(func(txn *badger.Txn) error {
		if _, err := getCustomer(txn, c.CustomerID); err != nil {
			return err
		}
		if _, err := getComplaint(txn, c.ID); err == nil {
			return fmt.Errorf("complaint %s already exists", c.ID)
		}
		if err := putComplaint(txn, c); err != nil {
			return err
		}
		return s.logAttachments(txn, c.Attachments) // their files travel with sync
	})
}

// ChangeComplaint reads a complaint, lets change modify it and writes it back
// with its indexes, all in one transaction: a change either happens whole,
// with its history entries, or not at all. An error from change aborts.
func (s *Store) ChangeComplaint(id string, change func(c *model.Complaint) error) (*model.Complaint, error) {
	var out *model.Complaint
	err := s.update(func(txn *badger.Txn) error {
		c, err := getComplaint(txn, id)
		if err != nil {
			return err
		}
		old := complaintIndexKeys(c)
		if err := change(c); err != nil {
			return err
		}
		c.ID = id
		for _, k := range old {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		if err := putComplaint(txn, c); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

func putComplaint(txn *badger.Txn, c *model.Complaint) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	noteWrite(txn, model.KindComplaint, c.ID, complaintKey(c.ID))
	if err := txn.Set(complaintKey(c.ID), b); err != nil {
		return err
	}
	for _, k := range complaintIndexKeys(c) {
		if err := txn.Set(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// Complaint returns the complaint with the id, or ErrNotFound.
func (s *Store) Complaint(id string) (*model.Complaint, error) {
	var c *model.Complaint
	err := s.view(func(txn *badger.Txn) error {
		var err error
		c, err = getComplaint(txn, id)
		return err
	})
	return c, err
}

func getComplaint(txn *badger.Txn, id string) (*model.Complaint, error) {
	item, err := txn.Get(complaintKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("complaint %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	c := new(model.Complaint)
	if err := item.Value(func(b []byte) error { return json.Unmarshal(b, c) }); err != nil {
		return nil, fmt.Errorf("complaint %s: %w", id, err)
	}
	return c, nil
}

// EachComplaint calls fn for every complaint, oldest first (ids sort by
// creation time). fn may keep c.
func (s *Store) EachComplaint(fn func(c *model.Complaint) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256, Prefix: []byte{pComplaint}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			c := new(model.Complaint)
			item := it.Item()
			if err := item.Value(func(b []byte) error { return json.Unmarshal(b, c) }); err != nil {
				return fmt.Errorf("complaint %s: %w", item.Key()[1:], err)
			}
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// ComplaintsOfCustomer returns the ids of a customer's complaints, oldest first.
func (s *Store) ComplaintsOfCustomer(customerID string) ([]string, error) {
	if customerID == "" {
		return nil, nil
	}
	var ids []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: indexPrefix(pIdxComplaintCustomer, customerID)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids = append(ids, lastPart(it.Item().Key()))
		}
		return nil
	})
	return ids, err
}

// expectedComplaintIndex adds the index keys the complaint records imply.
func expectedComplaintIndex(txn *badger.Txn, want map[string]bool) error {
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pComplaint}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		c := new(model.Complaint)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, c) }); err != nil {
			return fmt.Errorf("complaint %s: %w", it.Item().Key()[1:], err)
		}
		for _, k := range complaintIndexKeys(c) {
			want[string(k)] = true
		}
	}
	return nil
}
