package complaints

import (
	"errors"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data/model"
)

// openTest is a complaints service on a new data folder.
func openTest(t testing.TB) *Service {
	t.Helper()
	c, err := core.Open(t.TempDir(), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// addCustomer stores a customer straight in the store, as customers.Add does.
func addCustomer(t testing.TB, s *Service, c *model.Customer) {
	t.Helper()
	st, done := s.c.Use()
	defer done()
	if err := st.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
}

// resolve is the id of the one customer named name.
func resolve(t testing.TB, s *Service, name string) string {
	t.Helper()
	st, done := s.c.Use()
	defer done()
	ids, err := st.CustomersByName(name)
	if err != nil || len(ids) != 1 {
		t.Fatalf("customer %s: %v %v", name, ids, err)
	}
	return ids[0]
}

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
	svc.c.SetClock(clk.now)
	a := &model.Customer{Name: "宝岛眼镜公司"}
	b := &model.Customer{Name: "杨氏眼镜店"}
	for _, c := range []*model.Customer{a, b} {
		addCustomer(t, svc, c)
	}
	add := func(when string, cust *model.Customer, cat, sev string) string {
		clk.t = at(when)
		c := &model.Complaint{CustomerID: cust.ID, Category: cat, Severity: sev, Channel: "phone", Text: "镜片有划痕"}
		if err := svc.Add(c, "王芳"); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	step := func(id string, when time.Time, ch Change) {
		t.Helper()
		clk.t = when
		ch.By = "李强"
		if _, err := svc.Update(id, ch); err != nil {
			t.Fatalf("%s %+v: %v", id, ch, err)
		}
	}
	h := time.Hour
	c1 := add("2025-03-03T09:00:00Z", a, "quality", "high")
	t1 := at("2025-03-03T09:00:00Z")
	step(c1, t1.Add(2*h), Change{Status: "acknowledged"})
	step(c1, t1.Add(3*h), Change{Status: "in_progress", Assignee: "李强"})
	step(c1, t1.Add(48*h), Change{Status: "resolved", Resolution: "换货", Satisfaction: 4})
	step(c1, t1.Add(72*h), Change{Status: "closed"})

	c2 := add("2025-03-10T09:00:00Z", a, "delivery", "medium")
	t2 := at("2025-03-10T09:00:00Z")
	step(c2, t2.Add(30*h), Change{Status: "acknowledged"})
	step(c2, t2.Add(31*h), Change{Status: "in_progress"})
	step(c2, t2.Add(240*h), Change{Status: "resolved", Resolution: "补发", Satisfaction: 2})

	c3 := add("2025-04-07T09:00:00Z", b, "quality", "low")
	t3 := at("2025-04-07T09:00:00Z")
	step(c3, t3.Add(12*h), Change{Status: "acknowledged"})
	step(c3, t3.Add(120*h), Change{Status: "resolved", Resolution: "退款"})

	c4 := add("2025-04-20T09:00:00Z", b, "billing", "high")
	c5 := add("2025-04-21T08:00:00Z", a, "quality", "medium")
	clk.t = at("2025-04-21T09:00:00Z")
	return svc, clk, []string{c1, c2, c3, c4, c5}
}

func TestComplaintTimesAndOverdue(t *testing.T) {
	svc, _, ids := complaintFixture(t)
	r, err := svc.Get(ids[0])
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
	if r2, _ := svc.Get(ids[1]); r2.ResponseMet() || r2.HandlingMet() {
		t.Errorf("c2 met its targets: %v %v", r2.Response, r2.Handling)
	}
	r4, _ := svc.Get(ids[3])
	if !r4.Overdue || r4.OverdueWhat != "acknowledge" || !r4.AckDue.Equal(at("2025-04-20T13:00:00Z")) {
		t.Errorf("c4 overdue %v %q due %v", r4.Overdue, r4.OverdueWhat, r4.AckDue)
	}
	if r5, _ := svc.Get(ids[4]); r5.Overdue {
		t.Error("c5 is overdue one hour after opening")
	}
	if n, err := svc.OverdueCount(); err != nil || n != 1 {
		t.Errorf("overdue count %d %v", n, err)
	}
	rows, _, _ := svc.List(Filter{Overdue: true})
	if len(rows) != 1 || rows[0].ID != ids[3] || rows[0].CustomerName != "杨氏眼镜店" {
		t.Errorf("overdue filter: %v", rows)
	}
}

func TestFiltersAndSort(t *testing.T) {
	svc, _, ids := complaintFixture(t)
	custID := resolve(t, svc, "宝岛眼镜公司")
	for _, tc := range []struct {
		f    Filter
		want []string
	}{
		{Filter{}, ids},
		{Filter{Sort: "opened", Desc: true}, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{Filter{Category: "quality"}, []string{ids[0], ids[2], ids[4]}},
		{Filter{Severity: "high"}, []string{ids[0], ids[3]}},
		{Filter{Status: "resolved"}, []string{ids[1], ids[2]}},
		{Filter{Assignee: "李强"}, []string{ids[0]}},
		{Filter{CustomerID: custID}, []string{ids[0], ids[1], ids[4]}},
		{Filter{Open: true}, []string{ids[3], ids[4]}},
		{Filter{Sort: "due"}, []string{ids[3], ids[4], ids[0], ids[1], ids[2]}},
		{Filter{Sort: "handling"}, []string{ids[0], ids[2], ids[1], ids[3], ids[4]}},
		{Filter{Sort: "severity", Limit: 2}, []string{ids[0], ids[3]}},
	} {
		rows, _, err := svc.List(tc.f)
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

func TestComplaintRules(t *testing.T) {
	svc, clk, ids := complaintFixture(t)
	bad := func(id string, ch Change, want string) {
		t.Helper()
		before, _ := svc.Get(id)
		_, err := svc.Update(id, ch)
		var ce *Error
		if !errors.As(err, &ce) || err.Error() != want {
			t.Errorf("%+v: %v\nwant %s", ch, err, want)
		}
		if after, _ := svc.Get(id); len(after.History) != len(before.History) || after.Status != before.Status {
			t.Errorf("%+v: a refused change changed the complaint", ch)
		}
	}
	c4, c5 := ids[3], ids[4]
	bad(c4, Change{Status: "resolved", Resolution: "x"}, "Cannot move a complaint from new to resolved: the order is new → acknowledged → in_progress → resolved → closed.")
	bad(c4, Change{Status: "closed"}, "Closing needs a resolution: say how the complaint was resolved.")
	bad(c4, Change{Satisfaction: 7}, "Satisfaction is rated from 1 to 5, not 7.")
	bad(c4, Change{Satisfaction: 3}, "Satisfaction is rated once the complaint is resolved; it is new.")
	bad(c4, Change{Status: "done"}, `Unknown status "done": use one of acknowledged, in_progress, resolved, closed, reopened.`)
	bad(c4, Change{Status: "reopened"}, "Only a resolved or closed complaint can be reopened; it is new.")
	bad(c4, Change{Status: "new"}, `Unknown status "new": use one of acknowledged, in_progress, resolved, closed, reopened.`)
	if _, err := svc.Update(c4, Change{Status: "acknowledged"}); err != nil {
		t.Fatal(err)
	}
	bad(c4, Change{Status: "acknowledged"}, "The complaint is already acknowledged.")
	bad(c4, Change{Status: "resolved"}, "Resolving needs a resolution: say how the complaint was resolved.")

	// Reopening a closed complaint: back in progress, resolution times and rating cleared.
	c1 := ids[0]
	clk.t = at("2025-04-22T10:00:00Z")
	r, err := svc.Update(c1, Change{Status: "reopened", Note: "客户又来电"})
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
	if err := svc.Add(&model.Complaint{CustomerID: "nobody", Category: "quality", Severity: "high", Text: "x"}, ""); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	custID := resolve(t, svc, "杨氏眼镜店")
	if err := svc.Add(&model.Complaint{CustomerID: custID, Category: "taste", Severity: "high", Text: "x"}, ""); err == nil || err.Error() != `Unknown category "taste": use one of quality, delivery, billing, service, other.` {
		t.Errorf("bad category: %v", err)
	}
	if err := svc.Add(&model.Complaint{CustomerID: custID, Category: "quality", Severity: "high"}, ""); err == nil {
		t.Error("a complaint without text was stored")
	}
	_ = c5
	st, done := svc.c.Use()
	defer done()
	if ps, err := st.Check(); err != nil || len(ps) != 0 {
		t.Errorf("check: %v %v", ps, err)
	}
}
