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
	drawn  fyne.Size // the size last laid out

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

// MinSize keeps the axes and legend readable.
func (v *chartView) MinSize() fyne.Size { return fyne.NewSize(360, 220) }

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
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	// The chart's text is sized in pixels, so it is drawn at the widget's
	// size in device-independent units and scaled by the canvas; below
	// 1.5× that is the pixel size, above it the text would shrink.
	if scale < 1.5 {
		size = fyne.NewSize(size.Width*scale, size.Height*scale)
	}
	s, o := v.series, v.opts
	o.Width, o.Height = int(size.Width), int(size.Height)
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
	draw := chart.Line
	if v.bars {
		draw = chart.Bar
	}
	err := draw(&b, chart.PNG, s, o)
	if err == nil {
		img, err = png.Decode(&b)
	}
	fyne.Do(func() {
		v.mu.Lock()
		stale := n != v.pending
		v.mu.Unlock()
		if stale {
			return
		}
		if err != nil {
			v.img.Image = nil
			v.empty.Show()
		} else {
			v.img.Image = img
			v.empty.Hide()
		}
		v.img.Refresh()
		select {
		case v.rendered <- struct{}{}:
		default:
		}
	})
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
func (r *chartRenderer) Refresh()           { r.v.img.Refresh(); r.v.empty.Refresh() }
func (r *chartRenderer) Destroy()           {}
func (r *chartRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.v.img, r.v.empty}
}
