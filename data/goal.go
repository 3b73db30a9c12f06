package data

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// ErrNoText means a goal or action without its text.
var ErrNoText = errors.New("the text is empty")

// Goal is a key-account goal (目标): what is to be reached, a measurable
// target, by a date, and who answers for it.
type Goal struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Text       string    `json:"text"`
	Target     string    `json:"target,omitempty"` // "年销售额 500万", "3 个决策者"
	Date       string    `json:"date,omitempty"`   // YYYY-MM-DD, by when
	Owner      string    `json:"owner,omitempty"`
	Created    time.Time `json:"created"`
}

// PutGoal adds (empty ID) or replaces a goal in one transaction.
func (s *Store) PutGoal(g *Goal) error {
	if strings.TrimSpace(g.Text) == "" {
		return fmt.Errorf("goal: %w", ErrNoText)
	}
	if g.Date != "" && !ValidDate(g.Date) {
		return fmt.Errorf("goal date %q: %w", g.Date, ErrBadDate)
	}
	if g.ID == "" {
		g.ID = NewID()
	}
	if g.Created.IsZero() {
		g.Created = time.Now().UTC()
	}
	return s.update(func(txn *badger.Txn) error { return putOwned(txn, pGoal, g.CustomerID, g.ID, g) })
}

// DeleteGoal removes one goal.
func (s *Store) DeleteGoal(customerID, id string) error {
	return deleteOwned[Goal](s, pGoal, customerID, id)
}

// Goals returns a customer's goals by date (undated last), then creation.
func (s *Store) Goals(customerID string) ([]*Goal, error) {
	return sortedOwned(s, pGoal, customerID, func(a, b *Goal) bool {
		if (a.Date == "") != (b.Date == "") {
			return b.Date == ""
		}
		return byDate(a.Date, b.Date, a.Created, b.Created)
	})
}
