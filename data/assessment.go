package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Dimensions of the relationship assessment (客户关系量化评估), in the order
// of the form and the radar: acceptance 接受认可度, participation 活动参与度,
// information flow 信息传递度, guidance 日常指导度, project support 项目支持度,
// competitive preference 竞争偏向度.
var AssessmentDimensions = []string{"acceptance", "participation", "information", "guidance", "project_support", "competitive_preference"}

// ErrBadScore means a score outside 1–5.
var ErrBadScore = errors.New("score must be a whole number from 1 to 5")

// Assessment is one scoring of a customer relationship on the six dimensions
// at a date, by a staff member.
type Assessment struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Date       string    `json:"date"`   // YYYY-MM-DD
	Scores     []int     `json:"scores"` // 1..5, one per AssessmentDimensions
	By         string    `json:"by,omitempty"`
	Note       string    `json:"note,omitempty"`
	Created    time.Time `json:"created"`
}

// Mean is the average of the six scores.
func (a *Assessment) Mean() float64 {
	if len(a.Scores) == 0 {
		return 0
	}
	t := 0
	for _, v := range a.Scores {
		t += v
	}
	return float64(t) / float64(len(a.Scores))
}

func (a *Assessment) valid() error {
	if !ValidDate(a.Date) {
		return fmt.Errorf("date %q: %w", a.Date, ErrBadDate)
	}
	if len(a.Scores) != len(AssessmentDimensions) {
		return fmt.Errorf("%d scores, want %d: %w", len(a.Scores), len(AssessmentDimensions), ErrBadScore)
	}
	for i, v := range a.Scores {
		if v < 1 || v > 5 {
			return fmt.Errorf("%s %d: %w", AssessmentDimensions[i], v, ErrBadScore)
		}
	}
	return nil
}

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
		return nil, fmt.Errorf("record %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	v := new(T)
	return v, item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

// PutAssessment adds (empty ID) or replaces an assessment in one transaction.
func (s *Store) PutAssessment(a *Assessment) error {
	if err := a.valid(); err != nil {
		return err
	}
	if a.ID == "" {
		a.ID = NewID()
	}
	if a.Created.IsZero() {
		a.Created = time.Now().UTC()
	}
	return s.update(func(txn *badger.Txn) error { return putOwned(txn, pAssessment, a.CustomerID, a.ID, a) })
}

// DeleteAssessment removes one assessment.
func (s *Store) DeleteAssessment(customerID, id string) error {
	return deleteOwned[Assessment](s, pAssessment, customerID, id)
}

// Assessments returns a customer's assessments, oldest first (by date, then
// by when they were recorded).
func (s *Store) Assessments(customerID string) ([]*Assessment, error) {
	return sortedOwned(s, pAssessment, customerID, func(a, b *Assessment) bool { return byDate(a.Date, b.Date, a.Created, b.Created) })
}

// AccountRecords are a customer's assessments, surveys, goals and actions:
// what DeleteCustomer takes with the customer and RestoreCustomer puts back.
type AccountRecords struct {
	Assessments []*Assessment
	Surveys     []*Survey
	Goals       []*Goal
	Actions     []*Action
}

// deleteAccountRecords removes every record of the customer in txn.
func deleteAccountRecords(txn *badger.Txn, customerID string) (AccountRecords, error) {
	var r AccountRecords
	var err error
	if r.Assessments, err = listOwned[Assessment](txn, pAssessment, customerID); err != nil {
		return r, err
	}
	if r.Surveys, err = listOwned[Survey](txn, pSurvey, customerID); err != nil {
		return r, err
	}
	if r.Goals, err = listOwned[Goal](txn, pGoal, customerID); err != nil {
		return r, err
	}
	if r.Actions, err = listOwned[Action](txn, pAction, customerID); err != nil {
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
func restoreAccountRecords(txn *badger.Txn, r AccountRecords) error {
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
func (s *Store) AllAccountRecords() (map[string]*AccountRecords, error) {
	out := map[string]*AccountRecords{}
	of := func(id string) *AccountRecords {
		r := out[id]
		if r == nil {
			r = &AccountRecords{}
			out[id] = r
		}
		return r
	}
	err := s.view(func(txn *badger.Txn) error {
		as, err := listOwned[Assessment](txn, pAssessment, "")
		if err != nil {
			return err
		}
		for _, a := range as {
			of(a.CustomerID).Assessments = append(of(a.CustomerID).Assessments, a)
		}
		vs, err := listOwned[Survey](txn, pSurvey, "")
		if err != nil {
			return err
		}
		for _, v := range vs {
			of(v.CustomerID).Surveys = append(of(v.CustomerID).Surveys, v)
		}
		gs, err := listOwned[Goal](txn, pGoal, "")
		if err != nil {
			return err
		}
		for _, g := range gs {
			of(g.CustomerID).Goals = append(of(g.CustomerID).Goals, g)
		}
		acts, err := listOwned[Action](txn, pAction, "")
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
