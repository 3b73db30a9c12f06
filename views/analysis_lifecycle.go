package views

import (
	"cmp"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
)

// lifecyclePane is 客户生命周期: a stage suggested from each customer's sales
// curve by a rule shown in the tab, beside the stage it has; accept the
// suggestion or choose another stage.
type lifecyclePane struct {
	s      *analysisScreen
	rule   *widget.Label
	counts *widget.Label
	acc    *acceptor
	chart  *chartView
	table  *anTable
	ld     loader
	res    *analysis.LifecycleResult
}

func (p *lifecyclePane) title() string { return "Lifecycle" }

func (p *lifecyclePane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.rule = widget.NewLabel("")
	p.rule.Wrapping = fyne.TextWrapWord
	p.counts = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.acc = newAcceptor(p.s, p.acceptAll, p.reload)
	p.chart = newChartView(i18n.L("No customers yet."))
	p.chart.bars = true
	r := func(i int) *analysis.LifecycleRow { return &p.res.Rows[i] }
	p.table = newAnTable([]anColumn{
		{title: "Customer", width: 170, text: func(i int) string { return r(i).Name }},
		{title: "Current stage", width: 90, text: func(i int) string { return stageName(r(i).Current) }},
		{title: "Suggested stage", width: 90, text: func(i int) string { return stageName(r(i).Suggested) },
			warn: func(i int) bool { return r(i).Suggested != r(i).Current }},
		{title: "Last 6 months (CNY)", width: 120, right: true, text: func(i int) string { return model.GroupMoney(r(i).Recent) },
			cmp: func(a, b int) int { return cmp.Compare(r(a).Recent, r(b).Recent) }},
		{title: "Trend", width: 70, right: true, text: func(i int) string {
			if !r(i).TrendOK {
				return "—"
			}
			return signed(r(i).Trend)
		}, cmp: func(a, b int) int { return cmp.Compare(r(a).Trend, r(b).Trend) }},
		{title: "Last purchase", width: 80, text: func(i int) string { return r(i).Last }},
		{title: "Why", width: 210, text: func(i int) string { return r(i).Reason }},
		{title: "Accept", width: 70, act: p.accept, text: func(i int) string {
			if r(i).Suggested == r(i).Current {
				return ""
			}
			return i18n.L("Accept")
		}},
		{title: "Other stage", width: 90, act: p.override, text: func(int) string { return i18n.L("Choose…") }},
	})
	p.table.onSelect = func(i int) { p.s.openCustomer(r(i).CustomerID) }
	// The rule sits beside the chart rather than above it, so the table
	// keeps its height.
	rule := container.NewVScroll(p.rule)
	upper := container.NewHSplit(rule, p.chart)
	upper.Offset = 0.38
	root := p.s.anLayout(p, "A stage is suggested from each customer's sales curve by the rule at the left; accept it, or choose another stage.",
		[]fyne.CanvasObject{p.acc.all, p.acc.undoBtn}, upper, p.table.t, p.counts)
	return root
}

func (p *lifecyclePane) reload() {
	if p.table == nil {
		return
	}
	svc := p.s.u.svc
	load(&p.ld, func() (*analysis.LifecycleResult, error) {
		return analysis.SuggestStages(analysisOf(svc), analysis.LifecycleRule{})
	}, p.show)
}

func (p *lifecyclePane) show(res *analysis.LifecycleResult, err error) {
	if err != nil {
		p.counts.SetText(err.Error())
		return
	}
	p.res = res
	p.rule.SetText(strings.Join(res.Rule.Text(), "\n"))
	var parts []string
	for _, st := range model.Stages {
		parts = append(parts, stageName(st)+" "+groupCount(int64(res.Counts[st])))
	}
	p.counts.SetText(strings.Join(parts, " · ") + "   " + i18n.L("{{.N}} suggestions differ from the current stage.", map[string]any{"N": res.Changes}))
	p.acc.offer(res.Changes)
	p.table.setRows(len(res.Rows))
	showChart(p.chart, res.Chart())
}

func (p *lifecyclePane) accept(i int) {
	p.acc.apply(analysis.StageChanges(p.res.Rows[i : i+1]))
}

// override asks for a stage other than the suggested one.
func (p *lifecyclePane) override(i int) {
	row := p.res.Rows[i]
	names := make([]string, len(model.Stages))
	for j, st := range model.Stages {
		names[j] = stageName(st)
	}
	sel := widget.NewRadioGroup(names, nil)
	if j := slices.Index(model.Stages, row.Current); j >= 0 {
		sel.SetSelected(names[j])
	}
	showForm(i18n.L("Stage of {{.Name}}", map[string]any{"Name": row.Name}), i18n.L("Save"), i18n.L("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(i18n.L("Stage"), sel)}, func(ok bool) {
			j := slices.Index(names, sel.Selected)
			if !ok || j < 0 || model.Stages[j] == row.Current {
				return
			}
			p.acc.apply([]analysis.Change{{CustomerID: row.CustomerID, Field: "stage", Old: row.Current, New: model.Stages[j]}})
		}, p.s.u.win)
}

func (p *lifecyclePane) acceptAll() {
	ch := analysis.StageChanges(p.res.Rows)
	p.acc.confirm(i18n.L("Accept all suggested stages"),
		i18n.L("Set the suggested stage for {{.N}} customers? You can undo this afterwards.", map[string]any{"N": len(ch)}), ch)
}

func (p *lifecyclePane) export() (anExport, bool) {
	if p.res == nil || len(p.res.Rows) == 0 {
		return anExport{}, false
	}
	return anExport{name: i18n.L("Lifecycle") + "_" + p.res.Month, chart: p.res.Chart(), table: p.res.Table()}, true
}

// stageName is a lifecycle stage as shown, "—" for none.
func stageName(code string) string {
	if code == "" {
		return "—"
	}
	return i18n.Enum("stage", code)
}
