package reports

import (
	"errors"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// complaintFixture builds five complaints with known times (UTC). It is a
// copy of complaints' complaintFixture (app/complaints/complaints_test.go),
// which tests the times of each complaint where this tests their report;
// a test cannot import another package's tests, so change both together.
//
//	c1 宝岛 quality  high   opened 03-03 09:00, ack +2h, resolved +48h (sat 4), closed +72h
//	c2 宝岛 delivery medium opened 03-10 09:00, ack +30h, resolved +240h (sat 2)
//	c3 杨氏 quality  low    opened 04-07 09:00, ack +12h, resolved +120h (no rating)
//	c4 杨氏 billing  high   opened 04-20 09:00, still new  (overdue at the end)
//	c5 宝岛 quality  medium opened 04-21 08:00, still new  (not overdue)
//
// and leaves the clock at 2025-04-21 09:00.
func complaintFixture(t *testing.T) (*folder, *clock, []string) {
	t.Helper()
	svc := openTest(t)
	clk := &clock{}
	svc.SetClock(clk.now)
	a := &model.Customer{Name: "宝岛眼镜公司"}
	b := &model.Customer{Name: "杨氏眼镜店"}
	for _, c := range []*model.Customer{a, b} {
		if _, err := svc.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	add := func(when string, cust *model.Customer, cat, sev string) string {
		clk.t = at(when)
		c := &model.Complaint{CustomerID: cust.ID, Category: cat, Severity: sev, Channel: "phone", Text: "镜片有划痕"}
		if err := svc.Complaints.Add(c, "王芳"); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	step := func(id string, when time.Time, ch complaints.Change) {
		t.Helper()
		clk.t = when
		ch.By = "李强"
		if _, err := svc.Complaints.Update(id, ch); err != nil {
			t.Fatalf("%s %+v: %v", id, ch, err)
		}
	}
	h := time.Hour
	c1 := add("2025-03-03T09:00:00Z", a, "quality", "high")
	t1 := at("2025-03-03T09:00:00Z")
	step(c1, t1.Add(2*h), complaints.Change{Status: "acknowledged"})
	step(c1, t1.Add(3*h), complaints.Change{Status: "in_progress", Assignee: "李强"})
	step(c1, t1.Add(48*h), complaints.Change{Status: "resolved", Resolution: "换货", Satisfaction: 4})
	step(c1, t1.Add(72*h), complaints.Change{Status: "closed"})

	c2 := add("2025-03-10T09:00:00Z", a, "delivery", "medium")
	t2 := at("2025-03-10T09:00:00Z")
	step(c2, t2.Add(30*h), complaints.Change{Status: "acknowledged"})
	step(c2, t2.Add(31*h), complaints.Change{Status: "in_progress"})
	step(c2, t2.Add(240*h), complaints.Change{Status: "resolved", Resolution: "补发", Satisfaction: 2})

	c3 := add("2025-04-07T09:00:00Z", b, "quality", "low")
	t3 := at("2025-04-07T09:00:00Z")
	step(c3, t3.Add(12*h), complaints.Change{Status: "acknowledged"})
	step(c3, t3.Add(120*h), complaints.Change{Status: "resolved", Resolution: "退款"})

	c4 := add("2025-04-20T09:00:00Z", b, "billing", "high")
	c5 := add("2025-04-21T08:00:00Z", a, "quality", "medium")
	clk.t = at("2025-04-21T09:00:00Z")
	return svc, clk, []string{c1, c2, c3, c4, c5}
}

// TestComplaintReport checks the analysis against numbers computed by hand
// from the fixture (see complaintFixture).
func TestComplaintReport(t *testing.T) {
	svc, _, _ := complaintFixture(t)
	h := time.Hour
	type want struct {
		group                     string
		count, open, overdue      int
		responded, respIn         int
		avgResp, medResp, respTgt time.Duration
		handled, handIn           int
		avgHand, medHand, handTgt time.Duration
		rated                     int
		sat                       float64
	}
	check := func(by string, wants []want) {
		t.Helper()
		gs, err := svc.Reports.ComplaintReport(by)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != len(wants) {
			t.Fatalf("by %s: %d groups, want %d", by, len(gs), len(wants))
		}
		for i, w := range wants {
			g := gs[i]
			got := want{g.Label, g.Count, g.Open, g.Overdue, g.Responded, g.ResponseWithinTarget, g.AvgResponse, g.MedianResponse, g.ResponseTarget,
				g.Handled, g.ResolvedWithinTarget, g.AvgHandling, g.MedianHandling, g.HandlingTarget, g.Rated, g.AvgSatisfaction}
			if got != w {
				t.Errorf("by %s, group %d:\n got %+v\nwant %+v", by, i, got, w)
			}
		}
	}
	check("all", []want{{"all", 5, 2, 1, 3, 2, 14*h + 40*time.Minute, 12 * h, (4*h + 24*h + 72*h) / 3, 3, 2, 136 * h, 120 * h, (72*h + 168*h + 336*h) / 3, 2, 3}})
	check("category", []want{
		{"quality", 3, 1, 0, 2, 2, 7 * h, 7 * h, 38 * h, 2, 2, 84 * h, 84 * h, 204 * h, 1, 4},
		{"delivery", 1, 0, 0, 1, 0, 30 * h, 30 * h, 24 * h, 1, 0, 240 * h, 240 * h, 168 * h, 1, 2},
		{"billing", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"service", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"other", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	})
	check("customer", []want{
		{"宝岛眼镜公司", 3, 1, 0, 2, 1, 16 * h, 16 * h, 14 * h, 2, 1, 144 * h, 144 * h, 120 * h, 2, 3},
		{"杨氏眼镜店", 2, 1, 1, 1, 1, 12 * h, 12 * h, 72 * h, 1, 1, 120 * h, 120 * h, 336 * h, 0, 0},
	})
	check("status", []want{
		{"new", 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"acknowledged", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"in_progress", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{"resolved", 2, 0, 0, 2, 1, 21 * h, 21 * h, 48 * h, 2, 1, 180 * h, 180 * h, 252 * h, 1, 2},
		{"closed", 1, 0, 0, 1, 1, 2 * h, 2 * h, 4 * h, 1, 1, 48 * h, 48 * h, 72 * h, 1, 4},
	})
	gs, _ := svc.Reports.ComplaintReport("month")
	if len(gs) != 2 || gs[0].Group != "2025-03" || gs[0].Count != 2 || gs[1].Group != "2025-04" || gs[1].Count != 3 {
		t.Errorf("by month: %+v", gs)
	}
	all, _ := svc.Reports.ComplaintReport("all")
	if s, ok := all[0].ShareResolvedWithinTarget(); !ok || s != 2.0/3 {
		t.Errorf("share resolved within target %v", s)
	}
	if _, err := svc.Reports.ComplaintReport("tier"); !errors.Is(err, complaints.ErrBadGrouping) {
		t.Errorf("by tier: %v", err)
	}
}
