package data

import (
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// PutSurvey adds (empty ID) or replaces a survey in one transaction.
func (s *Store) PutSurvey(v *model.Survey) error {
	if !model.ValidDate(v.Date) {
		return fmt.Errorf("date %q: %w", v.Date, model.ErrBadDate)
	}
	if v.Score < 1 || v.Score > 5 {
		return fmt.Errorf("survey score %d: %w", v.Score, model.ErrBadScore)
	}
	if v.ID == "" {
		v.ID = model.NewID()
	}
	if v.Created.IsZero() {
		v.Created = time.Now().UTC()
	}
	return s.update(func(txn *badger.Txn) error { return putOwned(txn, pSurvey, v.CustomerID, v.ID, v) })
}

// DeleteSurvey removes one survey.
func (s *Store) DeleteSurvey(customerID, id string) error {
	return deleteOwned[model.Survey](s, pSurvey, customerID, id)
}

// Surveys returns a customer's surveys, oldest first.
func (s *Store) Surveys(customerID string) ([]*model.Survey, error) {
	return sortedOwned(s, pSurvey, customerID, func(a, b *model.Survey) bool { return byDate(a.Date, b.Date, a.Created, b.Created) })
}
