package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// actionKeys are the record's key and, while it is open with a due date, its
// due-date index entry: writing, deleting and Check all derive from it.
func actionKeys(a *model.Action) [][]byte {
	keys := [][]byte{ownedKey(pAction, a.CustomerID, a.ID)}
	if k := dueKey(a); k != nil {
		keys = append(keys, k)
	}
	return keys
}

// PutAction adds (empty ID) or replaces an action with its due-date index in
// one transaction. It sets Created (new) and Updated.
func (s *Store) PutAction(a *model.Action) error {
	if err := a.Clean(); err != nil {
		return err
	}
	now := time.Now().UTC()
	if a.ID == "" {
		a.ID = model.NewID()
	}
	if a.Created.IsZero() {
		a.Created = now
	}
	a.Updated = now
	return s.update(func(txn *badger.Txn) error {
		if _, err := getCustomer(txn, a.CustomerID); err != nil {
			return err
		}
		return putAction(txn, a)
	})
}

func putAction(txn *badger.Txn, a *model.Action) error {
	old, err := getOwned[model.Action](txn, pAction, a.CustomerID, a.ID)
	switch {
	case errors.Is(err, model.ErrNotFound):
	case err != nil:
		return err
	default:
		if k := dueKey(old); k != nil {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
	}
	if err := putJSON(txn, ownedKey(pAction, a.CustomerID, a.ID), a); err != nil {
		return err
	}
	if k := dueKey(a); k != nil {
		return txn.Set(k, nil)
	}
	return nil
}

// Action returns one action, or ErrNotFound.
func (s *Store) Action(customerID, id string) (*model.Action, error) {
	var a *model.Action
	err := s.view(func(txn *badger.Txn) error {
		var err error
		a, err = getOwned[model.Action](txn, pAction, customerID, id)
		return err
	})
	return a, err
}

// DeleteAction removes one action and its index entry.
func (s *Store) DeleteAction(customerID, id string) error {
	return s.update(func(txn *badger.Txn) error {
		a, err := getOwned[model.Action](txn, pAction, customerID, id)
		if err != nil {
			return err
		}
		for _, k := range actionKeys(a) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// Actions returns a customer's action plan: by due date (undated last), then
// by creation.
func (s *Store) Actions(customerID string) ([]*model.Action, error) {
	var list []*model.Action
	err := s.view(func(txn *badger.Txn) error {
		var err error
		list, err = listOwned[model.Action](txn, pAction, customerID)
		return err
	})
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if (a.Due == "") != (b.Due == "") {
			return b.Due == ""
		}
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		return a.Created.Before(b.Created)
	})
	return list, err
}

// OpenActionsDueBefore returns the open actions due before date (YYYY-MM-DD,
// not on it), oldest due first, reading the due-date index and then only
// those records.
func (s *Store) OpenActionsDueBefore(date string) ([]*model.Action, error) {
	var list []*model.Action
	err := s.view(func(txn *badger.Txn) error {
		return eachDue(txn, date, func(customerID, id string) error {
			a, err := getOwned[model.Action](txn, pAction, customerID, id)
			if err != nil {
				return err
			}
			list = append(list, a)
			return nil
		})
	})
	return list, err
}

// CountOpenActionsDueBefore counts what OpenActionsDueBefore returns, from
// the index keys alone.
func (s *Store) CountOpenActionsDueBefore(date string) (int, error) {
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		return eachDue(txn, date, func(string, string) error { n++; return nil })
	})
	return n, err
}

func eachDue(txn *badger.Txn, date string, fn func(customerID, id string) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pIdxDue}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()[1:]
		if len(k) < 11 || string(k[:10]) >= date {
			break
		}
		rest := k[11:]
		i := slices.Index(rest, sep)
		if i < 0 {
			continue
		}
		if err := fn(string(rest[:i]), string(rest[i+1:])); err != nil {
			return err
		}
	}
	return nil
}

// expectedActionIndex adds the due-date entry of every open action to want.
func expectedActionIndex(txn *badger.Txn, want map[string]bool) error {
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pAction}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		a := new(model.Action)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, a) }); err != nil {
			return fmt.Errorf("action %q: %w", it.Item().Key(), err)
		}
		if k := dueKey(a); k != nil {
			want[string(k)] = true
		}
	}
	return nil
}
