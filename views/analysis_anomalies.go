package views

import (
	"cmp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// anomaliesPane is 客户异动分析: customers whose recent monthly revenue
// departs from their own baseline, and those who fell silent, by revenue at
// risk. A click on a row opens the customer.
type anomaliesPane struct {
	s         *analysisScreen
	threshold *keyEntry
	summary   *widget.Label
	problem   *widget.Label
	chart     *chartView
	hover     *chartHover // the whole name and figures of the bar under the pointer
	table     *anTable
	ld        loader
	res       *analysis.AnomalyResult
}

func (p *anomaliesPane) title() string { return "Anomalies" }

func (p *anomaliesPane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.threshold = percentEntry(0.30, p.reload)
	p.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.summary.Wrapping = fyne.TextWrapWord
	p.problem = widget.NewLabel("")
	p.problem.Importance = widget.DangerImportance
	p.problem.Hide()
	p.chart = newChartView(i18n.L("No customer departs from its usual revenue."))
	p.chart.bars = true
	p.hover = newChartHover(p.chart, func(j int) string { return anomalyTip(p.res, j) })
	a := func(i int) *analysis.Anomaly { return &p.res.Rows[i] }
	money := func(f func(*analysis.Anomaly) int64) (func(int) string, func(x, y int) int) {
		return func(i int) string { return model.GroupMoney(f(a(i))) }, func(x, y int) int { return cmp.Compare(f(a(x)), f(a(y))) }
	}
	base, baseCmp := money(func(x *analysis.Anomaly) int64 { return x.Baseline })
	recent, recentCmp := money(func(x *analysis.Anomaly) int64 { return x.Recent })
	risk, riskCmp := money(func(x *analysis.Anomaly) int64 { return x.AtRisk })
	p.table = newAnTable([]anColumn{
		{title: "Customer", width: 190, text: func(i int) string { return a(i).Name }},
		{title: "Tier", width: 110, text: func(i int) string { return tierName(a(i).Tier) }},
		{title: "Anomaly kind", width: 90, text: func(i int) string { return anomalyKind(a(i).Kind) },
			warn: func(i int) bool { return a(i).Kind != analysis.Rise }},
		{title: "Usual a month (CNY)", width: 140, right: true, text: base, cmp: baseCmp},
		{title: "Recent a month (CNY)", width: 140, right: true, text: recent, cmp: recentCmp},
		{title: "Departure", width: 80, right: true, text: func(i int) string { return signed(a(i).Change) },
			cmp: func(x, y int) int { return cmp.Compare(a(x).Change, a(y).Change) }},
		{title: "At risk a year (CNY)", width: 150, right: true, text: risk, cmp: riskCmp},
		{title: "Last purchase", width: 100, text: func(i int) string { return a(i).Last }},
	})
	p.table.onSelect = func(i int) { p.s.openCustomer(a(i).CustomerID) }
	ctl := []fyne.CanvasObject{widget.NewLabel(i18n.L("Departure that counts")), sized(p.threshold, 56), widget.NewLabel("%")}
	return p.s.anLayout(p, "Each customer's average monthly revenue of the last 3 months against its own 12 months before; a drop or silence is the early sign of churn. Click a row to open the customer.",
		ctl, p.hover, p.table.t, p.problem, p.summary)
}

func (p *anomaliesPane) reload() {
	if p.table == nil {
		return
	}
	th, ok := fraction(p.threshold)
	if !ok {
		p.problem.SetText(i18n.L("The departure is a percentage between 0 and 100, e.g. 30."))
		p.problem.Show()
		return
	}
	p.problem.Hide()
	svc := p.s.u.svc
	load(&p.ld, func() (*analysis.AnomalyResult, error) {
		return analysis.Anomalies(analysisOf(svc), analysis.AnomalyOptions{Threshold: th})
	}, p.show)
}

func (p *anomaliesPane) show(res *analysis.AnomalyResult, err error) {
	if err != nil {
		p.problem.SetText(err.Error())
		p.problem.Show()
		return
	}
	p.res = res
	p.summary.SetText(i18n.L("{{.Silent}} fell silent, {{.Drops}} dropped, {{.Rises}} rose; {{.Amount}} CNY a year at risk ({{.From}} — {{.To}} against {{.BFrom}} — {{.BTo}}).", map[string]any{
		"Silent": res.Silent, "Drops": res.Drops, "Rises": res.Rises, "Amount": model.GroupMoney(res.AtRisk),
		"From": res.RecentFrom, "To": res.RecentTo, "BFrom": res.BaseFrom, "BTo": res.BaseTo}))
	p.table.setRows(len(res.Rows))
	showChart(p.chart, res.Chart())
}

func (p *anomaliesPane) export() (anExport, bool) {
	if p.res == nil || len(p.res.Rows) == 0 {
		return anExport{}, false
	}
	return anExport{name: i18n.L("Anomalies") + "_" + p.res.RecentTo, chart: p.res.Chart(), table: p.res.Table()}, true
}

// anomalyKind names an anomaly's kind: 沉寂, 下滑, 上升.
func anomalyKind(k string) string { return i18n.Enum("anomaly", k) }
