package data

import (
	"errors"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestActionDueIndex: only open actions with a due date are indexed; closing
// one drops its entry; Check agrees at every step.
func TestActionDueIndex(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "宝岛眼镜公司", Tier: "S"}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	acts := []*model.Action{
		{CustomerID: c.ID, Text: "拜访采购总监", Due: "2026-03-01"},
		{CustomerID: c.ID, Text: "签年度协议", Due: "2026-04-10"},
		{CustomerID: c.ID, Text: "培训店员"}, // no due date: never overdue
		{CustomerID: c.ID, Text: "送样品", Due: "2026-02-01", Status: "done"},
	}
	for _, a := range acts {
		if err := s.PutAction(a); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string) {
		t.Helper()
		if p, err := s.Check(); err != nil || len(p) != 0 {
			t.Fatalf("%s: check %v %v", when, p, err)
		}
	}
	check("after put")
	for _, tc := range []struct {
		date string
		want int
	}{{"2026-03-01", 0}, {"2026-03-02", 1}, {"2026-04-10", 1}, {"2026-04-11", 2}, {"2030-01-01", 2}} {
		n, err := s.CountOpenActionsDueBefore(tc.date)
		list, _ := s.OpenActionsDueBefore(tc.date)
		if err != nil || n != tc.want || len(list) != tc.want {
			t.Errorf("before %s: count %d, list %d, want %d (%v)", tc.date, n, len(list), tc.want, err)
		}
	}
	acts[0].Status = "done"
	if err := s.PutAction(acts[0]); err != nil {
		t.Fatal(err)
	}
	check("after done")
	if n, _ := s.CountOpenActionsDueBefore("2030-01-01"); n != 1 {
		t.Errorf("after done: %d overdue, want 1", n)
	}
	if err := s.PutAction(&model.Action{CustomerID: c.ID, Text: "x", Status: "later"}); !errors.Is(err, model.ErrBadStatus) {
		t.Errorf("bad status: %v", err)
	}
	if err := s.PutAction(&model.Action{CustomerID: c.ID, Text: " "}); !errors.Is(err, model.ErrNoText) {
		t.Errorf("no text: %v", err)
	}
	if err := s.PutAction(&model.Action{CustomerID: "nobody", Text: "x"}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("no customer: %v", err)
	}
	if err := s.DeleteAction(c.ID, acts[1].ID); err != nil {
		t.Fatal(err)
	}
	check("after delete")
	if n, _ := s.CountOpenActionsDueBefore("2030-01-01"); n != 0 {
		t.Errorf("after delete: %d overdue, want 0", n)
	}
}

// TestDeleteCustomerTakesItsAccountRecords: assessments, surveys, goals and
// actions go with the customer and come back with undo.
func TestDeleteCustomerTakesItsAccountRecords(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "杨氏眼镜店", Tier: "S"}
	other := &model.Customer{Name: "天明眼镜公司", Tier: "B"}
	for _, x := range []*model.Customer{c, other} {
		if err := s.PutCustomer(x); err != nil {
			t.Fatal(err)
		}
	}
	for _, x := range []*model.Customer{c, other} {
		must(t, s.PutAssessment(&model.Assessment{CustomerID: x.ID, Date: "2026-01-05", Scores: []int{1, 2, 3, 4, 5, 3}}))
		must(t, s.PutSurvey(&model.Survey{CustomerID: x.ID, Date: "2026-01-06", Score: 4}))
		must(t, s.PutGoal(&model.Goal{CustomerID: x.ID, Text: "年销售额增长20%"}))
		must(t, s.PutAction(&model.Action{CustomerID: x.ID, Text: "回访", Due: "2026-01-10"}))
	}
	d, err := s.DeleteCustomer(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Accounts
	if len(r.Assessments) != 1 || len(r.Surveys) != 1 || len(r.Goals) != 1 || len(r.Actions) != 1 {
		t.Fatalf("deleted %d/%d/%d/%d records, want 1 each", len(r.Assessments), len(r.Surveys), len(r.Goals), len(r.Actions))
	}
	if n, _ := s.CountOpenActionsDueBefore("2030-01-01"); n != 1 {
		t.Errorf("%d overdue after delete, want the other customer's 1", n)
	}
	if as, _ := s.Assessments(c.ID); len(as) != 0 {
		t.Errorf("%d assessments left", len(as))
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after delete: %v", p)
	}
	must(t, s.RestoreCustomer(d))
	as, _ := s.Assessments(c.ID)
	vs, _ := s.Surveys(c.ID)
	gs, _ := s.Goals(c.ID)
	acts, _ := s.Actions(c.ID)
	if len(as) != 1 || len(vs) != 1 || len(gs) != 1 || len(acts) != 1 {
		t.Errorf("restored %d/%d/%d/%d, want 1 each", len(as), len(vs), len(gs), len(acts))
	}
	if n, _ := s.CountOpenActionsDueBefore("2030-01-01"); n != 2 {
		t.Errorf("%d overdue after undo, want 2", n)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after undo: %v", p)
	}
}

// TestAssessmentValidation: scores outside 1–5, a wrong count or a bad date
// are refused and nothing is written.
func TestAssessmentValidation(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "重明眼镜公司"}
	must(t, s.PutCustomer(c))
	for _, a := range []*model.Assessment{
		{CustomerID: c.ID, Date: "2026-01-05", Scores: []int{1, 2, 3, 4, 5, 6}},
		{CustomerID: c.ID, Date: "2026-01-05", Scores: []int{0, 2, 3, 4, 5, 5}},
		{CustomerID: c.ID, Date: "2026-01-05", Scores: []int{1, 2, 3}},
		{CustomerID: c.ID, Date: "2026-02-30", Scores: []int{1, 2, 3, 4, 5, 5}},
	} {
		if err := s.PutAssessment(a); err == nil {
			t.Errorf("%v accepted", a)
		}
	}
	if err := s.PutSurvey(&model.Survey{CustomerID: c.ID, Date: "2026-01-05", Score: 6}); !errors.Is(err, model.ErrBadScore) {
		t.Errorf("survey 6: %v", err)
	}
	if as, _ := s.Assessments(c.ID); len(as) != 0 {
		t.Errorf("%d stored", len(as))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
