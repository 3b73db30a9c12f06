package views

import (
	"cmp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// tiersPane is the 80/20 tier suggestion (分级): the Pareto analysis over a
// period proposes a tier beside the current one; the user accepts per
// customer or all at once, and can undo the last acceptance.
type tiersPane struct {
	s       *analysisScreen
	period  *periodEntries
	th      [3]*keyEntry // S, A, B cumulative-share thresholds in %
	rule    *widget.Label
	summary *widget.Label
	acc     *acceptor
	chart   *chartView
	table   *anTable

	ld  loader
	res *analysis.TierResult
}

func (p *tiersPane) title() string { return "Tiers" }

func (p *tiersPane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.period = newPeriodEntries(p.s.u, p.reload)
	def := []float64{0.50, 0.80, 0.95}
	ctl := p.period.objects()
	for i, name := range []string{"S below", "A below", "B below"} {
		p.th[i] = percentEntry(def[i], p.reload)
		ctl = append(ctl, widget.NewLabel(i18n.L(name)), sized(p.th[i], 56), widget.NewLabel("%"))
	}
	p.acc = newAcceptor(p.s, p.acceptAll, p.reload)
	p.rule = widget.NewLabel("")
	p.rule.Wrapping = fyne.TextWrapWord
	p.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.summary.Wrapping = fyne.TextWrapWord
	p.chart = newChartView(i18n.L("No sales in this period."))
	p.chart.bars = true

	row := func(i int) *analysis.TierRow { return &p.res.Rows[i] }
	p.table = newAnTable([]anColumn{
		{title: "Customer", width: 200, text: func(i int) string { return row(i).Name }},
		{title: "Revenue (CNY)", width: 140, right: true, text: func(i int) string { return model.GroupMoney(row(i).Revenue) },
			cmp: func(a, b int) int { return cmp.Compare(row(a).Revenue, row(b).Revenue) }},
		{title: "Share", width: 70, right: true, text: func(i int) string { return pct(row(i).Share) },
			cmp: func(a, b int) int { return cmp.Compare(row(a).Share, row(b).Share) }},
		{title: "Cumulative", width: 90, right: true, text: func(i int) string { return pct(row(i).Cumulative) },
			cmp: func(a, b int) int { return cmp.Compare(row(a).Cumulative, row(b).Cumulative) }},
		{title: "Current tier", width: 120, text: func(i int) string { return tierName(row(i).Current) }},
		{title: "Proposed tier", width: 120, text: func(i int) string { return tierName(row(i).Proposed) },
			warn: func(i int) bool { return row(i).Proposed != row(i).Current }},
		{title: "Strategic fit", width: 90, text: func(i int) string { return fitName(row(i).Fit) }},
		{title: "Cash cow", width: 100, text: func(i int) string {
			if row(i).CashCow {
				return i18n.L("Cash cow")
			}
			return ""
		}, warn: func(i int) bool { return row(i).CashCow }},
		{title: "Accept", width: 90, act: p.accept, text: func(i int) string {
			if row(i).Proposed == row(i).Current {
				return ""
			}
			return i18n.L("Accept")
		}},
	})
	p.table.onSelect = func(i int) { p.s.openCustomer(row(i).CustomerID) }
	return p.s.anLayout(p, "The Pareto (ABC) analysis ranks customers by revenue in the period and proposes a tier from the cumulative share of revenue; you decide. Click a customer to open it (its strategic fit is on its page).",
		ctl, p.chart, p.table.t, p.period.problem, p.rule, container.NewBorder(nil, nil, nil, container.NewHBox(p.acc.all, p.acc.undoBtn), p.summary))
}

// options reads the period and thresholds; false if a threshold is not a
// percentage or they are not increasing.
func (p *tiersPane) options() (analysis.TierOptions, bool) {
	from, to := p.period.values()
	o := analysis.TierOptions{From: from, To: to}
	var v [3]float64
	for i, e := range p.th {
		f, ok := fraction(e)
		if !ok || (i > 0 && f <= v[i-1]) {
			p.period.show(i18n.L("Thresholds are percentages between 0 and 100, each above the one before (e.g. 50, 80, 95)."))
			return o, false
		}
		v[i] = f
	}
	o.S, o.A, o.B = v[0], v[1], v[2]
	return o, true
}

func (p *tiersPane) reload() {
	if p.table == nil || !p.period.ok() {
		return
	}
	o, ok := p.options()
	if !ok {
		return
	}
	svc := p.s.u.svc
	load(&p.ld, func() (*analysis.TierResult, error) { return analysis.SuggestTiers(analysisOf(svc), o) }, p.show)
}

func (p *tiersPane) show(res *analysis.TierResult, err error) {
	if err != nil {
		p.period.show(err.Error())
		return
	}
	p.res = res
	p.period.fill(res.From, res.To)
	p.rule.SetText(res.Options.RuleText())
	p.summary.SetText(tierSummary(res) + emptyPeriodHint(p.s.u.svc, res.Total == 0))
	p.acc.offer(res.Changes)
	p.table.setRows(len(res.Rows))
	showChart(p.chart, res.Chart())
}

// tierSummary is the "8% of customers bring 60% of sales" line.
func tierSummary(r *analysis.TierResult) string {
	var s string
	for _, t := range r.Summary {
		if s != "" {
			s += "   "
		}
		s += i18n.L("{{.Tier}}: {{.Customers}} customers ({{.CShare}}) bring {{.RShare}} of revenue", map[string]any{
			"Tier": t.Tier, "Customers": t.Customers, "CShare": pct(t.CustomerShare), "RShare": pct(t.RevenueShare)})
	}
	return s + "   " + i18n.L("{{.N}} proposals differ from the current tier; {{.Cows}} cash cows.", map[string]any{"N": r.Changes, "Cows": r.CashCows})
}

// accept sets one customer's proposed tier.
func (p *tiersPane) accept(i int) {
	p.acc.apply(analysis.TierChanges(p.res.Rows[i : i+1]))
}

// acceptAll asks, then sets every proposed tier that differs.
func (p *tiersPane) acceptAll() {
	ch := analysis.TierChanges(p.res.Rows)
	p.acc.confirm(i18n.L("Accept all proposed tiers"),
		i18n.L("Set the proposed tier for {{.N}} customers? You can undo this afterwards.", map[string]any{"N": len(ch)}), ch)
}

func (p *tiersPane) export() (anExport, bool) {
	if p.res == nil || len(p.res.Rows) == 0 {
		return anExport{}, false
	}
	return anExport{name: i18n.L("Tiers") + "_" + p.res.From + "_" + p.res.To, chart: p.res.Chart(), table: p.res.Table()}, true
}

// tierName is a tier as shown: "S 战略客户", or "—" for none.
func tierName(code string) string {
	if code == "" {
		return "—"
	}
	return i18n.Enum("tier", code)
}

// fitName is a strategic fit as shown.
func fitName(code string) string {
	if code == "" {
		return "—"
	}
	return i18n.Enum("fit", code)
}

// emptyPeriodHint is, for a period with no sales (empty), which months
// hold sales, so an empty analysis is not taken for "no data"; "" otherwise.
func emptyPeriodHint(svc *app.Service, empty bool) string {
	if !empty {
		return ""
	}
	first, last, err := svc.Sales.Span()
	switch {
	case err != nil:
		return ""
	case first == "":
		return " " + i18n.L("There are no sales yet: import them on the Import/Export screen.")
	}
	return " " + i18n.L("The sales run from {{.First}} to {{.Last}}: choose that period.", map[string]any{"First": first, "Last": last})
}
