package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// newSalesUI opens the window on a small demo store and puts the sales
// screen in it.
func newSalesUI(t *testing.T) (*UI, *salesScreen) {
	t.Helper()
	u, svc := newTestUI(t)
	if _, err := svc.Demo(app.DemoOptions{Customers: 12, Months: 30, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	s := newSalesScreen(u)
	u.win.SetContent(s.content())
	return u, s
}

// monthsBetween counts the months from a to b, both included.
func monthsBetween(t *testing.T, a, b string) int {
	t.Helper()
	ta, err1 := time.Parse("2006-01", a)
	tb, err2 := time.Parse("2006-01", b)
	if err1 != nil || err2 != nil {
		t.Fatalf("periods %q %q", a, b)
	}
	return (tb.Year()-ta.Year())*12 + int(tb.Month()-ta.Month()) + 1
}

func TestSales_TableHasEveryMonth(t *testing.T) {
	_, s := newSalesUI(t)
	from, to := s.from.Text, s.to.Text
	months := monthsBetween(t, from, to)
	if rows, cols := s.table.Length(); rows != months || cols != len(salesColumns) {
		t.Fatalf("table %d×%d, want %d months (%s … %s)", rows, cols, months, from, to)
	}
	if s.cur[0].Period != from || s.cur[len(s.cur)-1].Period != to {
		t.Errorf("periods %s … %s, want %s … %s", s.cur[0].Period, s.cur[len(s.cur)-1].Period, from, to)
	}
	// Clicking a row shows its figures.
	s.table.Select(widget.TableCellID{Row: 2, Col: 1})
	if got := s.point.Text; len(got) < 10 || got[:7] != s.cur[2].Period {
		t.Errorf("point label %q", got)
	}
	// The chart is drawn off the UI goroutine, at the widget's size.
	select {
	case <-s.chart.rendered:
	case <-time.After(10 * time.Second):
		t.Fatal("the chart was never drawn")
	}
	img := s.chart.img.Image
	if img == nil {
		t.Fatal("no picture")
	}
	if sz := s.chart.Size(); img.Bounds().Dx() != int(sz.Width) || img.Bounds().Dy() != int(sz.Height) {
		t.Errorf("picture %v for a widget of %v", img.Bounds(), sz)
	}
}

func TestSales_ByQuarterChangesRows(t *testing.T) {
	_, s := newSalesUI(t)
	months, _ := s.table.Length()
	s.by.SetSelectedIndex(1) // quarter
	quarters, _ := s.table.Length()
	if quarters >= months || quarters < months/3 || quarters > months/3+2 {
		t.Fatalf("%d months became %d quarters", months, quarters)
	}
	if p := s.cur[0].Period; len(p) != 7 || p[4:6] != "-Q" {
		t.Errorf("first period %q", p)
	}
	s.by.SetSelectedIndex(2) // year
	if years, _ := s.table.Length(); years < 2 || years > 3 {
		t.Errorf("%d years", years)
	}
}

func TestSales_TierFilterChangesTotals(t *testing.T) {
	_, s := newSalesUI(t)
	all := s.totals.Text
	sum := func() (n int64) {
		for _, p := range s.cur {
			n += p.Amount
		}
		return n
	}
	total := sum()
	s.tier.SetSelectedIndex(1) // S
	if s.q.Tier != "S" || s.totals.Text == all || sum() >= total || sum() == 0 {
		t.Fatalf("tier S: %q (all: %q)", s.totals.Text, all)
	}
	tierS := sum()
	// Filters combine: tier S in one region is part of tier S.
	s.region.SetSelectedIndex(1)
	if s.q.Tier != "S" || s.q.Region == "" || s.tier.SelectedIndex() != 1 || sum() > tierS {
		t.Errorf("region after tier: %+v, %d of tier S's %d", s.q, sum(), tierS)
	}
	want, err := s.u.svc.Reports.SalesReport(reports.SalesQuery{From: s.q.From, To: s.q.To, Tier: "S", Region: s.q.Region})
	if err != nil || len(want) != len(s.cur) || want[0] != s.cur[0] {
		t.Errorf("screen %v, service %v %v", s.cur, want, err)
	}
	if sub := s.subtitle(); !strings.Contains(sub, "Tier: ") || !strings.Contains(sub, "Region: "+s.q.Region) {
		t.Errorf("subtitle %q", sub)
	}
	// The meeting report covers the months shown with the same filters.
	if m := s.meetingQuery(); m.Tier != "S" || m.Region != s.q.Region || m.From != s.cur[0].Period || m.To != s.cur[len(s.cur)-1].Period {
		t.Errorf("meeting query %+v", m)
	}
	s.region.SetSelectedIndex(0)
	s.tier.SetSelectedIndex(0)
	if sum() != total {
		t.Errorf("all again: %d, want %d", sum(), total)
	}
}

func TestSales_CustomerSearchAndCompare(t *testing.T) {
	_, s := newSalesUI(t)
	s.customer.SetText("宝岛")
	if len(s.customers) == 0 {
		t.Fatal("no customer offered for 宝岛")
	}
	s.customer.SetText("宝岛眼镜公司")
	if s.q.CustomerID == "" {
		t.Fatal("customer filter not set")
	}
	s.compare.SetChecked(false)
	if len(s.chart.series) != 1 {
		t.Errorf("without comparison: %d series", len(s.chart.series))
	}
	s.compare.SetChecked(true)
	if len(s.chart.series) != 2 {
		t.Errorf("with comparison: %d series", len(s.chart.series))
	}
	s.from.SetText("2099-13")
	if !s.problem.Visible() {
		t.Error("a bad period says nothing")
	}
}

func TestSales_CustomerPageHasCurve(t *testing.T) {
	u, svc := newTestUI(t)
	if _, err := svc.Demo(app.DemoOptions{Customers: 5, Months: 24, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.Customers.Resolve("宝岛眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	f := newCustomerForm(u.customers, c)
	card := newCustomerSalesCard(f)
	test.NewTempWindow(t, card).Resize(fyne.NewSize(600, 400))
	v := findChart(card)
	if v == nil || len(v.series) != 2 || len(v.series[0].Points) != 24 {
		t.Fatalf("customer curve: %+v", v)
	}
}

func findChart(o fyne.CanvasObject) *chartView {
	switch x := o.(type) {
	case *chartView:
		return x
	case *chartHover:
		return x.v
	case *fyne.Container:
		for _, c := range x.Objects {
			if v := findChart(c); v != nil {
				return v
			}
		}
	}
	return nil
}

func TestSales_TapOnCurveShowsBothYearsAndSelectsRow(t *testing.T) {
	u, s := newSalesUI(t)
	u.win.Resize(fyne.NewSize(1100, 760))
	select {
	case <-s.chart.rendered:
	case <-time.After(10 * time.Second):
		t.Fatal("the chart was never drawn")
	}
	// A resize may have asked for a second picture: wait for it to settle.
	for done := false; !done; {
		select {
		case <-s.chart.rendered:
		case <-time.After(400 * time.Millisecond):
			done = true
		}
	}
	j := len(s.cur) - 3
	p, ok := s.chart.at(0, j)
	if !ok {
		t.Fatal("no point positions")
	}
	test.TapAt(s.hover, p)
	tip := s.hover.tip.Text
	if !s.hover.tip.Visible() || !strings.Contains(tip, s.cur[j].Period) || !strings.Contains(tip, s.prev[j].Period) ||
		!strings.Contains(tip, model.GroupMoney(s.cur[j].Amount)) {
		t.Errorf("tip %q for %+v / %+v", tip, s.cur[j], s.prev[j])
	}
	if !strings.HasPrefix(s.point.Text, s.cur[j].Period) {
		t.Errorf("row not selected: %q", s.point.Text)
	}
	s.compare.SetChecked(false)
	if tip := s.tip(j); strings.Contains(tip, s.prev[j].Period) {
		t.Errorf("without the overlay the tip still names last year: %q", tip)
	}
}

// TestSales_NoLastYearBeforeTheData: the year-earlier overlay has no point,
// ring, figure or tip amount for the months before the data start (issue
// 23: it was drawn at 0); the table says "—" there.
func TestSales_NoLastYearBeforeTheData(t *testing.T) {
	u, s := newSalesUI(t) // 30 months of sales, the last 24 shown: 6 year-earlier months before the data
	u.win.Resize(fyne.NewSize(1100, 760))
	for done := false; !done; {
		select {
		case <-s.chart.rendered:
		case <-time.After(2 * time.Second):
			done = true
		}
	}
	none := 0
	for j, p := range s.prev {
		_, shown := s.chart.at(1, j)
		if _, cur := s.chart.at(0, j); !cur {
			t.Fatalf("period %d of the curve not drawn", j)
		}
		if shown == p.None {
			t.Errorf("year-earlier %s: None %v, drawn %v", p.Period, p.None, shown)
		}
		cell := salesColumns[3].value(s.cur[j], p)
		if p.None {
			none++
			if cell != "—" || !strings.Contains(s.tip(j), "before the first recorded sale") {
				t.Errorf("year-earlier %s: cell %q, tip %q", p.Period, cell, s.tip(j))
			}
		} else if cell == "—" {
			t.Errorf("year-earlier %s with sales shows %q", p.Period, cell)
		}
	}
	if none == 0 || none == len(s.prev) {
		t.Errorf("%d of %d year-earlier periods before the data: the fixture no longer tests this", none, len(s.prev))
	}
}
