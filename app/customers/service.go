// Package customers is the customer archive: adding, editing, resolving,
// deleting (with undo) and validating customers, their contacts,
// interactions and follow-ups, the in-memory list behind search-as-
// you-type (pinyin included) with each customer's recent sales, and the
// customer import (import*.go) with the list of import batches and their
// undo.
package customers

import (
	"errors"
	"sync"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data/model"
)

// ErrNothingToUndo means undo found no change to take back. A refused
// record is model.ErrInvalid.
var ErrNothingToUndo = errors.New("nothing to undo")

// Service is the customer use cases on an open data folder. It is safe for
// concurrent use.
type Service struct {
	c *core.Core // the open store, the clock, change notifications

	mu    sync.RWMutex
	list  *customerList
	trash []*model.Deleted // most recent last, for undo

	recent recentCache // the last RecentSales (recent_sales.go)
}

// New is the customer service on c. It follows c's changes: a write to
// customers or sales elsewhere drops the list (it shows names, owners and
// the recent sales), and a swapped store drops the undo trash too, whose
// records belong to the store before.
func New(c *core.Core) *Service {
	s := &Service{c: c}
	c.OnChange(s.changed)
	return s
}

func (s *Service) changed(ch core.Change) {
	if ch&(core.Customers|core.Sales|core.Reopened) == 0 {
		return
	}
	s.mu.Lock()
	s.list = nil // reload on next use
	if ch&core.Reopened != 0 {
		s.trash = nil
	}
	s.mu.Unlock()
}
