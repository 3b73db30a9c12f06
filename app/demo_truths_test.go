package app

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// TestDemoTruths: the demo has no sale dated after the user's today (also
// where UTC is a day ahead) and has complaints in several states.
func TestDemoTruths(t *testing.T) {
	s := openTest(t)
	// 23:30 on 15 March in UTC−8 is already 16 March in UTC.
	now := time.Date(2026, 3, 15, 23, 30, 0, 0, time.FixedZone("PST", -8*3600))
	if _, err := s.Demo(DemoOptions{Customers: 60, Months: 3, Seed: 4, Now: now}); err != nil {
		t.Fatal(err)
	}
	last := ""
	err := s.testStore().EachSale(func(sale *model.Sale) error {
		last = max(last, sale.Date)
		return nil
	})
	if err != nil || last == "" || last > "2026-03-15" {
		t.Fatalf("last sale %q (%v), want one no later than 2026-03-15", last, err)
	}
	states := map[string]int{}
	err = s.testStore().EachComplaint(func(c *model.Complaint) error {
		states[c.Status]++
		if c.OpenedAt.After(now) || (c.Status == "closed" && c.ClosedAt.IsZero()) {
			t.Errorf("complaint %+v", c)
		}
		return nil
	})
	if err != nil || len(states) < 4 {
		t.Fatalf("complaint states %v (%v), want at least 4", states, err)
	}
}
