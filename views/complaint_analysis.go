package views

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

// complaintAnalysis is the complaints screen's analysis tab (投诉原因分析 /
// 服务时限分析): complaints by category and by month as charts drawn with
// app/chart at the widgets' size, and the service times of every complaint
// against the targets with the average satisfaction.
type complaintAnalysis struct {
	u        *UI
	summary  *widget.Label
	export   *widget.Button
	byCat    *complaintChartView
	byMonth  *complaintChartView
	cells    map[string]*widget.Label // "response.avg", "handling.share" …
	sat      *widget.Label
	empty    *widget.Label
	body     *fyne.Container
	root     fyne.CanvasObject
	all      *complaints.Stats
	renders  sync.WaitGroup // charts being drawn in the background
	exported chan error     // for tests: the last chart export's outcome
}

// serviceColumns are the service-time table's columns after the measure.
var serviceColumns = []string{"Measured", "Average", "Median", "Target", "Within target"}

func newComplaintAnalysis(u *UI) *complaintAnalysis {
	a := &complaintAnalysis{u: u, cells: map[string]*widget.Label{}}
	a.summary = widget.NewLabel("")
	a.export = widget.NewButtonWithIcon(i18n.L("Export chart…"), theme.DocumentSaveIcon(), a.chooseExport)
	a.byCat = newComplaintChartView(&a.renders)
	a.byMonth = newComplaintChartView(&a.renders)

	// One VBox per column, side by side: each column as wide as its own
	// widest cell (a grid gives every column the widest of all, which made
	// the English table 1,500 px wide); cells are one line, so rows align.
	cols := make([]*fyne.Container, len(serviceColumns)+1)
	head := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(i18n.L(s), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	cols[0] = container.NewVBox(head("Measure"))
	for i, c := range serviceColumns {
		cols[i+1] = container.NewVBox(head(c))
	}
	for _, m := range []struct{ key, label string }{
		{"response", i18n.L("Response (opened → acknowledged)")},
		{"handling", i18n.L("Handling (opened → resolved)")},
	} {
		cols[0].Add(widget.NewLabel(m.label))
		for i, c := range []string{"n", "avg", "median", "target", "share"} {
			l := widget.NewLabel("")
			a.cells[m.key+"."+c] = l
			cols[i+1].Add(l)
		}
	}
	grid := container.NewHBox()
	for _, c := range cols {
		grid.Add(c)
	}
	a.sat = widget.NewLabel("")
	satRow := container.NewHBox(head("Average satisfaction"), a.sat)
	service := widget.NewCard(i18n.L("Service times"), "", container.NewVBox(grid, satRow))

	charts := container.NewGridWithColumns(2, a.byCat, a.byMonth)
	top := container.NewBorder(nil, nil, nil, a.export, a.summary)
	a.body = container.NewBorder(top, service, nil, nil, charts)
	a.empty = widget.NewLabel(i18n.L("No complaints yet. Record one with New complaint (Ctrl+Shift+K); the analysis appears here."))
	a.empty.Wrapping = fyne.TextWrapWord
	a.empty.Alignment = fyne.TextAlignCenter
	// Not in a Center: a wrapped label there is given no width and asks for
	// a line per character (1,500 px tall).
	a.root = container.NewPadded(container.NewStack(a.body, container.NewVBox(layout.NewSpacer(), a.empty, layout.NewSpacer())))
	return a
}

// reload recomputes the analysis from the store and redraws the charts.
func (a *complaintAnalysis) reload() {
	svc := a.u.svc
	all, err := svc.Reports.ComplaintReport("all")
	if err != nil {
		showError(err, a.u.win)
		return
	}
	a.all = all[0]
	g := a.all
	if g.Count == 0 {
		a.body.Hide()
		a.empty.Show()
		a.byCat.set(nil)
		a.byMonth.set(nil)
		return
	}
	a.empty.Hide()
	a.body.Show()
	a.summary.SetText(i18n.L("{{.N}} complaints, {{.Open}} open, {{.Overdue}} overdue",
		map[string]any{"N": g.Count, "Open": g.Open, "Overdue": g.Overdue}))
	share := func(s float64, ok bool) string {
		if !ok {
			return "—"
		}
		return chart.Percent(s)
	}
	set := func(key string, n int, avg, med, target time.Duration, s float64, ok bool) {
		a.cells[key+".n"].SetText(strconv.Itoa(n))
		a.cells[key+".avg"].SetText(durationLabel(n > 0, avg))
		a.cells[key+".median"].SetText(durationLabel(n > 0, med))
		a.cells[key+".target"].SetText(durationLabel(n > 0, target))
		a.cells[key+".share"].SetText(share(s, ok))
	}
	rs, rok := g.ShareResponseWithinTarget()
	set("response", g.Responded, g.AvgResponse, g.MedianResponse, g.ResponseTarget, rs, rok)
	hs, hok := g.ShareResolvedWithinTarget()
	set("handling", g.Handled, g.AvgHandling, g.MedianHandling, g.HandlingTarget, hs, hok)
	if g.Rated > 0 {
		a.sat.SetText(i18n.L("{{.Avg}} of 5 ({{.N}} ratings)",
			map[string]any{"Avg": strconv.FormatFloat(g.AvgSatisfaction, 'f', 1, 64), "N": g.Rated}))
	} else {
		a.sat.SetText(i18n.L("No ratings yet"))
	}
	a.byCat.set(a.chartOf("category", "count"))
	a.byMonth.set(a.chartOf("month", "count"))
}

// chartOf builds one chart of the analysis; nil when there is nothing to draw.
func (a *complaintAnalysis) chartOf(by, measure string) *complaints.Chart {
	gs, err := a.u.svc.Reports.ComplaintReport(by)
	if err != nil {
		return nil
	}
	ch, err := complaints.ChartOf(gs, by, measure, 10)
	if err != nil {
		return nil
	}
	return ch
}

// exportChoice is a chart the export offers.
type exportChoice struct {
	by, measure string
	chart       *complaints.Chart
}

// choices are the charts that can be exported now, the two on screen first.
func (a *complaintAnalysis) choices() []exportChoice {
	var out []exportChoice
	for _, c := range [][2]string{{"category", "count"}, {"month", "count"}, {"customer", "count"}, {"status", "count"},
		{"category", "response"}, {"category", "handling"}, {"month", "response"}, {"month", "handling"}} {
		if ch := a.chartOf(c[0], c[1]); ch != nil {
			out = append(out, exportChoice{by: c[0], measure: c[1], chart: ch})
		}
	}
	return out
}

// chooseExport asks which chart and which format, then where to save it.
func (a *complaintAnalysis) chooseExport() {
	cs := a.choices()
	if len(cs) == 0 {
		return
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.chart.Options.Title
	}
	which := widget.NewSelect(names, nil)
	which.SetSelectedIndex(0)
	formats := []string{"PNG", "SVG", "PDF"}
	format := widget.NewRadioGroup(formats, nil)
	format.Horizontal = true
	format.SetSelected("PNG")
	form := widget.NewForm(widget.NewFormItem(i18n.L("Chart to export"), which), widget.NewFormItem(i18n.L("Format"), format))
	showCustomConfirm(i18n.L("Export chart"), i18n.L("Save"), i18n.L("Cancel"), form, func(ok bool) {
		if !ok || which.SelectedIndex() < 0 {
			return
		}
		c := cs[which.SelectedIndex()]
		ext := "." + strings.ToLower(format.Selected)
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				showError(err, a.u.win)
				return
			}
			if w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			a.exportTo(c.chart, path)
		}, a.u.win)
		d.SetFileName(c.chart.Options.Title + "_" + a.u.svc.Now().Local().Format("20060102") + ext)
		d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
		ws := a.u.win.Canvas().Size()
		d.Resize(fyne.NewSize(min(ws.Width*0.9, 900), min(ws.Height*0.9, 620)))
		d.Show()
	}, a.u.win)
}

// exportTo draws a chart at the CLI's size into path (its extension gives
// the format; none means PNG) in the background and says how it went.
func (a *complaintAnalysis) exportTo(ch *complaints.Chart, path string) {
	f, err := chart.FormatFromPath(path, "")
	if err != nil {
		f, path = chart.PNG, path+".png"
	}
	done := make(chan error, 1)
	a.exported = done
	c := *ch
	c.Options.Width, c.Options.Height = 1200, 600
	go func() {
		var b bytes.Buffer
		err := c.Draw(&b, f)
		if err == nil {
			err = app.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(b.Bytes()); return err })
		}
		onUI(func() {
			defer func() { done <- err }()
			if err != nil {
				showError(fmt.Errorf("%s", i18n.L("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
					map[string]any{"File": path, "Err": err})), a.u.win)
				return
			}
			a.summary.SetText(i18n.L("Saved {{.File}}.", map[string]any{"File": path}))
		})
	}()
}

// complaintChartView shows a chart drawn by app/chart as a picture of exactly its
// own size: whenever it is resized or given a new chart it draws again in
// the background and shows the result on the UI goroutine.
type complaintChartView struct {
	widget.BaseWidget
	img     *canvas.Image
	ch      *complaints.Chart // UI goroutine only, as are drawn and gen
	drawn   fyne.Size
	gen     int
	renders *sync.WaitGroup
}

func newComplaintChartView(renders *sync.WaitGroup) *complaintChartView {
	v := &complaintChartView{img: canvas.NewImageFromImage(nil), renders: renders}
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.ExtendBaseWidget(v)
	return v
}

// set shows a chart (nil: none) and draws it at the current size.
func (v *complaintChartView) set(ch *complaints.Chart) {
	v.ch = ch
	v.drawn = fyne.Size{}
	if ch == nil {
		v.gen++
		v.img.Image = nil
		v.img.Refresh()
		return
	}
	v.resized(v.Size())
}

// resized draws again when the size changed by a pixel or more.
func (v *complaintChartView) resized(s fyne.Size) {
	if v.ch == nil || s.Width < 1 || s.Height < 1 {
		return
	}
	if abs32(s.Width-v.drawn.Width) < 1 && abs32(s.Height-v.drawn.Height) < 1 {
		return
	}
	v.drawn = s
	v.gen++
	gen := v.gen
	c := *v.ch
	// The chart's text is sized in pixels: drawn at the widget's size in
	// device-independent units and scaled by the canvas; below 1.5× that is
	// the pixel size, above it the text would shrink.
	if cv := fyne.CurrentApp().Driver().CanvasForObject(v); cv != nil && cv.Scale() < 1.5 {
		s = fyne.NewSize(s.Width*cv.Scale(), s.Height*cv.Scale())
	}
	c.Options.Width, c.Options.Height = max(int(s.Width), 360), max(int(s.Height), 240)
	v.renders.Add(1)
	go func() {
		var img image.Image
		var b bytes.Buffer
		if err := c.Draw(&b, chart.PNG); err == nil {
			img, _ = png.Decode(&b)
		}
		onUI(func() {
			defer v.renders.Done()
			if gen != v.gen || img == nil {
				return // a newer drawing is on its way
			}
			v.img.Image = img
			v.img.Refresh()
		})
	}()
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

func (v *complaintChartView) MinSize() fyne.Size { return fyne.NewSize(240, 160) }

func (v *complaintChartView) CreateRenderer() fyne.WidgetRenderer {
	return &complaintChartRenderer{v: v}
}

type complaintChartRenderer struct{ v *complaintChartView }

func (r *complaintChartRenderer) Layout(s fyne.Size) {
	r.v.img.Resize(s)
	r.v.resized(s)
}
func (r *complaintChartRenderer) MinSize() fyne.Size           { return r.v.MinSize() }
func (r *complaintChartRenderer) Refresh()                     { r.v.img.Refresh() }
func (r *complaintChartRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.img} }
func (r *complaintChartRenderer) Destroy()                     {}
