package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// PutInteraction adds (empty ID) or replaces an interaction of an existing
// customer, with its follow-up index, in one transaction. The customer's
// updated time moves too, so "recently updated" reflects its history.
func (s *Store) PutInteraction(in *model.Interaction) error {
	if in.ID == "" {
		in.ID = model.NewID()
	}
	return s.update(func(txn *badger.Txn) error {
		c, err := getCustomer(txn, in.CustomerID)
		if err != nil {
			return err
		}
		if err := putInteraction(txn, in); err != nil {
			return err
		}
		c.Updated = time.Now().UTC()
		return putCustomer(txn, c)
	})
}

// marshalInteraction encodes a stored interaction (encoding/json); both of
// its writers, putInteraction and the bulk write, go through it.
func marshalInteraction(in *model.Interaction) ([]byte, error) { return json.Marshal(in) }

func putInteraction(txn *badger.Txn, in *model.Interaction) error {
	key := interactionKey(in.CustomerID, in.ID)
	item, err := txn.Get(key)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return err
	default:
		old := new(model.Interaction)
		if err := item.Value(func(b []byte) error { return json.Unmarshal(b, old) }); err != nil {
			return err
		}
		if old.FollowUpOpen() {
			if err := txn.Delete(followUpKey(old.FollowUp, old.CustomerID, old.ID)); err != nil {
				return err
			}
		}
	}
	b, err := marshalInteraction(in)
	if err != nil {
		return err
	}
	noteWrite(txn, model.KindInteraction, in.ID, key)
	if err := txn.Set(key, b); err != nil {
		return err
	}
	if in.FollowUpOpen() {
		return txn.Set(followUpKey(in.FollowUp, in.CustomerID, in.ID), nil)
	}
	return nil
}

// DeleteInteraction removes one interaction.
func (s *Store) DeleteInteraction(customerID, id string) error {
	return s.update(func(txn *badger.Txn) error {
		item, err := txn.Get(interactionKey(customerID, id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("interaction %s: %w", id, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		in := new(model.Interaction)
		if err := item.Value(func(b []byte) error { return json.Unmarshal(b, in) }); err != nil {
			return err
		}
		return deleteInteraction(txn, in)
	})
}

func deleteInteraction(txn *badger.Txn, in *model.Interaction) error {
	if in.FollowUpOpen() {
		if err := txn.Delete(followUpKey(in.FollowUp, in.CustomerID, in.ID)); err != nil {
			return err
		}
	}
	noteWrite(txn, model.KindInteraction, in.ID, interactionKey(in.CustomerID, in.ID))
	return txn.Delete(interactionKey(in.CustomerID, in.ID))
}

// Interactions returns a customer's history, newest first.
func (s *Store) Interactions(customerID string) ([]*model.Interaction, error) {
	var list []*model.Interaction
	err := s.view(func(txn *badger.Txn) error {
		var err error
		list, err = interactions(txn, customerID)
		return err
	})
	sort.SliceStable(list, func(i, j int) bool { return list[i].Date.After(list[j].Date) })
	return list, err
}

func interactions(txn *badger.Txn, customerID string) ([]*model.Interaction, error) {
	var list []*model.Interaction
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 64, Prefix: interactionPrefix(customerID)})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		in := new(model.Interaction)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, in) }); err != nil {
			return nil, err
		}
		list = append(list, in)
	}
	return list, nil
}

// FollowUpsUntil lists follow-ups due on or before date (YYYY-MM-DD), oldest first.
func (s *Store) FollowUpsUntil(date string) ([]model.FollowUp, error) {
	var list []model.FollowUp
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pIdxFollowUp}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[1:]
			if len(k) < 10 || string(k[:10]) > date {
				break
			}
			// date|sep|customer id|sep|interaction id
			rest := k[11:]
			for i, b := range rest {
				if b == sep {
					list = append(list, model.FollowUp{Date: string(k[:10]), CustomerID: string(rest[:i]), InteractionID: string(rest[i+1:])})
					break
				}
			}
		}
		return nil
	})
	return list, err
}
