// Package reports is what Kehu reports on: the sales report (curves by
// period with the year-earlier overlay, breakdowns, top customers), the
// complaint report and the A4 meeting report.
package reports

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data"
)

// Service is the reports on an open data folder. It is safe for concurrent
// use.
type Service struct {
	c          *core.Core
	complaints *complaints.Service // the complaint report and the meeting report's complaints page
}

// New is the service on the core's data folder; cs gives the complaint
// reports their complaints.
func New(c *core.Core, cs *complaints.Service) *Service { return &Service{c: c, complaints: cs} }

// Period granularities of a sales report.
const (
	ByMonth   = "month"
	ByQuarter = "quarter"
	ByYear    = "year"
)

// Errors of reports.
var (
	ErrBadPeriod = errors.New("not a period: want 2024-01 (month), 2024-Q1 (quarter) or 2024 (year)")
	ErrBadBy     = errors.New("not a granularity: want month, quarter or year")
)

// SalesQuery selects a sales curve. From and To are periods in any
// granularity ("2023-01", "2023-Q1", "2023"); From defaults to the first
// month with sales, To to the current month (or the last month with sales,
// if later). The range is widened to whole periods of By. CustomerID, Tier,
// Region and Product filter in any combination (all must hold); a sale
// counts under the tier and region its customer had when it was written.
type SalesQuery struct {
	By         string // month (default), quarter, year
	From, To   string
	CustomerID string
	Tier       string
	Region     string // province
	Product    string
	Now        time.Time // the current month's clock; zero is s.Now()
}

// Point is one period of a sales curve: revenue in base-currency minor units
// and the number of sales.
type Point struct {
	Period string `json:"period"`
	Amount int64  `json:"amount"`
	Orders int64  `json:"orders"`
	// None: the period ends before the first month with sales, so there is
	// no figure to show (YoY's year-earlier points), rather than a zero.
	None bool `json:"-"`
}

// SalesReport returns the curve a query selects, read from the monthly
// rollups only (one key a month, never the sales), with every period of the
// range present, zero ones too.
func (s *Service) SalesReport(q SalesQuery) ([]Point, error) {
	months, err := s.reportMonths(q)
	if err != nil {
		return nil, err
	}
	return s.series(q, months)
}

// YoY returns the curve of q and, aligned with it point by point, the same
// range a year earlier (the year-over-year overlay). The earlier points keep
// their own period labels; those wholly before the first month with sales
// (of any customer: the data start there) are marked None.
func (s *Service) YoY(q SalesQuery) (current, previous []Point, err error) {
	months, err := s.reportMonths(q)
	if err != nil {
		return nil, nil, err
	}
	if current, err = s.series(q, months); err != nil {
		return nil, nil, err
	}
	prev := make([]string, len(months))
	for i, m := range months {
		t, _ := time.Parse("2006-01", m)
		prev[i] = t.AddDate(-1, 0, 0).Format("2006-01")
	}
	if previous, err = s.series(q, prev); err != nil {
		return nil, nil, err
	}
	first, err := s.firstSalesMonth()
	if err != nil {
		return nil, nil, err
	}
	for i, p := range previous {
		_, last, _ := PeriodMonths(p.Period)
		previous[i].None = first == "" || last < first
	}
	return current, previous, nil
}

// firstSalesMonth is the first month with sales of any customer, "" with none.
func (s *Service) firstSalesMonth() (string, error) {
	store, done := s.c.Use()
	defer done()
	first, _, err := store.SalesMonths()
	return first, err
}

func (s *Service) series(q SalesQuery, months []string) ([]Point, error) {
	store, done := s.c.Use()
	defer done()
	aggs, err := store.FilteredSeries(months, q.filter())
	if err != nil {
		return nil, err
	}
	by := q.by()
	var out []Point
	for i, m := range months {
		p := periodOf(m, by)
		if len(out) == 0 || out[len(out)-1].Period != p {
			out = append(out, Point{Period: p})
		}
		out[len(out)-1].Amount = model.AddAmount(out[len(out)-1].Amount, aggs[i].Amount)
		out[len(out)-1].Orders += aggs[i].Orders
	}
	return out, nil
}

func (q SalesQuery) by() string {
	if q.By == "" {
		return ByMonth
	}
	return q.By
}

func (q SalesQuery) filter() data.RollupFilter {
	return data.RollupFilter{CustomerID: q.CustomerID, Tier: q.Tier, Region: q.Region, Product: strings.TrimSpace(q.Product)}
}

// FilterText names a query's filters for titles and subtitles ("Customer:
// 宝岛眼镜公司 · Tier: S …", translated); "" when there are none.
func (s *Service) FilterText(q SalesQuery) string {
	store, done := s.c.Use()
	defer done()
	var parts []string
	if q.CustomerID != "" {
		name := q.CustomerID
		if c, err := store.Customer(q.CustomerID); err == nil {
			name = c.Name
		}
		parts = append(parts, i18n.L("Customer: {{.Value}}", map[string]any{"Value": name}))
	}
	if q.Tier != "" {
		parts = append(parts, i18n.L("Tier: {{.Value}}", map[string]any{"Value": i18n.Enum("tier", q.Tier)}))
	}
	if q.Region != "" {
		parts = append(parts, i18n.L("Region: {{.Value}}", map[string]any{"Value": q.Region}))
	}
	if p := strings.TrimSpace(q.Product); p != "" {
		parts = append(parts, i18n.L("Product: {{.Value}}", map[string]any{"Value": p}))
	}
	return strings.Join(parts, " · ")
}

// reportMonths resolves a query's range to its months, widened to whole
// periods of q.By.
func (s *Service) reportMonths(q SalesQuery) ([]string, error) {
	store, done := s.c.Use()
	defer done()
	switch q.by() {
	case ByMonth, ByQuarter, ByYear:
	default:
		return nil, fmt.Errorf("%q: %w", q.By, ErrBadBy)
	}
	if err := store.EnsureRollups(); err != nil {
		return nil, err
	}
	from, to, err := s.MonthRange(q.From, q.To, q.Now)
	if err != nil {
		return nil, err
	}
	from, _, _ = PeriodMonths(periodOf(from, q.by()))
	_, to, _ = PeriodMonths(periodOf(to, q.by()))
	return model.Months(from, to)
}

// MonthRange resolves From and To (any granularity, "" for the defaults as
// in SalesQuery) to a first and last month.
func (s *Service) MonthRange(fromP, toP string, now time.Time) (from, to string, err error) {
	store, done := s.c.Use()
	defer done()
	if now.IsZero() {
		now = s.c.Now().Local()
	}
	if fromP != "" {
		if from, _, err = PeriodMonths(fromP); err != nil {
			return "", "", err
		}
	}
	if toP != "" {
		if _, to, err = PeriodMonths(toP); err != nil {
			return "", "", err
		}
	}
	if from == "" || to == "" {
		first, last, err := store.SalesMonths()
		if err != nil {
			return "", "", err
		}
		if from == "" {
			from = cmp.Or(first, now.Format("2006-01"))
			if to != "" && from > to {
				from = to
			}
		}
		if to == "" {
			to = max(now.Format("2006-01"), last, from)
		}
	}
	if from > to {
		return "", "", fmt.Errorf("the range %s to %s ends before it starts", from, to)
	}
	return from, to, nil
}

// PeriodMonths reads a period — "2024-01", "2024-Q1", "2024" and the
// other absolute forms model.ParsePeriod reads — and returns its first and
// last months; an error wraps ErrBadPeriod.
func PeriodMonths(p string) (first, last string, err error) {
	first, last, err = model.ParsePeriod(p, time.Time{})
	if err != nil {
		return "", "", fmt.Errorf("%q: %w", p, ErrBadPeriod)
	}
	return first, last, nil
}

// periodOf names the period of a month: "2024-02", "2024-Q1" or "2024".
func periodOf(month, by string) string {
	switch by {
	case ByQuarter:
		m, _ := strconv.Atoi(month[5:7])
		return fmt.Sprintf("%s-Q%d", month[:4], (m+2)/3)
	case ByYear:
		return month[:4]
	}
	return month
}

// Total is revenue and sales under one value of a dimension.
type Total struct {
	Value  string `json:"value"`
	Amount int64  `json:"amount"`
	Orders int64  `json:"orders"`
}

// CustomerTotal is a customer's revenue over a range.
type CustomerTotal struct {
	CustomerID string `json:"customer_id"`
	Name       string `json:"customer"`
	Amount     int64  `json:"amount"`
	Orders     int64  `json:"orders"`
}

// Breakdown sums revenue by a rollup dimension ("tier", "region",
// "product", "customer") over the range from..to (periods, "" defaults as in
// SalesQuery), largest first.
func (s *Service) Breakdown(dim, from, to string) ([]Total, error) {
	return s.BreakdownOf(dim, SalesQuery{From: from, To: to})
}

// BreakdownOf is Breakdown of the sales q's filters select, over q's range
// (q.By and q.Now are ignored).
func (s *Service) BreakdownOf(dim string, q SalesQuery) ([]Total, error) {
	store, done := s.c.Use()
	defer done()
	from, to := q.From, q.To
	if !slices.Contains(model.Dimensions, dim) {
		return nil, fmt.Errorf("no rollup dimension %q", dim)
	}
	if err := store.EnsureRollups(); err != nil {
		return nil, err
	}
	f, t, err := s.MonthRange(from, to, time.Time{})
	if err != nil {
		return nil, err
	}
	months, err := model.Months(f, t)
	if err != nil {
		return nil, err
	}
	m, err := store.FilteredBreakdown(months, dim, q.filter())
	if err != nil {
		return nil, err
	}
	out := make([]Total, 0, len(m))
	for v, a := range m {
		out = append(out, Total{Value: v, Amount: a.Amount, Orders: a.Orders})
	}
	slices.SortFunc(out, func(a, b Total) int {
		return cmp.Or(cmp.Compare(b.Amount, a.Amount), cmp.Compare(a.Value, b.Value))
	})
	return out, nil
}

// RevenueByTier is revenue per tier over a range, in the order S, A, B, C
// (every tier present, zeros too), then customers without a tier if any.
// A sale counts under the tier its customer had when it was written.
func (s *Service) RevenueByTier(from, to string) ([]Total, error) {
	return s.RevenueByTierOf(SalesQuery{From: from, To: to})
}

// RevenueByTierOf is RevenueByTier of the sales q's filters select, over
// q's range.
func (s *Service) RevenueByTierOf(q SalesQuery) ([]Total, error) {
	all, err := s.BreakdownOf(model.DimTier, q)
	if err != nil {
		return nil, err
	}
	out := make([]Total, 0, len(model.Tiers)+1)
	for _, t := range append(slices.Clone(model.Tiers), "") {
		tot := Total{Value: t}
		for _, a := range all {
			if a.Value == t {
				tot = a
			}
		}
		if t != "" || tot.Orders != 0 || tot.Amount != 0 {
			out = append(out, tot)
		}
	}
	return out, nil
}

// TopCustomers returns the n customers with the most revenue over a range
// (periods, "" defaults as in SalesQuery), from the customer rollups, with
// their current names ("" for a customer deleted since).
func (s *Service) TopCustomers(from, to string, n int) ([]CustomerTotal, error) {
	store, done := s.c.Use()
	defer done()
	all, err := s.Breakdown(model.DimCustomer, from, to)
	if err != nil {
		return nil, err
	}
	if n > 0 && len(all) > n {
		all = all[:n]
	}
	out := make([]CustomerTotal, len(all))
	for i, a := range all {
		out[i] = CustomerTotal{CustomerID: a.Value, Amount: a.Amount, Orders: a.Orders}
		if c, err := store.Customer(a.Value); err == nil {
			out[i].Name = c.Name
		}
	}
	return out, nil
}
