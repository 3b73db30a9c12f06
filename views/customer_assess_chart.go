package views

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// pictureView shows a picture drawn by a function of its size (the radar,
// a score trend): drawn again off the UI goroutine when the data change or
// the widget is resized, a short while after the last change, like
// chartView does for the sales curves.
type pictureView struct {
	widget.BaseWidget
	img   *canvas.Image
	empty *widget.Label
	min   fyne.Size

	draw  func(w io.Writer, width, height int) error // nil: show the empty text
	drawn fyne.Size

	mu       sync.Mutex
	timer    *time.Timer
	pending  int
	rendered chan struct{} // testing aid: a value after a picture is set
}

func newPictureView(empty string, min fyne.Size) *pictureView {
	v := &pictureView{img: canvas.NewImageFromImage(nil), empty: widget.NewLabel(empty), min: min, rendered: make(chan struct{}, 1)}
	v.img.FillMode = canvas.ImageFillStretch
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.Wrapping = fyne.TextWrapWord
	v.ExtendBaseWidget(v)
	return v
}

func (v *pictureView) CreateRenderer() fyne.WidgetRenderer { return &pictureRenderer{v: v} }

func (v *pictureView) MinSize() fyne.Size { return v.min }

// set replaces the drawing function; nil shows the empty text.
func (v *pictureView) set(draw func(w io.Writer, width, height int) error) {
	v.draw = draw
	if draw == nil {
		v.img.Image = nil
		v.img.Refresh()
		v.empty.Show()
		return
	}
	v.schedule()
}

func (v *pictureView) schedule() {
	size := v.Size()
	if size.Width < 50 || size.Height < 50 || v.draw == nil {
		return
	}
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	if scale < 1.5 {
		size = fyne.NewSize(size.Width*scale, size.Height*scale)
	}
	draw, w, h := v.draw, int(size.Width), int(size.Height)
	v.mu.Lock()
	v.pending++
	n := v.pending
	if v.timer != nil {
		v.timer.Stop()
	}
	v.timer = time.AfterFunc(chartDebounce, func() { v.render(n, draw, w, h) })
	v.mu.Unlock()
}

func (v *pictureView) render(n int, draw func(io.Writer, int, int) error, w, h int) {
	var b bytes.Buffer
	var img image.Image
	err := draw(&b, w, h)
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

type pictureRenderer struct{ v *pictureView }

func (r *pictureRenderer) Layout(size fyne.Size) {
	r.v.img.Resize(size)
	r.v.img.Move(fyne.NewPos(0, 0))
	r.v.empty.Resize(size)
	if size != r.v.drawn {
		r.v.drawn = size
		r.v.schedule()
	}
}

func (r *pictureRenderer) MinSize() fyne.Size { return r.v.MinSize() }
func (r *pictureRenderer) Refresh()           { r.v.img.Refresh(); r.v.empty.Refresh() }
func (r *pictureRenderer) Destroy()           {}
func (r *pictureRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.v.img, r.v.empty}
}
