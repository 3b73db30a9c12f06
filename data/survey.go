package data

import (
	"fmt"
	"sort"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Survey is one satisfaction survey (满意度调查) of a customer: a score 1–5
// at a date, with the customer's comments.
type Survey struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Date       string    `json:"date"`  // YYYY-MM-DD
	Score      int       `json:"score"` // 1..5
	Comment    string    `json:"comment,omitempty"`
	Created    time.Time `json:"created"`
}

// PutSurvey adds (empty ID) or replaces a survey in one transaction.
func (s *Store) PutSurvey(v *Survey) error {
	if !ValidDate(v.Date) {
		return fmt.Errorf("date %q: %w", v.Date, ErrBadDate)
	}
	if v.Score < 1 || v.Score > 5 {
		return fmt.Errorf("survey score %d: %w", v.Score, ErrBadScore)
	}
	if v.ID == "" {
		v.ID = NewID()
	}
	if v.Created.IsZero() {
		v.Created = time.Now().UTC()
	}
	return s.update(func(txn *badger.Txn) error { return putOwned(txn, pSurvey, v.CustomerID, v.ID, v) })
}

// DeleteSurvey removes one survey.
func (s *Store) DeleteSurvey(customerID, id string) error {
	return s.update(func(txn *badger.Txn) error {
		if _, err := getOwned[Survey](txn, pSurvey, customerID, id); err != nil {
			return err
		}
		return txn.Delete(ownedKey(pSurvey, customerID, id))
	})
}

// Surveys returns a customer's surveys, oldest first.
func (s *Store) Surveys(customerID string) ([]*Survey, error) {
	var list []*Survey
	err := s.view(func(txn *badger.Txn) error {
		var err error
		list, err = listOwned[Survey](txn, pSurvey, customerID)
		return err
	})
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Date != list[j].Date {
			return list[i].Date < list[j].Date
		}
		return list[i].Created.Before(list[j].Created)
	})
	return list, err
}
