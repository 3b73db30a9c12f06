package views

import (
	"cmp"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
)

// developmentPane is 客户发展分析: new and active customers per period, and
// retention and churn per year.
type developmentPane struct {
	s      *analysisScreen
	period *periodEntries
	by     *widget.Select
	chart  *chartView
	table  *anTable // per period
	years  *anTable // retention per year
	ld     loader
	res    *analysis.Development
}

func (p *developmentPane) title() string { return "Development" }

func (p *developmentPane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.period = newPeriodEntries(p.s.u, p.reload)
	p.by = indexSelect(salesBy, func(b struct{ code, label string }) string { return i18n.L(b.label) }, p.reload)
	p.chart = newChartView(i18n.L("No sales in this period."))
	per := func(i int) *analysis.DevPeriod { return &p.res.Periods[i] }
	num := func(f func(*analysis.DevPeriod) int) (func(int) string, func(a, b int) int) {
		return func(i int) string { return strconv.Itoa(f(per(i))) }, func(a, b int) int { return cmp.Compare(f(per(a)), f(per(b))) }
	}
	created, createdCmp := num(func(d *analysis.DevPeriod) int { return d.Created })
	first, firstCmp := num(func(d *analysis.DevPeriod) int { return d.FirstSale })
	active, activeCmp := num(func(d *analysis.DevPeriod) int { return d.Active })
	p.table = newAnTable([]anColumn{
		{title: "Period", width: 90, text: func(i int) string { return per(i).Period }},
		{title: "New in the archive", width: 100, right: true, text: created, cmp: createdCmp},
		{title: "First purchase", width: 90, right: true, text: first, cmp: firstCmp},
		{title: "Active customers", width: 90, right: true, text: active, cmp: activeCmp},
	})
	yr := func(i int) *analysis.YearRetention { return &p.res.Years[i] }
	p.years = newAnTable([]anColumn{
		{title: "Year", width: 60, text: func(i int) string { return yr(i).Year }},
		{title: "Active the year before", width: 110, right: true, text: func(i int) string { return strconv.Itoa(yr(i).Before) }},
		{title: "Retained", width: 70, right: true, text: func(i int) string { return strconv.Itoa(yr(i).Retained) }},
		{title: "Retention", width: 75, right: true, text: func(i int) string { return pct(yr(i).Retention) },
			cmp: func(a, b int) int { return cmp.Compare(yr(a).Retention, yr(b).Retention) }},
		{title: "Churned", width: 60, right: true, text: func(i int) string { return strconv.Itoa(yr(i).Churned) }},
		{title: "Churn", width: 70, right: true, text: func(i int) string { return pct(yr(i).Churn) },
			cmp:  func(a, b int) int { return cmp.Compare(yr(a).Churn, yr(b).Churn) },
			warn: func(i int) bool { return yr(i).Churn >= 0.2 }},
		{title: "New buyers", width: 95, right: true, text: func(i int) string { return strconv.Itoa(yr(i).New) }},
	})
	retention := container.NewBorder(widget.NewLabelWithStyle(i18n.L("Retention and churn per year"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, p.years.t)
	tables := container.NewHSplit(p.table.t, retention)
	tables.Offset = 0.4
	ctl := append([]fyne.CanvasObject{p.by}, p.period.objects()...)
	root := p.s.anLayout(p, "New customers (first purchase) and active customers (any purchase) per period; retention is the share of last year's active customers who bought again this year.",
		ctl, p.chart, tables, p.period.problem)
	p.by.SetSelectedIndex(0)
	return root
}

func (p *developmentPane) reload() {
	if p.table == nil || !p.period.ok() {
		return
	}
	from, to := p.period.values()
	svc, by := p.s.u.svc, salesBy[max(0, p.by.SelectedIndex())].code
	load(&p.ld, func() (*analysis.Development, error) { return analysis.Develop(analysisOf(svc), by, from, to) }, p.show)
}

func (p *developmentPane) show(res *analysis.Development, err error) {
	if err != nil {
		p.period.show(err.Error())
		return
	}
	p.res = res
	if n := len(res.Periods); n > 0 {
		p.period.fill(res.Periods[0].Period, res.Periods[n-1].Period)
	}
	p.table.setRows(len(res.Periods))
	p.years.setRows(len(res.Years))
	showChart(p.chart, res.Chart())
}

func (p *developmentPane) export() (anExport, bool) {
	if p.res == nil || len(p.res.Periods) == 0 {
		return anExport{}, false
	}
	name := i18n.L("Development") + "_" + p.res.Periods[0].Period + "_" + p.res.Periods[len(p.res.Periods)-1].Period
	return anExport{name: name, chart: p.res.Chart(), table: p.res.Table(),
		more: map[string]*analysis.Table{i18n.L("retention"): p.res.RetentionTable()}}, true
}
