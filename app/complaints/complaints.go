// Package complaints is Kehu's complaint handling (投诉处理): complaints,
// their history events and attachments, the service-time targets (服务时限)
// they are measured against, overdue counts and the data of complaint charts.
package complaints

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/enum"
	"github.com/kehu-crm/kehu/data/model"
)

// The complaint enumerations' codes, in display order.
var (

	// StatusChanges are what Update accepts as a new status.
	StatusChanges = []string{"acknowledged", "in_progress", "resolved", "closed", "reopened"}
)

// Error is invalid complaint input or an invalid status change. Msg
// is English and the translation key; Data fills its {{.Placeholders}}.
type Error struct {
	Msg  string
	Data map[string]any
}

func (e *Error) Error() string {
	t, err := template.New("").Parse(e.Msg)
	if err != nil {
		return e.Msg
	}
	var b bytes.Buffer
	if t.Execute(&b, e.Data) != nil {
		return e.Msg
	}
	return b.String()
}

func complaintErr(msg string, kv ...any) error {
	d := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i].(string)] = kv[i+1]
	}
	return &Error{Msg: msg, Data: d}
}

// Target is the service-time target (服务时限) of one severity: acknowledge
// within Acknowledge of opening, resolve within Resolve of opening.
type Target struct {
	Acknowledge time.Duration `json:"acknowledge"`
	Resolve     time.Duration `json:"resolve"`
}

// Targets are the service-time targets by severity code.
type Targets map[string]Target

// DefaultTargets: high 4 hours / 3 days, medium 1 day / 7 days, low 3 days /
// 14 days, until SaveTargets stores others in the data folder's settings.
func DefaultTargets() Targets {
	const day = 24 * time.Hour
	return Targets{
		"high":   {Acknowledge: 4 * time.Hour, Resolve: 3 * day},
		"medium": {Acknowledge: day, Resolve: 7 * day},
		"low":    {Acknowledge: 3 * day, Resolve: 14 * day},
	}
}

// Service is the complaints of an open data folder and the service-time
// targets they are measured against. It is safe for concurrent use.
type Service struct {
	c *core.Core

	mu      sync.Mutex
	targets Targets // the stored ones; Targets adds the defaults
}

// New is the complaints service of c, with the stored targets applied; it
// reads them again whenever the store is swapped (restore, encryption).
func New(c *core.Core) (*Service, error) {
	s := &Service{c: c}
	if err := s.loadTargets(); err != nil {
		return nil, fmt.Errorf("read the service-time targets: %w", err)
	}
	c.OnChange(func(ch core.Change) {
		if ch&core.Reopened != 0 {
			s.reloadTargets()
		}
	})
	return s, nil
}

// Targets returns the service-time targets.
func (s *Service) Targets() Targets {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := DefaultTargets()
	for k, v := range s.targets {
		t[k] = v
	}
	return t
}

// SetTargets changes the targets of the severities given for this Service
// only; SaveTargets also stores them in the data folder.
func (s *Service) SetTargets(t Targets) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.targets == nil {
		s.targets = Targets{}
	}
	for k, v := range t {
		s.targets[k] = v
	}
}

// parseCode reads a value of the enumeration kind, one of codes: the code,
// its zh or en label, Kehu's export form or a variant (enum.Parse), else a
// code matched regardless of case, as customer fields are read.
func parseCode(kind string, codes []string, v string) (string, bool) {
	if code, ok := enum.Parse(kind, v); ok && slices.Contains(codes, code) {
		return code, true
	}
	v = strings.TrimSpace(v)
	i := slices.IndexFunc(codes, func(c string) bool { return strings.EqualFold(c, v) })
	if i < 0 {
		return "", false
	}
	return codes[i], true
}

func checkCode(field string, codes []string, v string) (string, error) {
	if code, ok := parseCode(field, codes, v); ok {
		return code, nil
	}
	return "", complaintErr("Unknown {{.Field}} {{.Value}}: use one of {{.Codes}}.",
		"Field", field, "Value", fmt.Sprintf("%q", v), "Codes", strings.Join(codes, ", "))
}

// Add validates and stores a new complaint of an existing customer:
// status new, opened now, with an "opened" history entry by by ("" is the
// current user). Attachments are paths of files to copy into the data
// folder's attachments/ directory; the record keeps the copies' names.
func (s *Service) Add(c *model.Complaint, by string) error {
	store, done := s.c.Use()
	defer done()
	var err error
	if c.Channel == "" {
		c.Channel = "other"
	}
	if c.Channel, err = checkCode("channel", model.Channels, c.Channel); err != nil {
		return err
	}
	if c.Category, err = checkCode("category", model.Categories, c.Category); err != nil {
		return err
	}
	if c.Severity, err = checkCode("severity", model.Severities, c.Severity); err != nil {
		return err
	}
	c.Text = strings.TrimSpace(c.Text)
	if c.Text == "" {
		return complaintErr("A complaint needs a description: say what happened.")
	}
	if strings.TrimSpace(c.CustomerID) == "" {
		return complaintErr("A complaint needs a customer.")
	}
	if _, err := store.Customer(c.CustomerID); err != nil {
		return err
	}
	if by == "" {
		by = core.CurrentUser()
	}
	now := s.c.Now()
	c.ID = model.NewID()
	c.Contact, c.Assignee = strings.TrimSpace(c.Contact), strings.TrimSpace(c.Assignee)
	c.Status = "new"
	if c.OpenedAt.IsZero() {
		c.OpenedAt = now
	}
	c.AcknowledgedAt, c.ResolvedAt, c.ClosedAt = time.Time{}, time.Time{}, time.Time{}
	c.Resolution, c.Satisfaction = "", 0
	c.History = []model.Event{{At: c.OpenedAt, Who: by, Kind: "opened", To: "new"}}
	if err := model.CheckRecord(c); err != nil {
		return err
	}
	copied, err := s.copyAttachments(c.ID, c.Attachments)
	if err != nil {
		return err
	}
	c.Attachments = copied
	if err := store.AddComplaint(c); err != nil {
		for _, f := range copied {
			store.RemoveAttachment(f)
		}
		return err
	}
	return nil
}

// Change is one update of a complaint; empty fields change nothing.
type Change struct {
	Status       string // acknowledged, in_progress, resolved, closed, reopened
	Note         string
	Resolution   string
	Satisfaction int // 1..5; 0 leaves it
	Assignee     string
	By           string // who; "" is the current user
}

// Update applies a change in one transaction, appending one history
// entry per changed thing: assignee, resolution, status, satisfaction, note
// (in that order, so "resolve with this resolution and this rating" works in
// one call). The order of statuses is new → acknowledged → in_progress →
// resolved → closed; resolving and closing need a resolution; a resolved or
// closed complaint can be reopened (back to in_progress). An invalid change
// is an *Error and changes nothing.
func (s *Service) Update(id string, ch Change) (*model.Complaint, error) {
	store, done := s.c.Use()
	defer done()
	if ch.Satisfaction != 0 && (ch.Satisfaction < 1 || ch.Satisfaction > 5) {
		return nil, complaintErr("Satisfaction is rated from 1 to 5, not {{.Value}}.", "Value", ch.Satisfaction)
	}
	to := strings.TrimSpace(strings.ToLower(ch.Status))
	if to != "" {
		code, ok := parseCode("status", StatusChanges, to)
		if !ok {
			return nil, complaintErr("Unknown status {{.Value}}: use one of {{.Codes}}.",
				"Value", fmt.Sprintf("%q", ch.Status), "Codes", strings.Join(StatusChanges, ", "))
		}
		to = code
	}
	by := ch.By
	if by == "" {
		by = core.CurrentUser()
	}
	now := s.c.Now()
	return store.ChangeComplaint(id, func(c *model.Complaint) error {
		ev := func(kind, from, to, note string) {
			c.History = append(c.History, model.Event{At: now, Who: by, Kind: kind, From: from, To: to, Note: note})
		}
		if a := strings.TrimSpace(ch.Assignee); a != "" && a != c.Assignee {
			ev("assignee", c.Assignee, a, "")
			c.Assignee = a
		}
		if r := strings.TrimSpace(ch.Resolution); r != "" && r != c.Resolution {
			ev("resolution", "", "", r)
			c.Resolution = r
		}
		if to != "" {
			from := c.Status
			if err := transition(c, to, now); err != nil {
				return err
			}
			kind := "status"
			if to == "reopened" {
				kind = "reopened"
			}
			ev(kind, from, c.Status, "")
		}
		if ch.Satisfaction != 0 {
			if c.Status != "resolved" && c.Status != "closed" {
				return complaintErr("Satisfaction is rated once the complaint is resolved; it is {{.Status}}.", "Status", c.Status)
			}
			if ch.Satisfaction != c.Satisfaction {
				ev("satisfaction", itoa(c.Satisfaction), itoa(ch.Satisfaction), "")
				c.Satisfaction = ch.Satisfaction
			}
		}
		if n := strings.TrimSpace(ch.Note); n != "" {
			ev("note", "", "", n)
		}
		return model.CheckRecord(c)
	})
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

// transition moves c to a new status, stamping the times.
func transition(c *model.Complaint, to string, now time.Time) error {
	from := c.Status
	bad := func() error {
		return complaintErr("Cannot move a complaint from {{.From}} to {{.To}}: the order is new → acknowledged → in_progress → resolved → closed.",
			"From", from, "To", to)
	}
	if from == to {
		return complaintErr("The complaint is already {{.Status}}.", "Status", from)
	}
	switch to {
	case "acknowledged":
		if from != "new" {
			return bad()
		}
		c.AcknowledgedAt = now
	case "in_progress":
		if from != "acknowledged" {
			return bad()
		}
	case "resolved":
		if from != "acknowledged" && from != "in_progress" {
			return bad()
		}
		if c.Resolution == "" {
			return complaintErr("Resolving needs a resolution: say how the complaint was resolved.")
		}
		c.ResolvedAt = now
	case "closed":
		if c.Resolution == "" {
			return complaintErr("Closing needs a resolution: say how the complaint was resolved.")
		}
		if c.AcknowledgedAt.IsZero() {
			c.AcknowledgedAt = now
		}
		if c.ResolvedAt.IsZero() {
			c.ResolvedAt = now
		}
		c.ClosedAt = now
	case "reopened":
		if from != "resolved" && from != "closed" {
			return complaintErr("Only a resolved or closed complaint can be reopened; it is {{.Status}}.", "Status", from)
		}
		c.ResolvedAt, c.ClosedAt, c.Satisfaction = time.Time{}, time.Time{}, 0
		c.Status = "in_progress"
		return nil
	}
	c.Status = to
	return nil
}

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

// ErrBadGrouping is a report grouping other than ComplaintGroupings.
var ErrBadGrouping = errors.New("unknown grouping")

// Groupings are the ways the complaint report groups complaints, and so
// the groupings of ChartOf.
var Groupings = []string{"category", "customer", "month", "status"}
