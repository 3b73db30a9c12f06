package data

import (
	"fmt"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// PutGoal adds (empty ID) or replaces a goal in one transaction.
func (s *Store) PutGoal(g *model.Goal) error {
	if strings.TrimSpace(g.Text) == "" {
		return fmt.Errorf("goal: %w", model.ErrNoText)
	}
	if g.Date != "" && !model.ValidDate(g.Date) {
		return fmt.Errorf("goal date %q: %w", g.Date, model.ErrBadDate)
	}
	if g.ID == "" {
		g.ID = model.NewID()
	}
	if g.Created.IsZero() {
		g.Created = time.Now().UTC()
	}
	return s.update(func(txn *badger.Txn) error { return putOwned(txn, pGoal, g.CustomerID, g.ID, g) })
}

// DeleteGoal removes one goal.
func (s *Store) DeleteGoal(customerID, id string) error {
	return deleteOwned[model.Goal](s, pGoal, customerID, id)
}

// Goals returns a customer's goals by date (undated last), then creation.
func (s *Store) Goals(customerID string) ([]*model.Goal, error) {
	return sortedOwned(s, pGoal, customerID, func(a, b *model.Goal) bool {
		if (a.Date == "") != (b.Date == "") {
			return b.Date == ""
		}
		return byDate(a.Date, b.Date, a.Created, b.Created)
	})
}
