package views

import (
	"bytes"
	"image"
	"image/png"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/chart"
)

// chartDebounce is how long a chart waits after the last resize or data
// change before it draws again.
const chartDebounce = 120 * time.Millisecond

// chartView shows a chart drawn by app/chart as a picture the size of the
// widget: drawn again (off the UI goroutine) when the data change or the
// widget is resized, a short while after the last change.
type chartView struct {
	widget.BaseWidget
	img   *canvas.Image
	empty *widget.Label

	series []chart.Series
	opts   chart.Options
	bars   bool      // grouped bars (chart.Bar) instead of lines; set before the first draw
	min    fyne.Size // the smallest it is laid out at; zero for the default
	drawn  fyne.Size // the size last laid out
	scale  float32   // the canvas scale last drawn at

	// where the shown picture has its points, in units of its Options
	// Width and Height (see at); nil Points while nothing is shown
	points chart.Drawn
	units  fyne.Size
	onDraw func() // after a new picture is shown (the hover hides its tip)

	mu      sync.Mutex
	timer   *time.Timer
	pending int // the newest render asked for; older results are dropped

	rendered chan struct{} // testing aid: a value after a picture is set
}

func newChartView(empty string) *chartView {
	v := &chartView{img: canvas.NewImageFromImage(nil), empty: widget.NewLabel(empty), rendered: make(chan struct{}, 1)}
	v.img.FillMode = canvas.ImageFillStretch
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.Hide()
	v.ExtendBaseWidget(v)
	return v
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{v: v}
}

// MinSize keeps the axes and legend readable: 360×220 unless set smaller
// (the home screen's tiles, which must fit a 1366×768 laptop at 125%).
func (v *chartView) MinSize() fyne.Size {
	if v.min.IsZero() {
		return fyne.NewSize(360, 220)
	}
	return v.min
}

// set replaces the data; nil or pointless series show the empty message.
func (v *chartView) set(s []chart.Series, o chart.Options) {
	v.series, v.opts = s, o
	v.schedule()
}

// schedule asks for a picture of the current data at the current size.
func (v *chartView) schedule() {
	size := v.Size()
	if size.Width < 50 || size.Height < 50 || len(v.series) == 0 {
		return
	}
	// Laid out in the widget's units and drawn at the canvas scale, so the
	// picture has one pixel per device pixel: sharp text and lines on HiDPI.
	v.scale = v.canvasScale()
	s, o := v.series, v.opts
	o.Width, o.Height = int(size.Width), int(size.Height)
	o.Scale = float64(v.scale)
	v.mu.Lock()
	v.pending++
	n := v.pending
	if v.timer != nil {
		v.timer.Stop()
	}
	v.timer = time.AfterFunc(chartDebounce, func() { v.render(n, s, o) })
	v.mu.Unlock()
}

// render draws off the UI goroutine and hands the picture over with fyne.Do.
func (v *chartView) render(n int, s []chart.Series, o chart.Options) {
	var b bytes.Buffer
	var img image.Image
	var (
		drawn chart.Drawn // where the points went, for the hover tip
		err   error
	)
	if v.bars {
		drawn, err = chart.BarDrawn(&b, chart.PNG, s, o)
	} else {
		drawn, err = chart.LineDrawn(&b, chart.PNG, s, o)
	}
	if err == nil {
		img, err = png.Decode(&b)
	}
	onUI(func() {
		v.mu.Lock()
		stale := n != v.pending
		v.mu.Unlock()
		if stale {
			return
		}
		if err != nil {
			v.img.Image = nil
			v.points = chart.Drawn{}
			v.empty.Show()
		} else {
			v.img.Image = img
			v.points, v.units = drawn, fyne.NewSize(float32(o.Width), float32(o.Height))
			v.empty.Hide()
		}
		v.img.Refresh()
		if v.onDraw != nil {
			v.onDraw()
		}
		select {
		case v.rendered <- struct{}{}:
		default:
		}
	})
}

// canvasScale is the scale of the canvas the chart is on (1 off-screen).
func (v *chartView) canvasScale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// at is where point j of series i is shown, in the widget's coordinates;
// false for a point not drawn (none there, or no value: chart.Point.None).
func (v *chartView) at(i, j int) (fyne.Position, bool) {
	if !v.points.Shown(i, j) || v.units.Width <= 0 || v.units.Height <= 0 {
		return fyne.Position{}, false
	}
	p, sz := v.points.Points[i][j], v.Size()
	return fyne.NewPos(float32(p.X)*sz.Width/v.units.Width, float32(p.Y)*sz.Height/v.units.Height), true
}

// clear drops the picture and shows the empty message.
func (v *chartView) clear() {
	v.set(nil, chart.Options{})
	v.img.Image = nil
	v.points = chart.Drawn{}
	v.img.Refresh()
	v.empty.Show()
	if v.onDraw != nil {
		v.onDraw()
	}
}

type chartRenderer struct {
	v *chartView
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.v.img.Resize(size)
	r.v.img.Move(fyne.NewPos(0, 0))
	r.v.empty.Resize(size)
	if size != r.v.drawn {
		r.v.drawn = size
		r.v.schedule()
	}
}

func (r *chartRenderer) MinSize() fyne.Size { return r.v.MinSize() }

// Refresh draws again when the canvas scale changed (the window moved to
// another screen, or the user's scale setting): Fyne refreshes the content
// then, while the size in units stays the same.
func (r *chartRenderer) Refresh() {
	if r.v.scale != 0 && r.v.canvasScale() != r.v.scale {
		r.v.schedule()
	}
	r.v.img.Refresh()
	r.v.empty.Refresh()
}
func (r *chartRenderer) Destroy() {}
func (r *chartRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.v.img, r.v.empty}
}
