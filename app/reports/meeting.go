package reports

import (
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data"
)

// MeetingTop is how many customers the meeting report ranks.
const MeetingTop = 10

// MeetingRange resolves the range of a meeting report: from and to are
// periods in any granularity ("" for the defaults). To defaults to the current
// month (or the last month with sales, if later); from to the eleventh month
// before to, so the default report covers the last twelve months.
func (s *Service) MeetingRange(from, to string, now time.Time) (first, last string, err error) {
	if first, last, err = s.MonthRange(from, to, now); err != nil {
		return "", "", err
	}
	if from == "" {
		t, _ := time.Parse("2006-01", last)
		first = t.AddDate(0, -11, 0).Format("2006-01")
	}
	return first, last, nil
}

// MeetingReport builds the A4 meeting report of q's range (see
// MeetingRange; q.By is ignored: the curve is monthly) and of the sales its
// filters select: the company name from the settings, the monthly curve
// with the same months a year earlier, revenue by tier, the top customers
// with their share, and the totals; the subtitle names the filters. Money
// stays in base-currency minor units; labels are the English keys the chart
// package translates when it draws.
func (s *Service) MeetingReport(q SalesQuery) (*chart.MeetingReport, error) {
	store, done := s.c.Use()
	defer done()
	first, last, err := s.MeetingRange(q.From, q.To, q.Now)
	if err != nil {
		return nil, err
	}
	company, err := store.Setting(data.SettingCompanyName)
	if err != nil {
		return nil, err
	}
	f := SalesQuery{From: first, To: last, CustomerID: q.CustomerID, Tier: q.Tier, Region: q.Region, Product: q.Product, Now: q.Now}
	cur, prev, err := s.YoY(f)
	if err != nil {
		return nil, err
	}
	r := &chart.MeetingReport{Company: company, Period: first + " — " + last, Filter: s.FilterText(f), PrintedAt: s.c.Now().Local()}
	if first == last {
		r.Period = first
	}

	var revenue, orders, prevRevenue int64
	for _, p := range cur {
		revenue += p.Amount
		orders += p.Orders
	}
	for _, p := range prev {
		prevRevenue += p.Amount
	}
	if prevRevenue == 0 {
		prev = nil // nothing a year earlier: no overlay
	}
	r.Curve = CurveSeries(cur, prev)

	tiers, err := s.RevenueByTierOf(f)
	if err != nil {
		return nil, err
	}
	for _, t := range tiers {
		label := i18n.Enum("tier", t.Value)
		if t.Value == "" {
			label = i18n.L("No tier")
		}
		r.ByTier = append(r.ByTier, chart.Point{Label: label, Value: t.Amount})
	}

	customers, err := s.BreakdownOf(model.DimCustomer, f)
	if err != nil {
		return nil, err
	}
	withSales := 0
	for _, c := range customers {
		if c.Orders > 0 || c.Amount != 0 {
			withSales++
		}
	}
	for i, c := range customers {
		if i == MeetingTop || c.Amount <= 0 {
			break
		}
		name := c.Value
		if cu, err := store.Customer(c.Value); err == nil {
			name = cu.Name
		}
		share := 0.0
		if revenue != 0 {
			share = float64(c.Amount) / float64(revenue)
		}
		r.Top = append(r.Top, chart.TopRow{Rank: i + 1, Name: name, Revenue: c.Amount, Orders: c.Orders, Share: share})
	}

	yuan := " " + i18n.L("CNY")
	vs := "—"
	if prevRevenue > 0 {
		d := float64(revenue-prevRevenue) / float64(prevRevenue)
		vs = chart.Percent(d)
		if d >= 0 {
			vs = "+" + vs
		}
	}
	avg := "—"
	if orders > 0 {
		avg = chart.Money((revenue+orders/2)/orders) + yuan
	}
	r.Totals = []chart.Total{
		{Label: "Revenue", Value: chart.Money(revenue) + yuan},
		{Label: "Orders", Value: groupInt(orders)},
		{Label: "Customers with sales", Value: groupInt(int64(withSales))},
		{Label: "Versus last year", Value: vs},
		{Label: "Average order", Value: avg},
	}
	// The complaints page covers every customer: left out of a filtered
	// report rather than shown beside figures it does not match.
	if r.Filter != "" {
		return r, nil
	}
	if sec, err := s.complaintSection(); err != nil {
		return nil, err
	} else if sec != nil {
		r.Sections = append(r.Sections, *sec)
	}
	return r, nil
}

// complaintSection is the report's complaints page (the method's evaluation,
// 实施评估, covers complaints and satisfaction): by cause, with service times against
// the targets. Nil when there are no complaints.
func (s *Service) complaintSection() (*chart.Section, error) {
	stats, err := s.ComplaintReport("category")
	if err != nil || len(stats) == 0 {
		return nil, err
	}
	all, err := s.ComplaintReport("all")
	if err != nil || len(all) == 0 || all[0].Count == 0 {
		return nil, err
	}
	hours := func(d time.Duration, n int) string {
		if n == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f", d.Hours())
	}
	share := func(f float64, ok bool) string {
		if !ok {
			return "—"
		}
		return chart.Percent(f)
	}
	sec := &chart.Section{
		Title: "Complaints and service times",
		Columns: []string{"Cause", "Complaints", "Not closed", "Overdue", "Avg. response (h)", "Avg. handling (h)",
			"Resolved within target", "Satisfaction"},
	}
	for _, g := range append(stats, all...) {
		label := i18n.Enum("category", g.Group)
		if g.Group == "all" {
			label = i18n.L("All complaints")
		}
		sat := "—"
		if g.Rated > 0 {
			sat = fmt.Sprintf("%.1f", g.AvgSatisfaction)
		}
		sec.Rows = append(sec.Rows, []string{label, fmt.Sprint(g.Count), fmt.Sprint(g.Open), fmt.Sprint(g.Overdue),
			hours(g.AvgResponse, g.Responded), hours(g.AvgHandling, g.Handled),
			share(g.ShareResolvedWithinTarget()), sat})
	}
	return sec, nil
}

// groupInt writes a whole number with thousands separators: 3412 → "3,412".
func groupInt(n int64) string {
	m := chart.Money(n * 100)
	return m[:len(m)-3]
}

// CurveSeries turns a sales curve and, unless nil, its year-earlier overlay
// (see YoY) into chart series; the overlay is drawn over this range's periods
// and breaks where it has no figure (Point.None). The curve is named by its
// range ("2025-01 – 2026-12": it may span two years), the overlay "A year
// earlier" (去年同期), in the interface's language.
func CurveSeries(cur, prev []Point) []chart.Series {
	this := make([]chart.Point, len(cur))
	for i, p := range cur {
		this[i] = chart.Point{Label: p.Period, Value: p.Amount}
	}
	s := []chart.Series{{Name: CurveName(cur), Points: this}}
	if prev != nil {
		last := make([]chart.Point, len(prev))
		for i, p := range prev {
			last[i] = chart.Point{Label: cur[i].Period, Value: p.Amount, None: p.None}
		}
		s = append(s, chart.Series{Name: i18n.L("A year earlier"), Points: last})
	}
	return s
}

// CurveName names a curve by its range: "2025-01 – 2026-12", or its one period.
func CurveName(cur []Point) string {
	switch len(cur) {
	case 0:
		return ""
	case 1:
		return cur[0].Period
	}
	return cur[0].Period + " – " + cur[len(cur)-1].Period
}
