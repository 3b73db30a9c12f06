package complaints

import (
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// Get returns a complaint with its computed times.
func (s *Service) Get(id string) (*Row, error) {
	store, done := s.c.Use()
	defer done()
	c, err := store.Complaint(id)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	return s.row(c, s.c.Now(), s.Targets(), names), nil
}

// Row is a complaint with what is computed from it: the customer's
// name, response time (opened → acknowledged), handling time (opened →
// resolved), the due times from the targets, and whether it is overdue.
type Row struct {
	*model.Complaint
	CustomerName string
	Target       Target
	Responded    bool          // acknowledged
	Response     time.Duration // time to acknowledge, when Responded
	Handled      bool          // resolved (or closed)
	Handling     time.Duration // time to resolve, when Handled
	AckDue       time.Time
	ResolveDue   time.Time
	// Overdue: now is past a target not yet met — not acknowledged past
	// AckDue, or not resolved past ResolveDue. OverdueWhat says which
	// ("acknowledge" or "resolve").
	Overdue     bool
	OverdueWhat string
}

// ResponseMet reports whether the complaint was acknowledged within target.
func (r *Row) ResponseMet() bool { return r.Responded && r.Response <= r.Target.Acknowledge }

// HandlingMet reports whether the complaint was resolved within target.
func (r *Row) HandlingMet() bool { return r.Handled && r.Handling <= r.Target.Resolve }

// Open reports whether the complaint is neither resolved nor closed.
func (r *Row) Open() bool { return r.Status != "resolved" && r.Status != "closed" }

func (s *Service) row(c *model.Complaint, now time.Time, targets Targets, names map[string]string) *Row {
	store, done := s.c.Use()
	defer done()
	r := &Row{Complaint: c, Target: targets[c.Severity]}
	name, ok := names[c.CustomerID]
	if !ok {
		if cu, err := store.Customer(c.CustomerID); err == nil {
			name = cu.Name
		} else {
			name = c.CustomerID
		}
		names[c.CustomerID] = name
	}
	r.CustomerName = name
	r.AckDue = c.OpenedAt.Add(r.Target.Acknowledge)
	r.ResolveDue = c.OpenedAt.Add(r.Target.Resolve)
	if !c.AcknowledgedAt.IsZero() {
		r.Responded, r.Response = true, c.AcknowledgedAt.Sub(c.OpenedAt)
	}
	if !c.ResolvedAt.IsZero() {
		r.Handled, r.Handling = true, c.ResolvedAt.Sub(c.OpenedAt)
	}
	switch {
	case !r.Responded && now.After(r.AckDue):
		r.Overdue, r.OverdueWhat = true, "acknowledge"
	case !r.Handled && now.After(r.ResolveDue):
		r.Overdue, r.OverdueWhat = true, "resolve"
	}
	return r
}

// Filter selects and orders complaints. Zero values mean "all".
type Filter struct {
	Status, Category, Severity, Assignee, CustomerID string
	Overdue                                          bool // only overdue ones
	Open                                             bool // only those not resolved or closed
	Sort                                             string
	Desc                                             bool
	Limit                                            int
}

// SortKeys are what List can sort by; "opened" by default.
var SortKeys = []string{"opened", "customer", "category", "severity", "status", "assignee", "due", "response", "handling", "satisfaction"}

// List lists the complaints matching f, sorted (opened, oldest first,
// unless f says otherwise), and how many matched before the limit.
func (s *Service) List(f Filter) ([]*Row, int, error) {
	store, done := s.c.Use()
	defer done()
	now, targets, names := s.c.Now(), s.Targets(), map[string]string{}
	var rows []*Row
	keep := func(c *model.Complaint) error {
		if f.Status != "" && c.Status != f.Status || f.Category != "" && c.Category != f.Category ||
			f.Severity != "" && c.Severity != f.Severity || f.CustomerID != "" && c.CustomerID != f.CustomerID ||
			f.Assignee != "" && model.Normalize(c.Assignee) != model.Normalize(f.Assignee) {
			return nil
		}
		r := s.row(c, now, targets, names)
		if f.Overdue && !r.Overdue || f.Open && !r.Open() {
			return nil
		}
		rows = append(rows, r)
		return nil
	}
	var err error
	if f.CustomerID != "" {
		var ids []string
		if ids, err = store.ComplaintsOfCustomer(f.CustomerID); err == nil {
			for _, id := range ids {
				c, e := store.Complaint(id)
				if e != nil {
					err = e
					break
				}
				keep(c)
			}
		}
	} else {
		err = store.EachComplaint(keep)
	}
	if err != nil {
		return nil, 0, err
	}
	sortRows(rows, f.Sort, f.Desc)
	total := len(rows)
	if f.Limit > 0 && len(rows) > f.Limit {
		rows = rows[:f.Limit]
	}
	return rows, total, nil
}

func sortRows(rows []*Row, key string, desc bool) {
	rank := func(codes []string, v string) int { return slices.Index(codes, v) }
	cmpDur := func(ok1 bool, d1 time.Duration, ok2 bool, d2 time.Duration) int {
		switch {
		case ok1 != ok2: // measured first
			if ok1 {
				return -1
			}
			return 1
		case d1 < d2:
			return -1
		case d1 > d2:
			return 1
		}
		return 0
	}
	due := func(r *Row) time.Time {
		switch {
		case !r.Responded:
			return r.AckDue
		case !r.Handled:
			return r.ResolveDue
		}
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) // done: last
	}
	by := func(a, b *Row) int {
		switch key {
		case "customer":
			return strings.Compare(model.Normalize(a.CustomerName), model.Normalize(b.CustomerName))
		case "category":
			return rank(model.Categories, a.Category) - rank(model.Categories, b.Category)
		case "severity":
			return rank(model.Severities, a.Severity) - rank(model.Severities, b.Severity)
		case "status":
			return rank(model.ComplaintStatuses, a.Status) - rank(model.ComplaintStatuses, b.Status)
		case "assignee":
			return strings.Compare(model.Normalize(a.Assignee), model.Normalize(b.Assignee))
		case "due":
			return due(a).Compare(due(b))
		case "response":
			return cmpDur(a.Responded, a.Response, b.Responded, b.Response)
		case "handling":
			return cmpDur(a.Handled, a.Handling, b.Handled, b.Handling)
		case "satisfaction":
			return a.Satisfaction - b.Satisfaction
		}
		return 0
	}
	slices.SortStableFunc(rows, func(a, b *Row) int {
		n := by(a, b)
		if n == 0 {
			n = a.OpenedAt.Compare(b.OpenedAt)
			if n == 0 {
				n = strings.Compare(a.ID, b.ID)
			}
		}
		if desc {
			return -n
		}
		return n
	})
}

// OverdueCount is the number of overdue complaints, for the navigation.
func (s *Service) OverdueCount() (int, error) {
	_, n, err := s.List(Filter{Overdue: true})
	return n, err
}
