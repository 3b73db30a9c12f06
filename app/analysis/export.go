package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
)

func money(v int64) string { return model.FormatMoney(v) }

// frac writes a share or rate as a 4-decimal string.
func frac(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

// optFrac is frac, or "" when the value is undefined (no base to compare with).
func optFrac(v float64, ok bool) string {
	if !ok {
		return ""
	}
	return frac(v)
}

// ShowValue is how a cell reads for people: codes translated, amounts
// grouped, shares as percentages.
func (c Column) ShowValue(v any) string {
	s := fmt.Sprint(v)
	switch {
	case c.Enum != "":
		return i18n.Enum(c.Enum, s)
	case c.Money && s != "":
		if v, err := model.ParseMoney(s); err == nil {
			return model.GroupMoney(v)
		}
	case c.Share && s != "":
		f, err := strconv.ParseFloat(s, 64)
		if err == nil {
			return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
		}
	}
	if b, ok := v.(bool); ok {
		if b {
			return i18n.L("yes")
		}
		return ""
	}
	return s
}

func (t *Table) writeCSV(w io.Writer, labels bool) error {
	if labels {
		// For people, so for Excel: a BOM makes it read UTF-8 Chinese.
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		rec[i] = c.Key
		if labels {
			rec[i] = i18n.L(c.Label)
		}
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range t.Rows {
		for i, v := range row {
			if labels && t.Cols[i].Enum != "" {
				rec[i] = t.Cols[i].ShowValue(v)
			} else {
				rec[i] = fmt.Sprint(v)
			}
			if _, isText := v.(string); isText {
				rec[i] = export.Inert(rec[i]) // never a formula in Excel
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// bps is a share in hundredths of a percent, for chart.UnitPercent.
func bps(v float64) int64 { return round(v * 10000) }

func periodSub(from, to string) string {
	if from == to {
		return from
	}
	return from + " — " + to
}

// Table of the tier suggestion: one row per customer.
func (r *TierResult) Table() *Table {
	t := &Table{Cols: []Column{
		{Key: "customer_id", Label: "ID"}, {Key: "customer", Label: "Customer"},
		{Key: "revenue", Label: "Revenue", Right: true, Money: true}, {Key: "orders", Label: "Orders", Right: true},
		{Key: "share", Label: "Share", Right: true, Share: true}, {Key: "cumulative", Label: "Cumulative share", Right: true, Share: true},
		{Key: "tier", Label: "Tier", Enum: "tier"}, {Key: "proposed_tier", Label: "Proposed tier", Enum: "tier"},
		{Key: "fit", Label: "Strategic fit", Enum: "fit"}, {Key: "cash_cow", Label: "Cash cow"},
	}}
	for _, x := range r.Rows {
		t.Rows = append(t.Rows, []any{x.CustomerID, x.Name, money(x.Revenue), x.Orders, frac(x.Share), frac(x.Cumulative),
			x.Current, x.Proposed, x.Fit, x.CashCow})
	}
	return t
}

// SummaryTable is the "8 % of customers, 60 % of sales" table of the proposed tiers.
func (r *TierResult) SummaryTable() *Table {
	t := &Table{Cols: []Column{
		{Key: "tier", Label: "Tier", Enum: "tier"}, {Key: "customers", Label: "Customers", Right: true},
		{Key: "customer_share", Label: "Share of customers", Right: true, Share: true},
		{Key: "revenue", Label: "Revenue", Right: true, Money: true}, {Key: "revenue_share", Label: "Share of revenue", Right: true, Share: true},
	}}
	for _, x := range r.Summary {
		t.Rows = append(t.Rows, []any{x.Tier, x.Customers, frac(x.CustomerShare), money(x.Revenue), frac(x.RevenueShare)})
	}
	return t
}

// sharesChart draws customers' and revenue's shares side by side.
func sharesChart(title, sub string, labels []string, cust, rev []float64) Chart {
	c := Chart{Bars: true, Series: []chart.Series{{Name: "Share of customers"}, {Name: "Share of revenue"}},
		Options: chart.Options{Title: title, Subtitle: sub, YName: "Share", YUnit: chart.UnitPercent}}
	for i, l := range labels {
		c.Series[0].Points = append(c.Series[0].Points, chart.Point{Label: l, Value: bps(cust[i])})
		c.Series[1].Points = append(c.Series[1].Points, chart.Point{Label: l, Value: bps(rev[i])})
	}
	return c
}

// Chart of the tier suggestion: each proposed tier's share of customers and of revenue.
func (r *TierResult) Chart() Chart {
	var labels []string
	var cust, rev []float64
	for _, x := range r.Summary {
		labels = append(labels, i18n.Enum("tier", x.Tier))
		cust = append(cust, x.CustomerShare)
		rev = append(rev, x.RevenueShare)
	}
	return sharesChart(i18n.L("Proposed tiers (80/20)"), periodSub(r.From, r.To), labels, cust, rev)
}

var groupEnum = map[string]string{"tier": "tier", "type": "type", "source": "source", "stage": "stage"}

// groupLabel names a composition value for people.
func groupLabel(by, v string) string {
	if v == "" {
		return i18n.L("Not set")
	}
	if k := groupEnum[by]; k != "" {
		return i18n.Enum(k, v)
	}
	return v
}

// Table of the composition: one row per value.
func (r *Composition) Table() *Table {
	t := &Table{Cols: []Column{
		{Key: r.By, Label: groupingLabels[r.By], Enum: groupEnum[r.By]}, {Key: "customers", Label: "Customers", Right: true},
		{Key: "customer_share", Label: "Share of customers", Right: true, Share: true},
		{Key: "revenue", Label: "Revenue", Right: true, Money: true}, {Key: "revenue_share", Label: "Share of revenue", Right: true, Share: true},
		{Key: "orders", Label: "Orders", Right: true},
	}}
	for _, x := range r.Slices {
		t.Rows = append(t.Rows, []any{x.Value, x.Customers, frac(x.CustomerShare), money(x.Revenue), frac(x.RevenueShare), x.Orders})
	}
	return t
}

// groupingLabels are the groupings' English names.
var groupingLabels = map[string]string{"tier": "Tier", "region": "Province", "type": "Type", "source": "Source", "stage": "Stage"}

// Chart of the composition: shares of customers and revenue per value (at
// most 12 values; provinces beyond are left out).
func (r *Composition) Chart() Chart {
	var labels []string
	var cust, rev []float64
	for i, x := range r.Slices {
		if i == 12 {
			break
		}
		labels = append(labels, groupLabel(r.By, x.Value))
		cust = append(cust, x.CustomerShare)
		rev = append(rev, x.RevenueShare)
	}
	title := i18n.L("Customer composition by {{.By}}", map[string]any{"By": i18n.L(groupingLabels[r.By])})
	return sharesChart(title, periodSub(r.From, r.To), labels, cust, rev)
}

// Table of the development: one row per period.
func (d *Development) Table() *Table {
	t := &Table{Cols: []Column{
		{Key: "period", Label: "Period"}, {Key: "created", Label: "Created in the archive", Right: true},
		{Key: "first_sale", Label: "First purchase", Right: true}, {Key: "active", Label: "Active customers", Right: true},
	}}
	for _, p := range d.Periods {
		t.Rows = append(t.Rows, []any{p.Period, p.Created, p.FirstSale, p.Active})
	}
	return t
}

// RetentionTable is retention and churn per year.
func (d *Development) RetentionTable() *Table {
	t := &Table{Cols: []Column{
		{Key: "year", Label: "Year"}, {Key: "active_before", Label: "Active the year before", Right: true},
		{Key: "retained", Label: "Retained", Right: true}, {Key: "churned", Label: "Churned customers", Right: true},
		{Key: "retention", Label: "Retention", Right: true, Share: true}, {Key: "churn", Label: "Churn", Right: true, Share: true},
		{Key: "new", Label: "New active", Right: true},
	}}
	for _, y := range d.Years {
		t.Rows = append(t.Rows, []any{y.Year, y.Before, y.Retained, y.Churned, frac(y.Retention), frac(y.Churn), y.New})
	}
	return t
}

// Chart of the development: active and new customers per period.
func (d *Development) Chart() Chart {
	c := Chart{Series: []chart.Series{{Name: "Active customers"}, {Name: "First purchase"}, {Name: "Created in the archive"}},
		Options: chart.Options{Title: i18n.L("Customer development"), YName: "Customers", YUnit: chart.UnitCustomers}}
	for _, p := range d.Periods {
		c.Series[0].Points = append(c.Series[0].Points, chart.Point{Label: p.Period, Value: int64(p.Active)})
		c.Series[1].Points = append(c.Series[1].Points, chart.Point{Label: p.Period, Value: int64(p.FirstSale)})
		c.Series[2].Points = append(c.Series[2].Points, chart.Point{Label: p.Period, Value: int64(p.Created)})
	}
	if n := len(d.Periods); n > 0 {
		c.Options.Subtitle = periodSub(d.Periods[0].Period, d.Periods[n-1].Period)
	}
	return c
}

// Table of the lifecycle: one row per customer.
func (r *LifecycleResult) Table() *Table {
	t := &Table{Cols: []Column{
		{Key: "customer_id", Label: "ID"}, {Key: "customer", Label: "Customer"},
		{Key: "stage", Label: "Stage", Enum: "stage"}, {Key: "suggested_stage", Label: "Suggested stage", Enum: "stage"},
		{Key: "recent", Label: "Last 6 months", Right: true, Money: true}, {Key: "before", Label: "6 months before", Right: true, Money: true},
		{Key: "trend", Label: "Trend", Right: true, Share: true}, {Key: "first", Label: "First purchase"}, {Key: "last", Label: "Last purchase"},
		{Key: "silent_months", Label: "Months without purchase", Right: true}, {Key: "reason", Label: "Reason"},
	}}
	if r.Rule.Window != 6 {
		t.Cols[4].Label, t.Cols[5].Label = "Recent months", "Months before"
	}
	for _, x := range r.Rows {
		t.Rows = append(t.Rows, []any{x.CustomerID, x.Name, x.Current, x.Suggested, money(x.Recent), money(x.Before),
			optFrac(x.Trend, x.TrendOK), x.First, x.Last, x.Silent, x.Reason})
	}
	return t
}

// Chart of the lifecycle: customers per stage, as set and as suggested.
func (r *LifecycleResult) Chart() Chart {
	cur := map[string]int{}
	for _, x := range r.Rows {
		cur[x.Current]++
	}
	c := Chart{Bars: true, Series: []chart.Series{{Name: "Current stage"}, {Name: "Suggested stage"}},
		Options: chart.Options{Title: i18n.L("Customer lifecycle"), Subtitle: i18n.L("Up to {{.Month}}", map[string]any{"Month": r.Month}),
			YName: "Customers", YUnit: chart.UnitCustomers}}
	for _, st := range model.Stages {
		l := i18n.Enum("stage", st)
		c.Series[0].Points = append(c.Series[0].Points, chart.Point{Label: l, Value: int64(cur[st])})
		c.Series[1].Points = append(c.Series[1].Points, chart.Point{Label: l, Value: int64(r.Counts[st])})
	}
	return c
}

// Table of the anomalies, by revenue at risk.
func (r *AnomalyResult) Table() *Table {
	t := &Table{Cols: []Column{
		{Key: "customer_id", Label: "ID"}, {Key: "customer", Label: "Customer"}, {Key: "tier", Label: "Tier", Enum: "tier"},
		{Key: "kind", Label: "Anomaly", Enum: "anomaly"},
		{Key: "baseline", Label: "Monthly baseline", Right: true, Money: true}, {Key: "recent", Label: "Recent monthly", Right: true, Money: true},
		{Key: "change", Label: "Change on baseline", Right: true, Share: true}, {Key: "at_risk", Label: "Revenue at risk a year", Right: true, Money: true},
		{Key: "last", Label: "Last purchase"},
	}}
	for _, x := range r.Rows {
		t.Rows = append(t.Rows, []any{x.CustomerID, x.Name, x.Tier, x.Kind, money(x.Baseline), money(x.Recent), frac(x.Change), money(x.AtRisk), x.Last})
	}
	return t
}

// Chart of the anomalies: the 10 largest revenues at risk.
func (r *AnomalyResult) Chart() Chart {
	c := Chart{Bars: true, Series: []chart.Series{{Name: "Revenue at risk a year"}},
		Options: chart.Options{Title: i18n.L("Customer anomalies"),
			Subtitle: i18n.L("{{.Recent}} against {{.Base}}", map[string]any{"Recent": periodSub(r.RecentFrom, r.RecentTo), "Base": periodSub(r.BaseFrom, r.BaseTo)})}}
	for _, x := range r.Rows {
		if x.AtRisk <= 0 || len(c.Series[0].Points) == 10 {
			break
		}
		c.Series[0].Points = append(c.Series[0].Points, chart.Point{Label: x.Name, Value: x.AtRisk})
	}
	return c
}

// Table of the ranking, with the keys of docs/CLI.md's report ranking.
func (r *Ranking) Table() *Table {
	t := &Table{Cols: []Column{
		{Key: "rank", Label: "Rank", Right: true}, {Key: "customer_id", Label: "ID"}, {Key: "customer", Label: "Customer"},
		{Key: "revenue", Label: "Revenue", Right: true, Money: true}, {Key: "orders", Label: "Orders", Right: true},
		{Key: "growth", Label: "Growth", Right: true, Share: true},
	}}
	for _, x := range r.Rows {
		t.Rows = append(t.Rows, []any{x.Rank, x.CustomerID, x.Name, money(x.Revenue), x.Orders, optFrac(x.Growth, x.GrowthOK)})
	}
	return t
}

// Chart of the ranking: the first 10 by the ranking's measure.
func (r *Ranking) Chart() Chart {
	c := Chart{Bars: true, Options: chart.Options{Title: i18n.L("Customer ranking"), Subtitle: periodSub(r.From, r.To)}}
	s := chart.Series{Name: "Revenue"}
	switch r.By {
	case "orders":
		s.Name, c.Options.YName, c.Options.YUnit = "Orders", "Orders", chart.UnitCount
	case "growth":
		s.Name, c.Options.YName, c.Options.YUnit = "Growth", "Growth", chart.UnitPercent
	}
	for _, x := range r.Rows[:min(10, len(r.Rows))] {
		v := x.Revenue
		switch r.By {
		case "orders":
			v = x.Orders
		case "growth":
			v = bps(x.Growth)
		}
		s.Points = append(s.Points, chart.Point{Label: x.Name, Value: v})
	}
	c.Series = []chart.Series{s}
	return c
}

// Table of the forecast at a rate of change: the history, then the
// projection (amount adjusted, base before the rate).
func (f *Forecast) Table(rate float64) *Table {
	t := &Table{Cols: []Column{
		{Key: "period", Label: "Month"}, {Key: "kind", Label: "Actual or forecast", Enum: "forecast"},
		{Key: "amount", Label: "Amount", Right: true, Money: true}, {Key: "base", Label: "Before the rate of change", Right: true, Money: true},
	}}
	for _, p := range f.History {
		t.Rows = append(t.Rows, []any{p.Period, "actual", money(p.Amount), ""})
	}
	for j, p := range f.Project(rate) {
		t.Rows = append(t.Rows, []any{p.Period, "forecast", money(p.Amount), money(f.Base[j].Amount)})
	}
	return t
}

// Chart of the forecast at a rate of change: the history as a line, the
// projection dashed after it (joined to the last actual month).
func (f *Forecast) Chart(rate float64) Chart {
	c := Chart{Series: []chart.Series{{Name: "Actual"}, {Name: "Forecast"}},
		Options: chart.Options{Title: i18n.L("Sales forecast"),
			Subtitle: i18n.L("Rate of change {{.Rate}}", map[string]any{"Rate": fmt.Sprintf("%+.0f%%", rate)})}}
	if f.MAPEOK {
		c.Options.Subtitle += "    " + i18n.L("Back-test error (MAPE) {{.Pct}}", map[string]any{"Pct": fmt.Sprintf("%.1f%%", f.MAPE*100)})
	}
	for _, p := range f.History {
		c.Series[0].Points = append(c.Series[0].Points, chart.Point{Label: p.Period, Value: p.Amount})
	}
	if n := len(f.History); n > 0 {
		c.Series[1].Start = n - 1
		c.Series[1].Points = append(c.Series[1].Points, chart.Point{Label: f.History[n-1].Period, Value: f.History[n-1].Amount})
	}
	for _, p := range f.Project(rate) {
		c.Series[1].Points = append(c.Series[1].Points, chart.Point{Label: p.Period, Value: p.Amount})
	}
	if len(f.History) == 0 {
		c.Series = c.Series[1:]
	}
	return c
}
