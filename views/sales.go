package views

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
)

// salesScreen is the sales curve: by month, quarter or year over a period,
// filtered by customer, tier, region and product together, with last year beside
// it; the chart above, its numbers in a table below, and the exports for
// meetings.
type salesScreen struct {
	u    *UI
	root fyne.CanvasObject

	by       *widget.Select
	from, to *keyEntry
	compare  *widget.Check
	customer *suggestEntry
	tier     *widget.Select
	region   *widget.Select
	product  *widget.Select
	totals   *widget.Label
	point    *widget.Label
	problem  *widget.Label
	chart    *chartView
	hover    *chartHover // the chart with its tip under the pointer
	table    *widget.Table
	records  *saleRecords       // the 销售记录 tab: the sales themselves
	tabs     *container.AppTabs // the curve, the records

	q         reports.SalesQuery
	customers map[string]string // the customer entry's names → ids
	regions   []string
	products  []string
	quiet     bool // set while controls change programmatically: no reload
	cur, prev []reports.Point
}

// salesBy are the granularities in the order the drop-down lists them.
var salesBy = []struct{ code, label string }{
	{reports.ByMonth, "By month"}, {reports.ByQuarter, "By quarter"}, {reports.ByYear, "By year"},
}

func newSalesScreen(u *UI) *salesScreen {
	return &salesScreen{u: u}
}

// content builds the screen on first show and reads the curve again on
// every show, so sales recorded elsewhere appear.
func (s *salesScreen) content() fyne.CanvasObject {
	if s.root == nil {
		s.build()
	} else {
		s.refreshChoices()
		s.reload()
	}
	return s.root
}

func (s *salesScreen) build() {
	labels := make([]string, len(salesBy))
	for i, b := range salesBy {
		labels[i] = i18n.L(b.label)
	}
	s.by = widget.NewSelect(labels, func(string) {
		s.q.By = salesBy[max(0, s.by.SelectedIndex())].code
		s.reload()
	})
	s.from, s.to = newEntry(), newEntry()
	for _, e := range []*keyEntry{s.from, s.to} {
		e.SetPlaceHolder("2025-01")
		e.OnChanged = func(string) { s.periodChanged() }
	}
	s.compare = widget.NewCheck(i18n.L("Compare with last year"), nil)
	s.compare.SetChecked(true)
	s.compare.OnChanged = func(bool) { s.draw() }

	s.customer = newSuggestEntry()
	s.customer.SetPlaceHolder(i18n.L("Customer: type to search"))
	s.customer.check = s.checkCustomer // red once left with no match
	s.customer.OnChanged = s.customerChanged
	s.tier = enumSelect("tier", model.Tiers, i18n.L("All tiers"), func(code string) { s.filter("tier", code) })
	s.region = widget.NewSelect(nil, func(string) { s.filter("region", pick(s.region, s.regions)) })
	s.region.PlaceHolder = i18n.L("All regions")
	s.product = widget.NewSelect(nil, func(string) { s.filter("product", pick(s.product, s.products)) })
	s.product.PlaceHolder = i18n.L("All products")

	exportBtn := widget.NewButtonWithIcon(i18n.L("Export chart…"), theme.DocumentSaveIcon(), s.exportChart)
	meetingBtn := widget.NewButtonWithIcon(i18n.L("Meeting report…"), theme.DocumentPrintIcon(), s.meetingReport)
	meetingBtn.Importance = widget.HighImportance

	s.totals = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.point = widget.NewLabel(i18n.L("Point at the curve or click a row to see its figures."))
	s.point.Truncation = fyne.TextTruncateEllipsis
	s.problem = widget.NewLabel("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()
	s.chart = newChartView(i18n.L("No sales in this period."))
	s.table = newSalesTable(s)
	s.hover = newChartHover(s.chart, s.tip)
	s.hover.onPick = func(j int) {
		s.table.Select(widget.TableCellID{Row: j, Col: 0})
		s.table.ScrollTo(widget.TableCellID{Row: j, Col: 0})
	}

	// Two rows of about 700 px each in English, so the screen fits a
	// 1366×768 laptop at 125% (TestEveryScreenFits): the period and the
	// buttons above, the filters below.
	row1 := container.NewHBox(s.by, widget.NewLabel(i18n.L("Months from")), sized(s.from, 90), widget.NewLabel(i18n.L("through")), sized(s.to, 90),
		layout.NewSpacer(), exportBtn, meetingBtn)
	row2 := container.NewBorder(nil, nil, nil, container.NewHBox(s.tier, s.region, s.product, s.compare), s.customer)
	top := container.NewVBox(row1, row2, s.problem)
	info := container.NewVBox(s.totals, s.point)
	lower := container.NewBorder(info, nil, nil, nil, s.table)
	split := container.NewVSplit(s.hover, lower)
	split.Offset = 0.58
	s.records = newSaleRecords(s)
	recordsTab := container.NewTabItem(i18n.L("Sales records"), s.records.root)
	s.tabs = container.NewAppTabs(container.NewTabItem(i18n.L("Sales curve"), split), recordsTab)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == recordsTab {
			s.records.reload()
		}
	}
	s.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, s.tabs)

	// Default: the last two years by month.
	first, last, err := s.u.svc.Reports.MeetingRange("", "", time.Time{})
	if err == nil {
		t, _ := time.Parse("2006-01", last)
		first = t.AddDate(0, -23, 0).Format("2006-01")
	}
	s.quiet = true
	s.by.SetSelectedIndex(0)
	s.from.SetText(first)
	s.to.SetText(last)
	s.quiet = false
	s.q = reports.SalesQuery{By: reports.ByMonth, From: first, To: last}
	s.refreshChoices()
	s.reload()
}

// sized gives a widget a fixed width in an HBox.
func sized(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

// atLeast lays o out at its size but asks for w at the least, so a window
// made narrow squeezes its neighbours first (the search box shrank to
// 35 px).
func atLeast(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	return container.New(atLeastLayout(w), o)
}

type atLeastLayout float32

func (l atLeastLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l atLeastLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := fyne.NewSize(float32(l), 0)
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

// pick is the value a filter drop-down selects: "" for its "all" entry.
func pick(sel *widget.Select, values []string) string {
	if i := sel.SelectedIndex(); i > 0 && i <= len(values) {
		return values[i-1]
	}
	return ""
}

// refreshChoices fills the region and product drop-downs with the values
// the sales have.
func (s *salesScreen) refreshChoices() {
	values := func(dim string) []string {
		tot, err := s.u.svc.Reports.Breakdown(dim, "", "")
		if err != nil {
			return nil
		}
		var out []string
		for _, t := range tot {
			if t.Value != "" {
				out = append(out, t.Value)
			}
		}
		slices.Sort(out)
		return out
	}
	s.regions, s.products = values(model.DimRegion), values(model.DimProduct)
	s.region.Options = append([]string{i18n.L("All regions")}, s.regions...)
	s.product.Options = append([]string{i18n.L("All products")}, s.products...)
}

// periodChanged reloads once both periods read as periods (or are empty).
func (s *salesScreen) periodChanged() {
	if s.quiet {
		return
	}
	var p [2]string
	for i, e := range []*keyEntry{s.from, s.to} {
		var err error
		if p[i], err = s.u.normPeriod(e.Text); err != nil {
			s.showProblem(err.Error())
			return
		}
	}
	s.q.From, s.q.To = p[0], p[1]
	s.reload()
}

// customerChanged offers matching customers while typing and filters by
// one once its name is complete.
func (s *salesScreen) customerChanged(text string) {
	if s.quiet {
		return
	}
	text = strings.TrimSpace(text)
	if id, ok := s.customers[text]; ok {
		s.filter("customer", id)
		return
	}
	if text == "" {
		s.customer.SetOptions(nil)
		if s.q.CustomerID != "" {
			s.filter("customer", "")
		}
		return
	}
	rows, _, err := s.u.svc.Customers.List(customers.Query{Search: text, Sort: "revenue", Desc: true, Limit: 12})
	if err != nil {
		return
	}
	s.customers = map[string]string{}
	names := make([]string, 0, len(rows))
	for _, r := range rows {
		if _, dup := s.customers[r.Name]; !dup {
			s.customers[r.Name] = r.ID
			names = append(names, r.Name)
		}
	}
	s.customer.SetOptions(names)
}

// checkCustomer refuses a text that names no customer; blank is every one.
func (s *salesScreen) checkCustomer(text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	if _, ok := s.customers[text]; ok {
		return nil
	}
	if _, err := s.u.svc.Customers.Resolve(text); err == nil {
		return nil
	}
	return errors.New(i18n.L("No customer is called {{.Name}}: pick one from the list.", map[string]any{"Name": text}))
}

// filter sets one filter; filters combine (all must hold), so the others
// stay as they are.
func (s *salesScreen) filter(kind, value string) {
	if s.quiet {
		return
	}
	switch kind {
	case "customer":
		s.q.CustomerID = value
	case "tier":
		s.q.Tier = value
	case "region":
		s.q.Region = value
	case "product":
		s.q.Product = value
	}
	s.reload()
}

// reload reads the curve and last year's from the rollups (milliseconds),
// then fills the table and redraws the chart in the background.
func (s *salesScreen) reload() {
	if s.quiet || s.root == nil {
		return
	}
	cur, prev, err := s.u.svc.Reports.YoY(s.q)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, reports.ErrBadPeriod) {
			msg = i18n.L("{{.Value}} is not a period: use 2024-01, 2024-Q1 or 2024.", map[string]any{"Value": s.q.From + " " + s.q.To})
		}
		s.showProblem(msg)
		return
	}
	s.problem.Hide()
	s.cur, s.prev = cur, prev
	var rev, orders, before int64
	for i, p := range cur {
		rev += p.Amount
		orders += p.Orders
		before += prev[i].Amount
	}
	s.totals.SetText(i18n.L("Revenue {{.Amount}} CNY · {{.Orders}} orders · versus last year {{.Change}}",
		map[string]any{"Amount": model.GroupMoney(rev), "Orders": groupCount(orders), "Change": change(rev, before)}))
	s.table.UnselectAll()
	s.point.SetText(i18n.L("Point at the curve or click a row to see its figures."))
	s.table.Refresh()
	s.draw()
	if s.tabs != nil && s.tabs.SelectedIndex() == 1 {
		s.records.reload()
	}
}

// draw hands the curve (with last year's if asked) to the chart.
func (s *salesScreen) draw() {
	if len(s.cur) == 0 {
		s.chart.set(nil, chart.Options{})
		return
	}
	var prev []reports.Point
	if s.compare.Checked {
		prev = s.prev
	}
	s.chart.set(reports.CurveSeries(s.cur, prev), chart.Options{Title: i18n.L("Sales curve"), Subtitle: s.subtitle()})
}

// subtitle names the range and the filters.
func (s *salesScreen) subtitle() string {
	sub := s.cur[0].Period
	if len(s.cur) > 1 {
		sub += " — " + s.cur[len(s.cur)-1].Period
	}
	if f := s.u.svc.Reports.FilterText(s.q); f != "" {
		sub += "    " + f
	}
	return sub
}

func (s *salesScreen) showProblem(msg string) {
	s.problem.SetText(msg)
	s.problem.Show()
}

// showPoint says what one period of the curve holds.
func (s *salesScreen) showPoint(i int) {
	if i < 0 || i >= len(s.cur) {
		return
	}
	p, q := s.cur[i], s.prev[i]
	s.point.SetText(i18n.L("{{.Period}}: {{.Amount}} CNY in {{.Orders}} orders; a year earlier ({{.Before}}) {{.Last}} CNY, {{.Change}}",
		map[string]any{"Period": p.Period, "Amount": model.GroupMoney(p.Amount), "Orders": groupCount(p.Orders),
			"Before": q.Period, "Last": lastAmount(q), "Change": change(p.Amount, q.Amount)}))
}

// change is the growth over last year: "+12.3%", or "—" without last year.
func change(now, before int64) string {
	if before <= 0 {
		return "—"
	}
	d := float64(now-before) / float64(before)
	if d >= 0 {
		return "+" + chart.Percent(d)
	}
	return chart.Percent(d)
}

// lastAmount is a year-earlier figure: "—" before the data start (None).
func lastAmount(p reports.Point) string {
	if p.None {
		return "—"
	}
	return model.GroupMoney(p.Amount)
}

// groupCount writes a count with thousands separators.
func groupCount(n int64) string {
	m := model.GroupMoney(n * 100)
	return m[:len(m)-3]
}

// salesColumns are the table's columns under the chart.
var salesColumns = []struct {
	title string
	width float32
	right bool
	value func(cur, prev reports.Point) string
}{
	{"Period", 110, false, func(c, _ reports.Point) string { return c.Period }},
	{"Amount (CNY)", 170, true, func(c, _ reports.Point) string { return model.GroupMoney(c.Amount) }},
	{"Orders", 90, true, func(c, _ reports.Point) string { return groupCount(c.Orders) }},
	{"Last year (CNY)", 170, true, func(_, p reports.Point) string { return lastAmount(p) }},
	{"Versus last year", 100, true, func(c, p reports.Point) string { return change(c.Amount, p.Amount) }},
}

func newSalesTable(s *salesScreen) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(s.cur), len(salesColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("0,000,000,000.00") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(s.cur) || id.Row >= len(s.prev) {
				l.SetText("")
				return
			}
			c := salesColumns[id.Col]
			l.Alignment = fyne.TextAlignLeading
			if c.right {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.SetText(c.value(s.cur[id.Row], s.prev[id.Row]))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col < 0 || id.Col >= len(salesColumns) {
			l.SetText("")
			return
		}
		c := salesColumns[id.Col]
		l.Alignment = fyne.TextAlignLeading
		if c.right {
			l.Alignment = fyne.TextAlignTrailing
		}
		l.SetText(i18n.L(c.title))
	}
	widths := make([]float32, len(salesColumns))
	for i, c := range salesColumns {
		widths[i] = c.width
	}
	setColumnWidths(t, widths)
	t.OnSelected = func(id widget.TableCellID) { s.showPoint(id.Row) }
	return t
}

func (s *salesScreen) showError(err error) { showError(err, s.u.win) }
