package views

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// forecastHorizons are the months ahead the drop-down offers.
var forecastHorizons = []int{6, 12, 18, 24}

// forecastPane is 预测分析: the history and the projection of the next
// months by a documented method, its back-test error, and a rate-of-change
// slider that moves the projection live (the base forecast is computed once;
// the slider only rescales it).
type forecastPane struct {
	s       *analysisScreen
	months  *widget.Select
	slider  *widget.Slider
	rate    *widget.Label
	method  *widget.Label
	problem *widget.Label
	chart   *chartView
	table   *anTable
	ld      loader

	f    *analysis.Forecast
	pct  float64         // the slider's rate of change, % a year
	proj []reports.Point // f.Project(pct)
}

func (p *forecastPane) title() string { return "Forecast" }

func (p *forecastPane) build() fyne.CanvasObject {
	p.ld = newLoader()
	p.months = indexSelect(forecastHorizons, func(m int) string { return i18n.L("{{.N}} months ahead", map[string]any{"N": m}) }, p.reload)
	p.slider = widget.NewSlider(-50, 50)
	p.slider.Step = 1
	p.slider.OnChanged = p.setRate
	p.rate = widget.NewLabelWithStyle("+0%", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.method = widget.NewLabel("")
	p.method.Wrapping = fyne.TextWrapWord
	p.problem = widget.NewLabel("")
	p.problem.Importance = widget.DangerImportance
	p.problem.Hide()
	p.chart = newChartView(i18n.L("No sales in this period."))
	b := func(i int) reports.Point { return p.f.Base[i] }
	j := func(i int) reports.Point { return p.proj[i] }
	p.table = newAnTable([]anColumn{
		{title: "Month", width: 100, text: func(i int) string { return b(i).Period }},
		{title: "Forecast (CNY)", width: 160, right: true, text: func(i int) string { return model.GroupMoney(b(i).Amount) },
			cmp: func(x, y int) int { return cmp.Compare(b(x).Amount, b(y).Amount) }},
		{title: "With your rate (CNY)", width: 170, right: true, text: func(i int) string { return model.GroupMoney(j(i).Amount) },
			cmp: func(x, y int) int { return cmp.Compare(j(x).Amount, j(y).Amount) }},
		{title: "A year earlier (CNY)", width: 160, right: true, text: func(i int) string { return model.GroupMoney(p.yearBefore(i)) }},
	})
	ctl := []fyne.CanvasObject{p.months, widget.NewLabel(i18n.L("Rate of change a year")), sized(p.slider, 240), sized(p.rate, 64)}
	root := p.s.anLayout(p, "The next months are projected from the sales history by the method below; move the rate of change to see the projection with your own assumption.",
		ctl, p.chart, p.table.t, p.problem, p.method)
	p.months.SetSelectedIndex(1) // a year ahead: the slider's rate applies in full to the last month
	return root
}

func (p *forecastPane) reload() {
	if p.table == nil {
		return
	}
	o := analysis.ForecastOptions{Months: forecastHorizons[max(0, p.months.SelectedIndex())]}
	svc := p.s.u.svc
	load(&p.ld, func() (*analysis.Forecast, error) { return analysis.MakeForecast(analysisOf(svc), o) }, p.show)
}

func (p *forecastPane) show(f *analysis.Forecast, err error) {
	if err != nil {
		p.problem.SetText(err.Error())
		p.problem.Show()
		return
	}
	p.problem.Hide()
	p.f = f
	p.method.SetText(strings.Join(f.MethodText(), "\n"))
	p.project()
}

// setRate is the slider moving: the projection follows at once (the chart
// redraws a moment after the slider stops).
func (p *forecastPane) setRate(v float64) {
	p.pct = v
	p.rate.SetText(signedInt(v) + "%")
	if p.f != nil {
		p.project()
	}
}

func (p *forecastPane) project() {
	p.proj = p.f.Project(p.pct)
	p.table.setRows(len(p.f.Base))
	showChart(p.chart, p.f.Chart(p.pct))
}

// yearBefore is the actual revenue twelve months before forecast month i,
// when the history reaches back that far.
func (p *forecastPane) yearBefore(i int) int64 {
	t, err := time.Parse("2006-01", p.f.Base[i].Period)
	if err != nil {
		return 0
	}
	want := t.AddDate(-1, 0, 0).Format("2006-01")
	for _, h := range p.f.History {
		if h.Period == want {
			return h.Amount
		}
	}
	return 0
}

func (p *forecastPane) export() (anExport, bool) {
	if p.f == nil || len(p.f.Base) == 0 {
		return anExport{}, false
	}
	name := i18n.L("Forecast") + "_" + p.f.Base[0].Period + "_" + p.f.Base[len(p.f.Base)-1].Period + "_" + signedInt(p.pct) + "%"
	return anExport{name: name, chart: p.f.Chart(p.pct), table: p.f.Table(p.pct)}, true
}

// signedInt writes a whole percentage with its sign: "+20", "-5", "+0".
func signedInt(v float64) string {
	n := int(v)
	if n >= 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
