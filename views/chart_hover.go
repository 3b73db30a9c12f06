package views

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartHover puts a chartView under the pointer: moving over the curve (or
// tapping it, on a touch screen or with a click) rings the nearest period's
// points and shows a tip with its figures; leaving, Esc or a new picture
// hides it. It finds the points where app/chart says it drew them, so the
// tip sits on the marker at any size and scale.
type chartHover struct {
	widget.BaseWidget
	v *chartView

	text   func(j int) string // the tip of period j; "" shows none
	onPick func(j int)        // after a tap on period j

	tip   *widget.Label
	back  *canvas.Rectangle
	rings []*canvas.Circle
	shown int // the period the tip is for, -1 when hidden
}

func newChartHover(v *chartView, text func(j int) string) *chartHover {
	h := &chartHover{v: v, text: text, tip: widget.NewLabel(""), shown: -1}
	h.back = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	h.back.StrokeColor = theme.Color(theme.ColorNameSeparator)
	h.back.StrokeWidth = 1
	h.back.CornerRadius = theme.InputRadiusSize()
	for range 2 {
		r := canvas.NewCircle(color.Transparent)
		r.StrokeColor = ringColor
		r.StrokeWidth = 2
		h.rings = append(h.rings, r)
	}
	v.onDraw = h.hide // a new picture moves the points
	h.ExtendBaseWidget(h)
	h.hide()
	return h
}

func (h *chartHover) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{h.v}
	for _, r := range h.rings {
		objs = append(objs, r)
	}
	return &hoverRenderer{h: h, objs: append(objs, h.back, h.tip)}
}

// nearest is the period whose points are nearest the pointer across, or -1
// when the pointer is not over the plot (half a period's room either side).
func (h *chartHover) nearest(pos fyne.Position) int {
	best, dist := -1, float32(0)
	var first, last fyne.Position
	n := 0
	if len(h.v.points.Points) > 0 {
		n = len(h.v.points.Points[0])
	}
	for j := 0; j < n; j++ {
		p, ok := h.v.at(0, j)
		if !ok {
			return -1
		}
		if j == 0 {
			first = p
		}
		last = p
		if d := abs32(p.X - pos.X); best < 0 || d < dist {
			best, dist = j, d
		}
	}
	if best < 0 {
		return -1
	}
	half := float32(12)
	if n > 1 {
		half = max(half, (last.X-first.X)/float32(n-1)/2)
	}
	plot := h.v.points.Plot
	sz := h.v.Size()
	sy := sz.Height / max(h.v.units.Height, 1)
	const edge = 12 // room above and below the plot: markers at the edges
	top, bottom := float32(plot.Min.Y)*sy-edge, float32(plot.Max.Y)*sy+edge
	if pos.X < first.X-half || pos.X > last.X+half || pos.Y < top || pos.Y > bottom {
		return -1
	}
	return best
}

// show puts the tip of period j beside its marker.
func (h *chartHover) show(j int) {
	text := ""
	if j >= 0 && h.text != nil {
		text = h.text(j)
	}
	p, ok := h.v.at(0, j)
	if !ok || text == "" {
		h.hide()
		return
	}
	h.shown = j
	h.tip.SetText(text)
	for i, r := range h.rings {
		if q, ok := h.v.at(i, j); ok {
			const rad = 7
			r.Move(fyne.NewPos(q.X-rad, q.Y-rad))
			r.Resize(fyne.NewSquareSize(2 * rad))
			r.Show()
		} else {
			r.Hide()
		}
	}
	// The box is a little wider than the label, whose own padding is
	// tight against the last character.
	size, label := h.Size(), h.tip.MinSize()
	extra := theme.InnerPadding() / 2
	box := fyne.NewSize(label.Width+2*extra, label.Height)
	const gap = 14
	x := p.X + gap
	if x+box.Width > size.Width {
		x = max(0, p.X-gap-box.Width)
	}
	y := min(max(0, p.Y-box.Height/2), max(0, size.Height-box.Height))
	h.tip.Move(fyne.NewPos(x+extra, y))
	h.tip.Resize(label)
	h.back.Move(fyne.NewPos(x, y))
	h.back.Resize(box)
	h.back.Show()
	h.tip.Show()
}

// hide takes the tip and the rings away.
func (h *chartHover) hide() {
	h.shown = -1
	h.tip.Hide()
	h.back.Hide()
	for _, r := range h.rings {
		r.Hide()
	}
}

// MouseIn, MouseMoved and MouseOut make the tip follow the pointer.
func (h *chartHover) MouseIn(e *desktop.MouseEvent) { h.MouseMoved(e) }

func (h *chartHover) MouseMoved(e *desktop.MouseEvent) {
	if j := h.nearest(e.Position); j != h.shown {
		h.show(j)
	}
}

func (h *chartHover) MouseOut() { h.hide() }

// Tapped shows the tip of the tapped period (no hover on touch screens) and
// tells the screen, which selects its row in the table.
func (h *chartHover) Tapped(e *fyne.PointEvent) {
	j := h.nearest(e.Position)
	h.show(j)
	if c := fyne.CurrentApp().Driver().CanvasForObject(h); c != nil && j >= 0 {
		c.Focus(h)
	}
	if j >= 0 && h.onPick != nil {
		h.onPick(j)
	}
}

// FocusGained, FocusLost, TypedRune and TypedKey: taps take the focus, so
// Esc reaches the chart and hides the tip.
func (h *chartHover) FocusGained()   {}
func (h *chartHover) FocusLost()     {}
func (h *chartHover) TypedRune(rune) {}
func (h *chartHover) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyEscape {
		h.hide()
	}
}

// ringColor marks the points under the pointer: dark, as the chart is
// drawn on white in either theme.
var ringColor = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}

type hoverRenderer struct {
	h    *chartHover
	objs []fyne.CanvasObject
	size fyne.Size
}

// Layout hides the tip only when the size changes (the picture is drawn
// again): the canvas also lays the chart out when the tip's text changes
// its size.
func (r *hoverRenderer) Layout(size fyne.Size) {
	r.h.v.Resize(size)
	r.h.v.Move(fyne.NewPos(0, 0))
	if size != r.size {
		r.size = size
		r.h.hide()
	}
}

func (r *hoverRenderer) MinSize() fyne.Size { return r.h.v.MinSize() }

func (r *hoverRenderer) Refresh() {
	r.h.back.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	r.h.back.StrokeColor = theme.Color(theme.ColorNameSeparator)
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *hoverRenderer) Destroy()                     {}
func (r *hoverRenderer) Objects() []fyne.CanvasObject { return r.objs }
