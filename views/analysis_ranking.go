package views

import (
	"cmp"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// rankingPane is 客户综合排名: customers ranked by revenue, orders or growth
// over a period.
type rankingPane struct {
	s      *analysisScreen
	period *periodEntries
	by     *widget.Select
	total  *widget.Label
	chart  *chartView
	hover  *chartHover // the whole name and figures of the bar under the pointer
	table  *anTable
	ld     loader
	res    *analysis.Ranking
}

// rankLabels name analysis.RankBy in the drop-down.
var rankLabels = map[string]string{"revenue": "By revenue", "orders": "By orders", "growth": "By growth"}

func (p *rankingPane) title() string { return "Ranking" }

func (p *rankingPane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.period = newPeriodEntries(p.s.u, p.reload)
	p.by = indexSelect(analysis.RankBy, func(b string) string { return i18n.L(rankLabels[b]) }, p.reload)
	p.total = widget.NewLabel("")
	p.chart = newChartView(i18n.L("No sales in this period."))
	p.chart.bars = true
	p.hover = newChartHover(p.chart, func(j int) string { return rankTip(p.res, j) })
	r := func(i int) *analysis.RankRow { return &p.res.Rows[i] }
	p.table = newAnTable([]anColumn{
		{title: "Rank", width: 60, right: true, text: func(i int) string { return strconv.Itoa(r(i).Rank) },
			cmp: func(a, b int) int { return cmp.Compare(r(a).Rank, r(b).Rank) }},
		{title: "Customer", width: 220, text: func(i int) string { return r(i).Name }},
		{title: "Revenue (CNY)", width: 150, right: true, text: func(i int) string { return model.GroupMoney(r(i).Revenue) },
			cmp: func(a, b int) int { return cmp.Compare(r(a).Revenue, r(b).Revenue) }},
		{title: "Orders", width: 80, right: true, text: func(i int) string { return groupCount(r(i).Orders) },
			cmp: func(a, b int) int { return cmp.Compare(r(a).Orders, r(b).Orders) }},
		{title: "Period before (CNY)", width: 150, right: true, text: func(i int) string { return model.GroupMoney(r(i).Previous) },
			cmp: func(a, b int) int { return cmp.Compare(r(a).Previous, r(b).Previous) }},
		{title: "Growth", width: 90, right: true, text: func(i int) string {
			if !r(i).GrowthOK {
				return "—"
			}
			return signed(r(i).Growth)
		}, cmp: func(a, b int) int { return cmp.Compare(r(a).Growth, r(b).Growth) },
			warn: func(i int) bool { return r(i).GrowthOK && r(i).Growth < 0 }},
	})
	p.table.onSelect = func(i int) { p.s.openCustomer(r(i).CustomerID) }
	ctl := append([]fyne.CanvasObject{p.by}, p.period.objects()...)
	root := p.s.anLayout(p, "Customers ranked by revenue, orders or growth against the period of the same length just before. Click a row to open the customer.",
		ctl, p.hover, p.table.t, p.period.problem, p.total)
	p.by.SetSelectedIndex(0)
	return root
}

func (p *rankingPane) reload() {
	if p.table == nil || !p.period.ok() {
		return
	}
	from, to := p.period.values()
	svc, o := p.s.u.svc, analysis.RankOptions{By: analysis.RankBy[max(0, p.by.SelectedIndex())], From: from, To: to}
	load(&p.ld, func() (*analysis.Ranking, error) { return analysis.Rank(analysisOf(svc), o) }, p.show)
}

func (p *rankingPane) show(res *analysis.Ranking, err error) {
	if err != nil {
		p.period.show(err.Error())
		return
	}
	p.res = res
	p.period.fill(res.From, res.To)
	p.total.SetText(i18n.L("{{.N}} customers ranked, {{.From}} — {{.To}}, growth against {{.PFrom}} — {{.PTo}}.", map[string]any{
		"N": res.Total, "From": res.From, "To": res.To, "PFrom": res.PrevFrom, "PTo": res.PrevTo}) + emptyPeriodHint(p.s.u.svc, len(res.Rows) == 0))
	p.table.setRows(len(res.Rows))
	showChart(p.chart, res.Chart())
}

func (p *rankingPane) export() (anExport, bool) {
	if p.res == nil || len(p.res.Rows) == 0 {
		return anExport{}, false
	}
	return anExport{name: i18n.L("Ranking") + "_" + p.res.By + "_" + p.res.From + "_" + p.res.To, chart: p.res.Chart(), table: p.res.Table()}, true
}
