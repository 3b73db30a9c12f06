// Package complaints is Kehu's complaint handling (投诉处理): complaints,
// their history events and attachments, the service-time targets (服务时限)
// they are measured against, overdue counts and the data of complaint charts.
package complaints

import (
	"bytes"
	"fmt"
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
func checkCode(field string, codes []string, v string) (string, error) {
	if code, ok := enum.ParseCode(field, codes, v); ok {
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
		code, ok := enum.ParseCode("status", StatusChanges, to)
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
