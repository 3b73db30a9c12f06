package app

import (
	"errors"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

func TestFollowUpDone(t *testing.T) {
	s := openTest(t)
	s.SetClock(func() time.Time { return time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local) })
	c := &model.Customer{Name: "天明眼镜公司"}
	if _, err := s.Customers.Add(c); err != nil {
		t.Fatal(err)
	}
	var ins []*model.Interaction
	for _, d := range []string{"2026-03-01", "2026-03-09", "2026-03-10", ""} {
		in := &model.Interaction{CustomerID: c.ID, Kind: "visit", FollowUp: d}
		if err := s.Customers.AddInteraction(in); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	// Due on or before yesterday, as the dashboard counts.
	due := func(want int) {
		t.Helper()
		if n, err := s.FollowUpsDue("2026-03-09"); err != nil || n != want {
			t.Fatalf("overdue %d %v, want %d", n, err, want)
		}
	}
	due(2)
	for i, want := range []bool{true, true, false, false} {
		if got := s.Customers.FollowUpOverdue(ins[i]); got != want {
			t.Errorf("follow-up %d overdue %v, want %v", i, got, want)
		}
	}
	in, err := s.Customers.SetFollowUpDone(c.ID, ins[0].ID, true)
	if err != nil || in.FollowUpDone != "2026-03-10" || s.Customers.FollowUpOverdue(in) {
		t.Fatalf("done: %+v %v", in, err)
	}
	due(1)
	if in, err = s.Customers.InteractionByID(ins[0].ID); err != nil || in.FollowUpDone != "2026-03-10" {
		t.Errorf("by id: %+v %v", in, err)
	}
	if _, err := s.Customers.SetFollowUpDone(c.ID, ins[0].ID, false); err != nil {
		t.Fatal(err)
	}
	due(2)
	if _, err := s.Customers.SetFollowUpDone(c.ID, ins[3].ID, true); !errors.Is(err, model.ErrNoFollowUp) {
		t.Errorf("no follow-up: %v", err)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Errorf("check: %v", p)
	}
}
