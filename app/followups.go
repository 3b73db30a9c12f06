package app

import (
	"time"

	"github.com/kehu-crm/kehu/data"
)

// ErrNoFollowUp means marking done an interaction without a follow-up date.
var ErrNoFollowUp = data.ErrNoFollowUp

// SetFollowUpDone ticks an interaction's follow-up done today, or open
// again (done false: the undo). A done follow-up no longer counts as overdue.
func (s *Service) SetFollowUpDone(customerID, id string, done bool) (*Interaction, error) {
	day := ""
	if done {
		day = s.Now().Format(time.DateOnly)
	}
	in, err := s.st.SetFollowUpDone(customerID, id, day)
	if err != nil {
		return nil, err
	}
	if c, err := s.st.Customer(customerID); err == nil {
		s.mu.Lock()
		if s.list != nil {
			s.list.put(c)
		}
		s.mu.Unlock()
	}
	return in, nil
}

// InteractionByID finds an interaction from its id alone.
func (s *Service) InteractionByID(id string) (*Interaction, error) { return s.st.InteractionByID(id) }

// FollowUpOverdue reports whether an interaction's follow-up is open and due
// before today: what the dashboard counts.
func (s *Service) FollowUpOverdue(in *Interaction) bool {
	return in.FollowUpOpen() && in.FollowUp < s.Now().Format(time.DateOnly)
}
