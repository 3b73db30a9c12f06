package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestDates_FieldsReadEveryForm: the sale form's date, the interaction's
// next follow-up and the sales screen's period take the forms data/model
// reads, counted from the service's clock, and store them as YYYY-MM-DD.
func TestDates_FieldsReadEveryForm(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	svc.SetClock(func() time.Time { return time.Date(2026, 12, 7, 10, 0, 0, 0, time.Local) })
	c, err := svc.Customers.Resolve("天明眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	l := customerSales(t, u, c)
	for _, tc := range []struct{ typed, want string }{
		{"2026/12/5", "2026-12-05"},
		{"2026年12月5日", "2026-12-05"},
		{"12/1", "2026-12-01"},
		{"明天", "2026-12-08"},
		{"tomorrow", "2026-12-08"},
		{"-7", "2026-11-30"},
	} {
		f := l.add()
		f.date.SetText("")
		test.Type(f.date, tc.typed)
		if err := f.date.Validate(); err != nil {
			t.Errorf("%q refused: %v", tc.typed, err)
			continue
		}
		test.Type(f.product, "镜片")
		test.Type(f.quantity, "1")
		test.Type(f.amount, "10")
		f.dlg.Submit()
		got, err := svc.Sales.OfCustomer(c.ID, tc.want, tc.want)
		if err != nil || len(got) == 0 {
			t.Errorf("%q: no sale on %s (%v)", tc.typed, tc.want, err)
		}
	}
	f := l.add()
	f.date.SetText("")
	test.Type(f.date, "2026-02-30")
	if f.date.Validate() == nil {
		t.Error("2026-02-30 accepted")
	}

	// The sales screen's period: 2026/1 is January.
	s := newSalesScreen(u)
	u.win.SetContent(s.content())
	s.from.SetText("2026/1")
	s.to.SetText("2026年3月")
	u.waitLoads()
	if s.q.From != "2026-01" || s.q.To != "2026-03" || s.problem.Visible() {
		t.Errorf("period 2026/1 … 2026年3月: query %q … %q, problem %q", s.q.From, s.q.To, s.problem.Text)
	}
	s.to.SetText("2026/13")
	if !s.problem.Visible() {
		t.Error("2026/13 shows no problem")
	}
}
