package analysis

import (
	"fmt"
	"math"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
)

// Forecast methods, by how much history there is.
const (
	MethodSeasonalTrend = "seasonal-trend" // ≥ 24 months: last year's month × the year-on-year trend
	MethodSeasonal      = "seasonal"       // 12–23 months: last year's month
	MethodMean          = "mean"           // 1–11 months: the mean of the last 3 months
	MethodNone          = "none"           // no history
)

const backtestMonths = 6

// project is the method: the values of the months after hist. With two
// years it is seasonal naive with trend — month h ahead is the same month a
// year (q years) earlier × r^q, r the last 12 months' revenue over the 12
// before; with one year, r = 1; with less, the mean of the last 3 months.
func projectHistory(hist []int64, n int) (vals []int64, method string, growth float64) {
	h := len(hist)
	vals = make([]int64, n)
	switch {
	case h >= 24:
		var last, prev int64
		for _, v := range hist[h-12:] {
			last += v
		}
		for _, v := range hist[h-24 : h-12] {
			prev += v
		}
		r := 1.0
		if prev > 0 && last > 0 {
			r = float64(last) / float64(prev)
		}
		for j := 1; j <= n; j++ {
			q := (j + 11) / 12
			vals[j-1] = round(float64(hist[h+j-1-12*q]) * math.Pow(r, float64(q)))
		}
		return vals, MethodSeasonalTrend, r - 1
	case h >= 12:
		for j := 1; j <= n; j++ {
			vals[j-1] = hist[h+j-1-12*((j+11)/12)]
		}
		return vals, MethodSeasonal, 0
	case h >= 1:
		k := min(3, h)
		var t int64
		for _, v := range hist[h-k:] {
			t += v
		}
		for j := range vals {
			vals[j] = round(float64(t) / float64(k))
		}
		return vals, MethodMean, 0
	}
	return vals, MethodNone, 0
}

func makeForecast(s *Services, o ForecastOptions) (*Forecast, error) {
	if o.Months <= 0 {
		o.Months = 6
	}
	if o.Months > 36 {
		return nil, fmt.Errorf("forecast %d months: at most 36", o.Months)
	}
	if o.History <= 0 {
		o.History = 24
	}
	now := thisMonth(s)
	f := &Forecast{Method: MethodNone}
	first, _, err := s.Sales.Span()
	if err != nil {
		return nil, err
	}
	var hist []reports.Point
	if fm, _ := parseMonth(first); first != "" && fm < now {
		if hist, err = s.Reports.SalesReport(reports.SalesQuery{From: first, To: (now - 1).String()}); err != nil {
			return nil, err
		}
	}
	vals := make([]int64, len(hist))
	for i, p := range hist {
		vals[i] = p.Amount
	}
	base, method, growth := projectHistory(vals, o.Months)
	f.Method, f.Growth = method, growth
	for j, v := range base {
		f.Base = append(f.Base, reports.Point{Period: (now + month(j)).String(), Amount: v})
	}
	f.History = hist[max(0, len(hist)-o.History):]
	// Back-test: forecast the last 6 complete months from the months before.
	if h := len(vals); h > backtestMonths {
		bt, _, _ := projectHistory(vals[:h-backtestMonths], backtestMonths)
		var errSum float64
		n := 0
		for j, v := range bt {
			a := hist[h-backtestMonths+j]
			f.Backtest = append(f.Backtest, reports.Point{Period: a.Period, Amount: v})
			f.Actual = append(f.Actual, a)
			if a.Amount > 0 {
				errSum += math.Abs(float64(a.Amount-v)) / float64(a.Amount)
				n++
			}
		}
		if n > 0 {
			f.MAPE, f.MAPEOK = errSum/float64(n), true
		}
	}
	return f, nil
}

func (f *Forecast) project(rate float64) []reports.Point {
	out := make([]reports.Point, len(f.Base))
	g := 1 + rate/100
	for j, p := range f.Base {
		out[j] = reports.Point{Period: p.Period, Amount: round(float64(p.Amount) * math.Pow(g, float64(j+1)/12))}
	}
	return out
}

func forecastText(f *Forecast) []string {
	var lines []string
	switch f.Method {
	case MethodSeasonalTrend:
		lines = append(lines, i18n.L("Method: seasonal naive with trend. Each month is the same month a year earlier, times the trend: the last 12 months' revenue over the 12 before ({{.Pct}}).",
			map[string]any{"Pct": signedPct(f.Growth)}))
	case MethodSeasonal:
		lines = append(lines, i18n.L("Method: seasonal naive. Each month is the same month a year earlier (less than two years of history, so no trend)."))
	case MethodMean:
		lines = append(lines, i18n.L("Method: the mean of the last three months (less than a year of history)."))
	default:
		lines = append(lines, i18n.L("No sales history to forecast from."))
	}
	lines = append(lines, i18n.L("The rate of change multiplies month h ahead by (1 + rate)^(h/12): the twelfth month moves by the whole rate."))
	if f.MAPEOK {
		lines = append(lines, i18n.L("Back-test: forecasting the last 6 complete months from the months before them misses by {{.Pct}} on average (MAPE).",
			map[string]any{"Pct": fmt.Sprintf("%.1f%%", f.MAPE*100)}))
	} else {
		lines = append(lines, i18n.L("Back-test: not enough history (needs more than 6 complete months)."))
	}
	return lines
}

func signedPct(v float64) string { return fmt.Sprintf("%+.1f%%", v*100) }
