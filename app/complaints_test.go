package app

import (
	"errors"
	"testing"
	"time"

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

// complaintFixture builds five complaints with known times (UTC):
//
//	c1 宝岛 quality  high   opened 03-03 09:00, ack +2h, resolved +48h (sat 4), closed +72h
//	c2 宝岛 delivery medium opened 03-10 09:00, ack +30h, resolved +240h (sat 2)
//	c3 杨氏 quality  low    opened 04-07 09:00, ack +12h, resolved +120h (no rating)
//	c4 杨氏 billing  high   opened 04-20 09:00, still new  (overdue at the end)
//	c5 宝岛 quality  medium opened 04-21 08:00, still new  (not overdue)
//
// and leaves the clock at 2025-04-21 09:00.
func complaintFixture(t *testing.T) (*Service, *clock, []string) {
	t.Helper()
	svc := openTest(t)
	clk := &clock{}
	svc.SetClock(clk.now)
	a := &model.Customer{Name: "宝岛眼镜公司"}
	b := &model.Customer{Name: "杨氏眼镜店"}
	for _, c := range []*model.Customer{a, b} {
		if _, err := svc.AddCustomer(c); err != nil {
			t.Fatal(err)
		}
	}
	add := func(when string, cust *model.Customer, cat, sev string) string {
		clk.t = at(when)
		c := &model.Complaint{CustomerID: cust.ID, Category: cat, Severity: sev, Channel: "phone", Text: "镜片有划痕"}
		if err := svc.AddComplaint(c, "王芳"); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	step := func(id string, when time.Time, ch ComplaintChange) {
		t.Helper()
		clk.t = when
		ch.By = "李强"
		if _, err := svc.UpdateComplaint(id, ch); err != nil {
			t.Fatalf("%s %+v: %v", id, ch, err)
		}
	}
	h := time.Hour
	c1 := add("2025-03-03T09:00:00Z", a, "quality", "high")
	t1 := at("2025-03-03T09:00:00Z")
	step(c1, t1.Add(2*h), ComplaintChange{Status: "acknowledged"})
	step(c1, t1.Add(3*h), ComplaintChange{Status: "in_progress", Assignee: "李强"})
	step(c1, t1.Add(48*h), ComplaintChange{Status: "resolved", Resolution: "换货", Satisfaction: 4})
	step(c1, t1.Add(72*h), ComplaintChange{Status: "closed"})

	c2 := add("2025-03-10T09:00:00Z", a, "delivery", "medium")
	t2 := at("2025-03-10T09:00:00Z")
	step(c2, t2.Add(30*h), ComplaintChange{Status: "acknowledged"})
	step(c2, t2.Add(31*h), ComplaintChange{Status: "in_progress"})
	step(c2, t2.Add(240*h), ComplaintChange{Status: "resolved", Resolution: "补发", Satisfaction: 2})

	c3 := add("2025-04-07T09:00:00Z", b, "quality", "low")
	t3 := at("2025-04-07T09:00:00Z")
	step(c3, t3.Add(12*h), ComplaintChange{Status: "acknowledged"})
	step(c3, t3.Add(120*h), ComplaintChange{Status: "resolved", Resolution: "退款"})

	c4 := add("2025-04-20T09:00:00Z", b, "billing", "high")
	c5 := add("2025-04-21T08:00:00Z", a, "quality", "medium")
	clk.t = at("2025-04-21T09:00:00Z")
	return svc, clk, []string{c1, c2, c3, c4, c5}
}

func TestComplaintTimesAndOverdue(t *testing.T) {
	svc, _, ids := complaintFixture(t)
	r, err := svc.Complaint(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "closed" || r.Response != 2*time.Hour || r.Handling != 48*time.Hour || !r.ResponseMet() || !r.HandlingMet() || r.Satisfaction != 4 {
		t.Errorf("c1: %s response %v handling %v sat %d", r.Status, r.Response, r.Handling, r.Satisfaction)
	}
	// opened, acknowledged, assignee, in_progress, resolution, resolved, satisfaction, closed
	kinds := ""
	for _, e := range r.History {
		kinds += e.Kind + ":" + e.To + " "
	}
	if want := "opened:new status:acknowledged assignee:李强 status:in_progress resolution: status:resolved satisfaction:4 status:closed "; kinds != want {
		t.Errorf("history %q\nwant    %q", kinds, want)
	}
	if r.History[0].Who != "王芳" || r.History[1].Who != "李强" || !r.History[1].At.Equal(at("2025-03-03T11:00:00Z")) {
		t.Errorf("who/when: %+v", r.History[:2])
	}
	if r2, _ := svc.Complaint(ids[1]); r2.ResponseMet() || r2.HandlingMet() {
		t.Errorf("c2 met its targets: %v %v", r2.Response, r2.Handling)
	}
	r4, _ := svc.Complaint(ids[3])
	if !r4.Overdue || r4.OverdueWhat != "acknowledge" || !r4.AckDue.Equal(at("2025-04-20T13:00:00Z")) {
		t.Errorf("c4 overdue %v %q due %v", r4.Overdue, r4.OverdueWhat, r4.AckDue)
	}
	if r5, _ := svc.Complaint(ids[4]); r5.Overdue {
		t.Error("c5 is overdue one hour after opening")
	}
	if n, err := svc.OverdueCount(); err != nil || n != 1 {
		t.Errorf("overdue count %d %v", n, err)
	}
	rows, _, _ := svc.Complaints(ComplaintFilter{Overdue: true})
	if len(rows) != 1 || rows[0].ID != ids[3] || rows[0].CustomerName != "杨氏眼镜店" {
		t.Errorf("overdue filter: %v", rows)
	}
}

func TestComplaintFiltersAndSort(t *testing.T) {
	svc, _, ids := complaintFixture(t)
	cust, _ := svc.Resolve("宝岛眼镜公司")
	for _, tc := range []struct {
		f    ComplaintFilter
		want []string
	}{
		{ComplaintFilter{}, ids},
		{ComplaintFilter{Sort: "opened", Desc: true}, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{ComplaintFilter{Category: "quality"}, []string{ids[0], ids[2], ids[4]}},
		{ComplaintFilter{Severity: "high"}, []string{ids[0], ids[3]}},
		{ComplaintFilter{Status: "resolved"}, []string{ids[1], ids[2]}},
		{ComplaintFilter{Assignee: "李强"}, []string{ids[0]}},
		{ComplaintFilter{CustomerID: cust.ID}, []string{ids[0], ids[1], ids[4]}},
		{ComplaintFilter{Open: true}, []string{ids[3], ids[4]}},
		{ComplaintFilter{Sort: "due"}, []string{ids[3], ids[4], ids[0], ids[1], ids[2]}},
		{ComplaintFilter{Sort: "handling"}, []string{ids[0], ids[2], ids[1], ids[3], ids[4]}},
		{ComplaintFilter{Sort: "severity", Limit: 2}, []string{ids[0], ids[3]}},
	} {
		rows, _, err := svc.Complaints(tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.ID)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%+v: %d rows, want %d", tc.f, len(got), len(tc.want))
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%+v: row %d is c%d", tc.f, i, indexOf(ids, got[i])+1)
			}
		}
	}
}

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
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
		gs, err := svc.ComplaintReport(by)
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
	gs, _ := svc.ComplaintReport("month")
	if len(gs) != 2 || gs[0].Group != "2025-03" || gs[0].Count != 2 || gs[1].Group != "2025-04" || gs[1].Count != 3 {
		t.Errorf("by month: %+v", gs)
	}
	all, _ := svc.ComplaintReport("all")
	if s, ok := all[0].ShareResolvedWithinTarget(); !ok || s != 2.0/3 {
		t.Errorf("share resolved within target %v", s)
	}
	if _, err := svc.ComplaintReport("tier"); !errors.Is(err, ErrBadGrouping) {
		t.Errorf("by tier: %v", err)
	}
}

func TestComplaintRules(t *testing.T) {
	svc, clk, ids := complaintFixture(t)
	bad := func(id string, ch ComplaintChange, want string) {
		t.Helper()
		before, _ := svc.Complaint(id)
		_, err := svc.UpdateComplaint(id, ch)
		var ce *ComplaintError
		if !errors.As(err, &ce) || err.Error() != want {
			t.Errorf("%+v: %v\nwant %s", ch, err, want)
		}
		if after, _ := svc.Complaint(id); len(after.History) != len(before.History) || after.Status != before.Status {
			t.Errorf("%+v: a refused change changed the complaint", ch)
		}
	}
	c4, c5 := ids[3], ids[4]
	bad(c4, ComplaintChange{Status: "resolved", Resolution: "x"}, "Cannot move a complaint from new to resolved: the order is new → acknowledged → in_progress → resolved → closed.")
	bad(c4, ComplaintChange{Status: "closed"}, "Closing needs a resolution: say how the complaint was resolved.")
	bad(c4, ComplaintChange{Satisfaction: 7}, "Satisfaction is rated from 1 to 5, not 7.")
	bad(c4, ComplaintChange{Satisfaction: 3}, "Satisfaction is rated once the complaint is resolved; it is new.")
	bad(c4, ComplaintChange{Status: "done"}, `Unknown status "done": use one of acknowledged, in_progress, resolved, closed, reopened.`)
	bad(c4, ComplaintChange{Status: "reopened"}, "Only a resolved or closed complaint can be reopened; it is new.")
	bad(c4, ComplaintChange{Status: "new"}, `Unknown status "new": use one of acknowledged, in_progress, resolved, closed, reopened.`)
	if _, err := svc.UpdateComplaint(c4, ComplaintChange{Status: "acknowledged"}); err != nil {
		t.Fatal(err)
	}
	bad(c4, ComplaintChange{Status: "acknowledged"}, "The complaint is already acknowledged.")
	bad(c4, ComplaintChange{Status: "resolved"}, "Resolving needs a resolution: say how the complaint was resolved.")

	// Reopening a closed complaint: back in progress, resolution times and rating cleared.
	c1 := ids[0]
	clk.t = at("2025-04-22T10:00:00Z")
	r, err := svc.UpdateComplaint(c1, ComplaintChange{Status: "reopened", Note: "客户又来电"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "in_progress" || !r.ResolvedAt.IsZero() || !r.ClosedAt.IsZero() || r.Satisfaction != 0 || r.Resolution != "换货" {
		t.Errorf("reopened: %+v", r)
	}
	n := len(r.History)
	if e := r.History[n-2]; e.Kind != "reopened" || e.From != "closed" || e.To != "in_progress" {
		t.Errorf("reopen event %+v", e)
	}
	if e := r.History[n-1]; e.Kind != "note" || e.Note != "客户又来电" {
		t.Errorf("note event %+v", e)
	}

	// Add: unknown codes and customers are refused.
	if err := svc.AddComplaint(&model.Complaint{CustomerID: "nobody", Category: "quality", Severity: "high", Text: "x"}, ""); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	cust, _ := svc.Resolve("杨氏眼镜店")
	if err := svc.AddComplaint(&model.Complaint{CustomerID: cust.ID, Category: "taste", Severity: "high", Text: "x"}, ""); err == nil || err.Error() != `Unknown category "taste": use one of quality, delivery, billing, service, other.` {
		t.Errorf("bad category: %v", err)
	}
	if err := svc.AddComplaint(&model.Complaint{CustomerID: cust.ID, Category: "quality", Severity: "high"}, ""); err == nil {
		t.Error("a complaint without text was stored")
	}
	_ = c5
	if ps, err := svc.Check(); err != nil || len(ps) != 0 {
		t.Errorf("check: %v %v", ps, err)
	}
}
