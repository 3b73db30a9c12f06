package data

import (
	"fmt"
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
	return deleteOwned[Survey](s, pSurvey, customerID, id)
}

// Surveys returns a customer's surveys, oldest first.
func (s *Store) Surveys(customerID string) ([]*Survey, error) {
	return sortedOwned(s, pSurvey, customerID, func(a, b *Survey) bool { return byDate(a.Date, b.Date, a.Created, b.Created) })
}
