package views

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// dashboard is the home screen (首页): the figures a manager looks at first,
// each tile opening the screen that explains it.
type dashboard struct {
	u    *UI
	an   *analysisScreen
	root fyne.CanvasObject

	month, follow, complaints, actions *canvas.Text
	monthSub, followSub, complSub      *widget.Label
	anomalies                          *widget.Label
	tiers, curve                       *chartView
	problem                            *widget.Label
	data                               *analysis.Dashboard // the figures shown
	tiles                              map[string]*tile    // by English title, for tests
	loaded                             chan struct{}       // testing aid: a value after each load is shown
}

func newDashboard(u *UI, an *analysisScreen) *dashboard {
	return &dashboard{u: u, an: an, loaded: make(chan struct{}, 1)}
}

// content builds the screen on first show and reads the figures again on
// every show.
func (d *dashboard) content() fyne.CanvasObject {
	if d.root == nil {
		d.build()
	}
	d.reload()
	return d.root
}

func (d *dashboard) build() {
	d.month, d.follow, d.complaints = bigNumber(), bigNumber(), bigNumber()
	d.monthSub, d.followSub, d.complSub = small(""), small(""), small("")
	d.anomalies = widget.NewLabel("")
	d.anomalies.Truncation = fyne.TextTruncateEllipsis
	d.tiers = newChartView(i18n.L("No sales in this period."))
	d.tiers.bars = true
	d.curve = newChartView(i18n.L("No sales in this period."))
	d.tiers.min, d.curve.min = fyne.NewSize(300, 150), fyne.NewSize(300, 150)
	d.problem = widget.NewLabel("")
	d.problem.Importance = widget.DangerImportance
	d.problem.Hide()

	open := func(title string) func() { return func() { d.u.showScreen(title) } }
	monthT := newTile("This month against the same month last year", container.NewVBox(d.month, d.monthSub), open("Sales"))
	followT := newTile("Overdue follow-ups", container.NewVBox(d.follow, d.followSub), open("Customers"))
	complT := newTile("Open and overdue complaints", container.NewVBox(d.complaints, d.complSub), open("Complaints"))
	tierT := newTile("Revenue by tier, this year", d.tiers, func() { d.an.open(tabTiers) })
	anomT := newTile("Anomalies: revenue at risk", d.anomalies, func() { d.an.open(tabAnomalies) })
	curveT := newTile("Sales curve", d.curve, open("Sales"))

	d.tiles = map[string]*tile{}
	for _, t := range []*tile{monthT, followT, complT, tierT, anomT, curveT} {
		d.tiles[t.key] = t
	}
	figures := []fyne.CanvasObject{monthT.root, followT.root, complT.root}
	d.actions = bigNumber()
	actT := newTile("Overdue actions", container.NewVBox(d.actions, small(i18n.L("Key-account actions past their due date."))), func() {
		d.u.showScreen("Key accounts")
	})
	d.tiles[actT.key] = actT
	figures = append(figures, actT.root)
	top := container.NewGridWithColumns(len(figures), figures...)
	// The tier chart takes what the anomaly list (a title and six lines)
	// leaves of the right column.
	right := container.NewBorder(nil, anomT.root, nil, nil, tierT.root)
	lower := container.NewHSplit(curveT.root, right)
	lower.Offset = 0.62
	heading := widget.NewLabelWithStyle(i18n.L("Home"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.root = container.NewBorder(container.NewVBox(heading, d.problem, top), nil, nil, nil, lower)
}

// reload reads the figures in the background and shows them.
func (d *dashboard) reload() {
	svc := d.u.svc
	loads.Add(1)
	go func() {
		defer loads.Done()
		r, err := analysis.LoadDashboard(analysisOf(svc))
		onUI(func() { d.show(r, err) })
	}()
}

func (d *dashboard) show(r *analysis.Dashboard, err error) {
	defer func() {
		select {
		case d.loaded <- struct{}{}:
		default:
		}
	}()
	if err != nil {
		d.problem.SetText(err.Error())
		d.problem.Show()
		return
	}
	d.problem.Hide()
	d.data = r
	ch := "—"
	if r.ChangeOK {
		ch = signed(r.Change)
	}
	setBig(d.month, model.GroupMoney(r.ThisMonth.Amount)+" "+i18n.L("CNY"), false)
	d.monthSub.SetText(i18n.L("{{.Month}} so far, {{.Orders}} orders; {{.Before}}: {{.Last}} CNY ({{.Change}})", map[string]any{
		"Month": r.Month, "Orders": groupCount(r.ThisMonth.Orders), "Before": r.LastYear.Period,
		"Last": model.GroupMoney(r.LastYear.Amount), "Change": ch}))
	setBig(d.follow, strconv.Itoa(r.OverdueFollowUps), r.OverdueFollowUps > 0)
	d.followSub.SetText(i18n.L("Follow-ups whose date has passed."))
	if d.actions != nil {
		setBig(d.actions, strconv.Itoa(r.OverdueActions), r.OverdueActions > 0)
	}
	setBig(d.complaints, fmt.Sprintf("%d / %d", r.OpenComplaints, r.OverdueComplaints), r.OverdueComplaints > 0)
	d.complSub.SetText(i18n.L("{{.Open}} open, {{.Late}} past their target", map[string]any{"Open": r.OpenComplaints, "Late": r.OverdueComplaints}))
	d.showAnomalies(r)

	var bars []chart.Point
	for _, t := range r.ByTier {
		label := i18n.Enum("tier", t.Value)
		if t.Value == "" {
			label = i18n.L("No tier")
		}
		bars = append(bars, chart.Point{Label: label, Value: t.Amount})
	}
	d.tiers.set([]chart.Series{{Name: "Revenue", Points: bars}}, chart.Options{})
	var last []reports.Point
	for _, p := range r.CurvePrev {
		if p.Amount != 0 {
			last = r.CurvePrev
			break
		}
	}
	if len(r.Curve) > 0 {
		d.curve.set(reports.CurveSeries(r.Curve, last), chart.Options{Subtitle: r.Curve[0].Period + " — " + r.Curve[len(r.Curve)-1].Period})
	}
}

// showAnomalies lists the top five customers by revenue at risk.
func (d *dashboard) showAnomalies(r *analysis.Dashboard) {
	if len(r.Anomalies) == 0 {
		d.anomalies.SetText(i18n.L("No customer departs from its usual revenue."))
		return
	}
	var b strings.Builder
	b.WriteString(i18n.L("{{.N}} customers, {{.Amount}} CNY a year at risk", map[string]any{"N": r.AnomalyCount, "Amount": model.GroupMoney(r.AtRisk)}))
	for i, a := range r.Anomalies {
		if i == 5 {
			break
		}
		b.WriteString("\n" + a.Name + "  " + anomalyKind(a.Kind) + "  " + model.GroupMoney(a.AtRisk) + " " + i18n.L("CNY"))
	}
	d.anomalies.SetText(b.String())
}

// signed writes a change as "+12.3%" or "-4.0%".
func signed(f float64) string {
	if f >= 0 {
		return "+" + chart.Percent(f)
	}
	return chart.Percent(f)
}
