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

// putOwned writes a customer's record after checking the customer exists.
func putOwned(txn *badger.Txn, prefix byte, customerID, id string, v any) error {
	if _, err := getCustomer(txn, customerID); err != nil {
		return err
	}
	return putJSON(txn, ownedKey(prefix, customerID, id), v)
}

// listOwned reads every record of one kind of a customer, or of every
// customer when customerID is "".
func listOwned[T any](txn *badger.Txn, prefix byte, customerID string) ([]*T, error) {
	var list []*T
	p := []byte{prefix}
	if customerID != "" {
		p = indexPrefix(prefix, customerID)
	}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 32, Prefix: p})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		v := new(T)
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, v) }); err != nil {
			return nil, fmt.Errorf("record %q: %w", it.Item().Key(), err)
		}
		list = append(list, v)
	}
	return list, nil
}

// deleteOwned removes one record of a customer, or says ErrNotFound.
func deleteOwned[T any](s *Store, prefix byte, customerID, id string) error {
	return s.update(func(txn *badger.Txn) error {
		if _, err := getOwned[T](txn, prefix, customerID, id); err != nil {
			return err
		}
		return txn.Delete(ownedKey(prefix, customerID, id))
	})
}

// sortedOwned reads a customer's records of one kind in the order less gives.
func sortedOwned[T any](s *Store, prefix byte, customerID string, less func(a, b *T) bool) ([]*T, error) {
	var list []*T
	err := s.view(func(txn *badger.Txn) error {
		var err error
		list, err = listOwned[T](txn, prefix, customerID)
		return err
	})
	sort.SliceStable(list, func(i, j int) bool { return less(list[i], list[j]) })
	return list, err
}

// byDate orders dated records oldest first, then by when they were recorded.
func byDate(ad, bd string, ac, bc time.Time) bool {
	if ad != bd {
		return ad < bd
	}
	return ac.Before(bc)
}

// getOwned reads one record, or ErrNotFound.
func getOwned[T any](txn *badger.Txn, prefix byte, customerID, id string) (*T, error) {
	item, err := txn.Get(ownedKey(prefix, customerID, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("record %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	v := new(T)
	return v, item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

// PutAssessment adds (empty ID) or replaces an assessment in one transaction.
func (s *Store) PutAssessment(a *model.Assessment) error {
	if err := a.Valid(); err != nil {
		return err
	}
	if a.ID == "" {
		a.ID = model.NewID()
	}
	if a.Created.IsZero() {
		a.Created = time.Now().UTC()
	}
	return s.update(func(txn *badger.Txn) error { return putOwned(txn, pAssessment, a.CustomerID, a.ID, a) })
}

// DeleteAssessment removes one assessment.
func (s *Store) DeleteAssessment(customerID, id string) error {
	return deleteOwned[model.Assessment](s, pAssessment, customerID, id)
}

// Assessments returns a customer's assessments, oldest first (by date, then
// by when they were recorded).
func (s *Store) Assessments(customerID string) ([]*model.Assessment, error) {
	return sortedOwned(s, pAssessment, customerID, func(a, b *model.Assessment) bool { return byDate(a.Date, b.Date, a.Created, b.Created) })
}

// deleteAccountRecords removes every record of the customer in txn.
func deleteAccountRecords(txn *badger.Txn, customerID string) (model.AccountRecords, error) {
	var r model.AccountRecords
	var err error
	if r.Assessments, err = listOwned[model.Assessment](txn, pAssessment, customerID); err != nil {
		return r, err
	}
	if r.Surveys, err = listOwned[model.Survey](txn, pSurvey, customerID); err != nil {
		return r, err
	}
	if r.Goals, err = listOwned[model.Goal](txn, pGoal, customerID); err != nil {
		return r, err
	}
	if r.Actions, err = listOwned[model.Action](txn, pAction, customerID); err != nil {
		return r, err
	}
	var keys [][]byte
	for _, a := range r.Assessments {
		keys = append(keys, ownedKey(pAssessment, customerID, a.ID))
	}
	for _, v := range r.Surveys {
		keys = append(keys, ownedKey(pSurvey, customerID, v.ID))
	}
	for _, g := range r.Goals {
		keys = append(keys, ownedKey(pGoal, customerID, g.ID))
	}
	for _, a := range r.Actions {
		keys = append(keys, actionKeys(a)...)
	}
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return r, err
		}
	}
	return r, nil
}

// restoreAccountRecords writes back what deleteAccountRecords removed.
func restoreAccountRecords(txn *badger.Txn, r model.AccountRecords) error {
	for _, a := range r.Assessments {
		if err := putJSON(txn, ownedKey(pAssessment, a.CustomerID, a.ID), a); err != nil {
			return err
		}
	}
	for _, v := range r.Surveys {
		if err := putJSON(txn, ownedKey(pSurvey, v.CustomerID, v.ID), v); err != nil {
			return err
		}
	}
	for _, g := range r.Goals {
		if err := putJSON(txn, ownedKey(pGoal, g.CustomerID, g.ID), g); err != nil {
			return err
		}
	}
	for _, a := range r.Actions {
		if err := putAction(txn, a); err != nil {
			return err
		}
	}
	return nil
}

// AllAccountRecords reads every assessment, survey, goal and action in one
// transaction, four prefix scans, grouped by customer id (lists in key
// order): the key-account list reads them once instead of four scans per
// customer.
func (s *Store) AllAccountRecords() (map[string]*model.AccountRecords, error) {
	out := map[string]*model.AccountRecords{}
	of := func(id string) *model.AccountRecords {
		r := out[id]
		if r == nil {
			r = &model.AccountRecords{}
			out[id] = r
		}
		return r
	}
	err := s.view(func(txn *badger.Txn) error {
		as, err := listOwned[model.Assessment](txn, pAssessment, "")
		if err != nil {
			return err
		}
		for _, a := range as {
			of(a.CustomerID).Assessments = append(of(a.CustomerID).Assessments, a)
		}
		vs, err := listOwned[model.Survey](txn, pSurvey, "")
		if err != nil {
			return err
		}
		for _, v := range vs {
			of(v.CustomerID).Surveys = append(of(v.CustomerID).Surveys, v)
		}
		gs, err := listOwned[model.Goal](txn, pGoal, "")
		if err != nil {
			return err
		}
		for _, g := range gs {
			of(g.CustomerID).Goals = append(of(g.CustomerID).Goals, g)
		}
		acts, err := listOwned[model.Action](txn, pAction, "")
		if err != nil {
			return err
		}
		for _, a := range acts {
			of(a.CustomerID).Actions = append(of(a.CustomerID).Actions, a)
		}
		return nil
	})
	return out, err
}
