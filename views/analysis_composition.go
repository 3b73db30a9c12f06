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

// compositionPane is 客户构成分析: customers and revenue by tier, region,
// type, source or stage, counts and shares side by side.
type compositionPane struct {
	s      *analysisScreen
	period *periodEntries
	by     *widget.Select
	total  *widget.Label
	chart  *chartView
	table  *anTable
	ld     loader
	res    *analysis.Composition
}

// groupingLabels name analysis.Groupings in the drop-down.
var groupingLabels = map[string]string{"tier": "By tier", "region": "By region", "type": "By type", "source": "By source", "stage": "By stage"}

func (p *compositionPane) title() string { return "Composition" }

func (p *compositionPane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.period = newPeriodEntries(p.s.u, p.reload)
	p.by = indexSelect(analysis.Groupings, func(g string) string { return i18n.L(groupingLabels[g]) }, p.reload)
	p.total = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.chart = newChartView(i18n.L("No customers yet."))
	p.chart.bars = true
	sl := func(i int) *analysis.Slice { return &p.res.Slices[i] }
	p.table = newAnTable([]anColumn{
		{title: "Group", width: 200, text: func(i int) string { return p.valueName(sl(i).Value) }},
		{title: "Customers", width: 100, right: true, text: func(i int) string { return strconv.Itoa(sl(i).Customers) },
			cmp: func(a, b int) int { return cmp.Compare(sl(a).Customers, sl(b).Customers) }},
		{title: "Share of customers", width: 130, right: true, text: func(i int) string { return pct(sl(i).CustomerShare) },
			cmp: func(a, b int) int { return cmp.Compare(sl(a).CustomerShare, sl(b).CustomerShare) }},
		{title: "Revenue (CNY)", width: 150, right: true, text: func(i int) string { return model.GroupMoney(sl(i).Revenue) },
			cmp: func(a, b int) int { return cmp.Compare(sl(a).Revenue, sl(b).Revenue) }},
		{title: "Share of revenue", width: 130, right: true, text: func(i int) string { return pct(sl(i).RevenueShare) },
			cmp: func(a, b int) int { return cmp.Compare(sl(a).RevenueShare, sl(b).RevenueShare) }},
		{title: "Orders", width: 90, right: true, text: func(i int) string { return groupCount(sl(i).Orders) },
			cmp: func(a, b int) int { return cmp.Compare(sl(a).Orders, sl(b).Orders) }},
	})
	ctl := append([]fyne.CanvasObject{p.by}, p.period.objects()...)
	root := p.s.anLayout(p, "Customers and the period's revenue by one attribute, counts and shares side by side: a few customers often bring most of the revenue.",
		ctl, p.chart, p.table.t, p.period.problem, p.total)
	p.by.SetSelectedIndex(0)
	return root
}

func (p *compositionPane) grouping() string {
	return analysis.Groupings[max(0, p.by.SelectedIndex())]
}

func (p *compositionPane) reload() {
	if p.table == nil || !p.period.ok() {
		return
	}
	from, to := p.period.values()
	svc, by := p.s.u.svc, p.grouping()
	load(&p.ld, func() (*analysis.Composition, error) { return analysis.Compose(analysisOf(svc), by, from, to) }, p.show)
}

func (p *compositionPane) show(res *analysis.Composition, err error) {
	if err != nil {
		p.period.show(err.Error())
		return
	}
	p.res = res
	p.period.fill(res.From, res.To)
	p.total.SetText(i18n.L("{{.N}} customers, {{.Amount}} CNY in {{.From}} — {{.To}}", map[string]any{
		"N": res.Customers, "Amount": model.GroupMoney(res.Revenue), "From": res.From, "To": res.To}))
	p.table.setRows(len(res.Slices))
	showChart(p.chart, res.Chart())
}

// valueName shows a group's value: the enumeration's name, the province, or
// "Not set".
func (p *compositionPane) valueName(v string) string {
	if v == "" {
		return i18n.L("Not set")
	}
	if g := p.grouping(); g != "region" {
		return i18n.Enum(g, v)
	}
	return v
}

func (p *compositionPane) export() (anExport, bool) {
	if p.res == nil || len(p.res.Slices) == 0 {
		return anExport{}, false
	}
	return anExport{name: i18n.L("Composition") + "_" + p.res.By + "_" + p.res.From + "_" + p.res.To, chart: p.res.Chart(), table: p.res.Table()}, true
}
