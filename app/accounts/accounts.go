// Package accounts is key-account management (关键客户管理): relationship
// assessments and satisfaction surveys with their radar and trend charts,
// goals and action plans with the overdue list, the key-account list with
// its decision-chain flags, and win-back of lost customers (客户再生).
package accounts

import (
	"fmt"
	"github.com/kehu-crm/kehu/app/enum"
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
)

// Service is key-account management on an open data folder. It is safe for
// concurrent use.
type Service struct {
	c *core.Core
}

// New is the service on the core's data folder.
func New(c *core.Core) *Service { return &Service{c: c} }

// ActionWinBack is the Kind of an action planned from the win-back list.
const ActionWinBack = "winback"

// ScorePoint is one point of a score trend: the mean score (1–5) at a date.
type ScorePoint struct {
	Date  string  `json:"date"`
	Value float64 `json:"value"`
}

// today is the date part of now in the local calendar: a due date is a day
// on the user's wall calendar, not in UTC.
func today(now time.Time) string { return now.Local().Format(time.DateOnly) }

// AddAssessment validates and stores an assessment of an existing customer;
// an empty date is today, an empty By the current user.
func (s *Service) AddAssessment(a *model.Assessment) error {
	store, done := s.c.Use()
	defer done()
	if a.Date == "" {
		a.Date = today(s.c.Now())
	}
	if a.By == "" {
		a.By = core.CurrentUser()
	}
	if err := model.CheckRecord(a); err != nil {
		return err
	}
	return store.PutAssessment(a)
}

// Assessments returns a customer's assessments, oldest first.
func (s *Service) Assessments(customerID string) ([]*model.Assessment, error) {
	store, done := s.c.Use()
	defer done()
	return store.Assessments(customerID)
}

// DeleteAssessment removes one assessment.
func (s *Service) DeleteAssessment(customerID, id string) error {
	store, done := s.c.Use()
	defer done()
	return store.DeleteAssessment(customerID, id)
}

// LatestAssessments are what the radar shows: the newest assessment and the
// one before it (nil when there are fewer), from a list oldest first.
func LatestAssessments(as []*model.Assessment) (latest, previous *model.Assessment) {
	if n := len(as); n > 0 {
		latest = as[n-1]
		if n > 1 {
			previous = as[n-2]
		}
	}
	return latest, previous
}

// AssessmentTrend is the mean of the six scores over time: one point per
// date, the assessments of one date averaged together.
func AssessmentTrend(as []*model.Assessment) []ScorePoint {
	return trend(len(as), func(i int) (string, float64) { return as[i].Date, as[i].Mean() })
}

// DimensionTrend is one dimension's score over time, one point per date.
func DimensionTrend(as []*model.Assessment, dim int) []ScorePoint {
	return trend(len(as), func(i int) (string, float64) { return as[i].Date, float64(as[i].Scores[dim]) })
}

// SurveyTrend is the satisfaction score over time, one point per date.
func SurveyTrend(vs []*model.Survey) []ScorePoint {
	return trend(len(vs), func(i int) (string, float64) { return vs[i].Date, float64(vs[i].Score) })
}

// trend averages values of the same date; the input is sorted by date.
func trend(n int, at func(i int) (string, float64)) []ScorePoint {
	var out []ScorePoint
	count := 0
	for i := range n {
		d, v := at(i)
		if len(out) > 0 && out[len(out)-1].Date == d {
			p := &out[len(out)-1]
			p.Value = (p.Value*float64(count) + v) / float64(count+1)
			count++
			continue
		}
		out = append(out, ScorePoint{Date: d, Value: v})
		count = 1
	}
	return out
}

// AddSurvey stores a satisfaction survey of an existing customer; an empty
// date is today.
func (s *Service) AddSurvey(v *model.Survey) error {
	store, done := s.c.Use()
	defer done()
	if v.Date == "" {
		v.Date = today(s.c.Now())
	}
	v.Comment = strings.TrimSpace(v.Comment)
	if err := model.CheckRecord(v); err != nil {
		return err
	}
	return store.PutSurvey(v)
}

// Surveys returns a customer's satisfaction surveys, oldest first.
func (s *Service) Surveys(customerID string) ([]*model.Survey, error) {
	store, done := s.c.Use()
	defer done()
	return store.Surveys(customerID)
}

// DeleteSurvey removes one survey.
func (s *Service) DeleteSurvey(customerID, id string) error {
	store, done := s.c.Use()
	defer done()
	return store.DeleteSurvey(customerID, id)
}

// AddGoal stores a key-account goal (a new one when ID is empty).
func (s *Service) AddGoal(g *model.Goal) error {
	store, done := s.c.Use()
	defer done()
	g.Text, g.Target, g.Owner = strings.TrimSpace(g.Text), strings.TrimSpace(g.Target), strings.TrimSpace(g.Owner)
	if err := model.CheckRecord(g); err != nil {
		return err
	}
	return store.PutGoal(g)
}

// Goals returns a customer's goals by date.
func (s *Service) Goals(customerID string) ([]*model.Goal, error) {
	st, done := s.c.Use()
	defer done()
	return st.Goals(customerID)
}

// DeleteGoal removes one goal.
func (s *Service) DeleteGoal(customerID, id string) error {
	st, done := s.c.Use()
	defer done()
	return st.DeleteGoal(customerID, id)
}

// AddAction stores an action of a customer's plan (a new one when ID is
// empty); its status defaults to open, its owner to the customer's 负责人.
func (s *Service) AddAction(a *model.Action) error {
	store, done := s.c.Use()
	defer done()
	a.Owner = strings.TrimSpace(a.Owner)
	if a.Owner == "" {
		if c, err := store.Customer(a.CustomerID); err == nil {
			a.Owner = c.Owner
		}
	}
	if err := model.CheckRecord(a); err != nil {
		return err
	}
	return store.PutAction(a)
}

// SetActionStatus moves an action to open, done or cancelled.
func (s *Service) SetActionStatus(customerID, id, status string) (*model.Action, error) {
	store, done := s.c.Use()
	defer done()
	code, ok := enum.Match(model.ActionStatuses, strings.TrimSpace(status))
	if !ok {
		return nil, fmt.Errorf("action status %q: %w", status, model.ErrBadStatus)
	}
	a, err := store.Action(customerID, id)
	if err != nil {
		return nil, err
	}
	a.Status = code
	return a, store.PutAction(a)
}

// Actions returns a customer's action plan by due date.
func (s *Service) Actions(customerID string) ([]*model.Action, error) {
	store, done := s.c.Use()
	defer done()
	return store.Actions(customerID)
}

// DeleteAction removes one action.
func (s *Service) DeleteAction(customerID, id string) error {
	store, done := s.c.Use()
	defer done()
	return store.DeleteAction(customerID, id)
}

// ActionRow is an action with its customer's name and, when overdue, by how
// many days.
type ActionRow struct {
	*model.Action
	Customer    string `json:"customer"`
	DaysOverdue int    `json:"days_overdue"`
}

// OverdueActions lists every open action, across customers, whose due date
// is before now's date (due today is not overdue), most overdue first. It
// reads the due-date index, then only those actions and their customers.
func (s *Service) OverdueActions(now time.Time) ([]*ActionRow, error) {
	store, done := s.c.Use()
	defer done()
	day := today(now)
	list, err := store.OpenActionsDueBefore(day)
	if err != nil {
		return nil, err
	}
	t, _ := time.Parse(time.DateOnly, day)
	names := map[string]string{}
	rows := make([]*ActionRow, 0, len(list))
	for _, a := range list {
		name, ok := names[a.CustomerID]
		if !ok {
			if c, err := store.Customer(a.CustomerID); err == nil {
				name = c.Name
			}
			names[a.CustomerID] = name
		}
		due, _ := time.Parse(time.DateOnly, a.Due)
		rows = append(rows, &ActionRow{Action: a, Customer: name, DaysOverdue: int(t.Sub(due).Hours() / 24)})
	}
	// The index is in due order already; ties by customer name for a stable list.
	slices.SortStableFunc(rows, func(a, b *ActionRow) int {
		if c := strings.Compare(a.Due, b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.Customer, b.Customer)
	})
	return rows, nil
}

// OverdueActionCount is the number of open actions due before now's date,
// counted from the index keys alone (no record is read): the dashboard tile.
func (s *Service) OverdueActionCount(now time.Time) (int, error) {
	store, done := s.c.Use()
	defer done()
	return store.CountOpenActionsDueBefore(today(now))
}
