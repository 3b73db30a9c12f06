package reports

import (
	"testing"

	"github.com/kehu-crm/kehu/app/i18n"
)

func TestPeriodMonths(t *testing.T) {
	for _, c := range []struct{ in, first, last string }{
		{"2024-03", "2024-03", "2024-03"},
		{"2024-3", "2024-03", "2024-03"},
		{"2024-Q2", "2024-04", "2024-06"},
		{"2024q4", "2024-10", "2024-12"},
		{"2024", "2024-01", "2024-12"},
		{"2024-13", "", ""},
		{"2024-Q5", "", ""},
		{"24", "", ""},
	} {
		f, l, err := PeriodMonths(c.in)
		if f != c.first || l != c.last || (err != nil) != (c.first == "") {
			t.Errorf("PeriodMonths(%q) = %q %q %v", c.in, f, l, err)
		}
	}
}

// TestYoYNoneBeforeTheData: the year-earlier points of periods that end
// before the first month with sales have no figure (None), rather than a
// zero the chart would draw as a drop (issue 23: the --compare-years line at
// 0 before the data start); a period with sales in part of it keeps its sum.
func TestYoYNoneBeforeTheData(t *testing.T) {
	s, _ := filterFixture(t) // sales from 2024-01 to 2024-03
	for _, c := range []struct {
		q    SalesQuery
		none string // per year-earlier point: n for None, v for a value
	}{
		{SalesQuery{From: "2024-11", To: "2025-03"}, "nnvvv"},
		{SalesQuery{By: ByQuarter, From: "2024-Q3", To: "2025-Q2"}, "nnvv"},
		{SalesQuery{By: ByYear, From: "2024", To: "2025"}, "nv"},
		{SalesQuery{From: "2025-01", To: "2025-02", CustomerID: "none such"}, "vv"},
	} {
		cur, prev, err := s.Reports.YoY(c.q)
		if err != nil || len(prev) != len(c.none) || len(cur) != len(prev) {
			t.Fatalf("%+v: %v %v %v", c.q, cur, prev, err)
		}
		for i, p := range prev {
			if p.None != (c.none[i] == 'n') || p.None && p.Amount != 0 {
				t.Errorf("%+v: point %d %+v, want %c", c.q, i, p, c.none[i])
			}
			if cur[i].None {
				t.Errorf("%+v: current point %d %+v marked None", c.q, i, cur[i])
			}
		}
	}
}

// TestCurveSeriesNames: the legend names the curve by its range, which may
// span two years, and the overlay "A year earlier" (去年同期), never 今年
// (issue 23); the overlay keeps the None points.
func TestCurveSeriesNames(t *testing.T) {
	defer i18n.Setup("en")
	cur := []Point{{Period: "2025-01"}, {Period: "2025-12"}, {Period: "2026-12"}}
	prev := []Point{{Period: "2024-01", None: true}, {Period: "2024-12", Amount: 5}, {Period: "2025-12", Amount: 7}}
	for _, c := range []struct{ lang, this, last string }{
		{"en", "2025-01 – 2026-12", "A year earlier"},
		{"zh", "2025-01 – 2026-12", "去年同期"},
	} {
		i18n.Setup(c.lang)
		s := CurveSeries(cur, prev)
		if len(s) != 2 || s[0].Name != c.this || s[1].Name != c.last {
			t.Fatalf("%s: %+v", c.lang, s)
		}
		if !s[1].Points[0].None || s[1].Points[1].None || s[1].Points[1].Label != "2025-12" || s[1].Points[2].Value != 7 {
			t.Errorf("%s: overlay %+v", c.lang, s[1].Points)
		}
		if one := CurveSeries(cur[:1], nil); len(one) != 1 || one[0].Name != "2025-01" {
			t.Errorf("%s: one period %+v", c.lang, one)
		}
	}
}
