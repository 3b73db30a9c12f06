package accounts

import (
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// KeyAccountTags mark a customer of tier B or C as a key account (关键客户)
// too; tiers S and A always are (重点客户, the tiering's key customers).
var KeyAccountTags = []string{"重点客户", "大客户", "关键客户", "key account"}

// The decision-chain flags of a key account (one contact is a fragile
// relationship; key-account management maps the decision chain).
const (
	FlagNoContact       = "no_contact"        // nobody at the customer is known
	FlagSingleContact   = "single_contact"    // one person: the relationship hangs on them
	FlagNoDecisionMaker = "no_decision_maker" // no contact has the decision_maker role
)

// IsKeyAccount reports whether c is managed as a key account: tier S or A,
// or tagged with one of KeyAccountTags (any case).
func IsKeyAccount(c *model.Customer) bool {
	if c.Tier == "S" || c.Tier == "A" {
		return true
	}
	for _, t := range c.Tags {
		for _, k := range KeyAccountTags {
			if strings.EqualFold(strings.TrimSpace(t), k) {
				return true
			}
		}
	}
	return false
}

// DecisionChainFlags lists what is missing in c's decision chain: no
// contact, or a single one, and no decision maker.
func DecisionChainFlags(c *model.Customer) []string {
	var flags []string
	switch len(c.Contacts) {
	case 0:
		flags = append(flags, FlagNoContact)
	case 1:
		flags = append(flags, FlagSingleContact)
	}
	if DecisionMakers(c) == 0 {
		flags = append(flags, FlagNoDecisionMaker)
	}
	return flags
}

// DecisionMakers counts c's contacts with the decision_maker role.
func DecisionMakers(c *model.Customer) int {
	n := 0
	for _, ct := range c.Contacts {
		if ct.Role == "decision_maker" {
			n++
		}
	}
	return n
}

// KeyAccountRow is one key account with the state of its management.
type KeyAccountRow struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Tier           string   `json:"tier"`
	Owner          string   `json:"owner"`
	Contacts       int      `json:"contacts"`
	DecisionMakers int      `json:"decision_makers"`
	Flags          []string `json:"flags"`
	Goals          int      `json:"goals"`
	OpenActions    int      `json:"open_actions"`
	OverdueActions int      `json:"overdue_actions"`
	Assessed       string   `json:"assessed"`     // date of the latest assessment, "" none
	Score          float64  `json:"score"`        // its mean of the six scores, 0 none
	Satisfaction   int      `json:"satisfaction"` // the latest survey's score, 0 none
	SurveyDate     string   `json:"survey_date"`  // its date
}

// KeyAccounts lists every key account: flagged ones first, then by tier
// (S before A before tagged B and C), then by name. Overdue counts are as of
// now's date. It reads each customer once and every assessment, survey, goal
// and action once.
func (s *Service) KeyAccounts(now time.Time) ([]*KeyAccountRow, error) {
	store, done := s.c.Use()
	defer done()
	var keys []*model.Customer
	if err := store.EachCustomer(func(c *model.Customer) error {
		if IsKeyAccount(c) {
			keys = append(keys, c)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	recs, err := store.AllAccountRecords()
	if err != nil {
		return nil, err
	}
	day := today(now)
	rows := make([]*KeyAccountRow, 0, len(keys))
	for _, c := range keys {
		r := &KeyAccountRow{ID: c.ID, Name: c.Name, Tier: c.Tier, Owner: c.Owner, Contacts: len(c.Contacts),
			DecisionMakers: DecisionMakers(c), Flags: DecisionChainFlags(c)}
		rows = append(rows, r)
		rec := recs[c.ID]
		if rec == nil {
			continue
		}
		r.Goals = len(rec.Goals)
		for _, a := range rec.Actions {
			if a.Status == "open" {
				r.OpenActions++
				if a.Due != "" && a.Due < day {
					r.OverdueActions++
				}
			}
		}
		// The latest by date, then by when it was recorded (as Assessments sorts).
		var assessedAt time.Time
		for _, a := range rec.Assessments {
			if r.Assessed == "" || a.Date > r.Assessed || a.Date == r.Assessed && a.Created.After(assessedAt) {
				r.Assessed, r.Score, assessedAt = a.Date, a.Mean(), a.Created
			}
		}
		var surveyAt time.Time
		for _, v := range rec.Surveys {
			if r.SurveyDate == "" || v.Date > r.SurveyDate || v.Date == r.SurveyDate && v.Created.After(surveyAt) {
				r.Satisfaction, r.SurveyDate, surveyAt = v.Score, v.Date, v.Created
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b *KeyAccountRow) int {
		if fa, fb := len(a.Flags) > 0, len(b.Flags) > 0; fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		if c := tierRank(a.Tier) - tierRank(b.Tier); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return rows, nil
}

// tierRank orders S, A, B, C, then none.
func tierRank(t string) int {
	if i := slices.Index(model.Tiers, t); i >= 0 {
		return i
	}
	return len(model.Tiers)
}
