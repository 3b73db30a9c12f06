package customers

import (
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// SetFollowUpDone ticks an interaction's follow-up done today, or open
// again (done false: the undo). A done follow-up no longer counts as overdue.
func (s *Service) SetFollowUpDone(customerID, id string, done bool) (*model.Interaction, error) {
	store, release := s.c.Use()
	defer release()
	day := ""
	if done {
		day = s.c.Now().Format(time.DateOnly)
	}
	in, err := store.SetFollowUpDone(customerID, id, day)
	if err != nil {
		return nil, err
	}
	if c, err := store.Customer(customerID); err == nil {
		s.mu.Lock()
		if s.list != nil {
			s.list.put(c)
		}
		s.mu.Unlock()
	}
	return in, nil
}

// InteractionByID finds an interaction from its id alone.
func (s *Service) InteractionByID(id string) (*model.Interaction, error) {
	store, done := s.c.Use()
	defer done()
	return store.InteractionByID(id)
}

// FollowUpOverdue reports whether an interaction's follow-up is open and due
// before today: what the dashboard counts.
func (s *Service) FollowUpOverdue(in *model.Interaction) bool {
	return in.FollowUpOpen() && in.FollowUp < s.c.Now().Format(time.DateOnly)
}

// FollowUpRow is one open follow-up due before today, for the command line.
type FollowUpRow struct {
	ID, CustomerID, Customer, Due, Summary string
	Days                                   int // days overdue
}

// OverdueFollowUps lists the open follow-ups due before today, oldest first,
// from the follow-up index (done ones are not in it).
func (s *Service) OverdueFollowUps() ([]FollowUpRow, error) {
	store, done := s.c.Use()
	defer done()
	today := s.c.Now()
	ref := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	due, err := store.FollowUpsUntil(today.AddDate(0, 0, -1).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	rows := make([]FollowUpRow, 0, len(due))
	names := map[string]string{}
	for _, f := range due {
		in, err := store.Interaction(f.CustomerID, f.InteractionID)
		if err != nil {
			return nil, fmt.Errorf("follow-up %s: %w", f.InteractionID, err)
		}
		name, ok := names[f.CustomerID]
		if !ok {
			if c, err := store.Customer(f.CustomerID); err == nil {
				name = c.Name
			}
			names[f.CustomerID] = name
		}
		d, _ := time.Parse(time.DateOnly, f.Date)
		rows = append(rows, FollowUpRow{ID: f.InteractionID, CustomerID: f.CustomerID, Customer: name,
			Due: f.Date, Summary: in.Summary, Days: int(ref.Sub(d).Hours() / 24)})
	}
	return rows, nil
}
