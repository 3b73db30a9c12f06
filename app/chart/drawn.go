package chart

import (
	"image"
	"io"
	"math"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Drawn says where a chart put its points, in units of Options.Width
// and Height (the image's pixels divided by Options.Scale), so a window can
// tell which point the pointer is on without guessing go-chart's layout.
type Drawn struct {
	Points [][]image.Point // per series, per point: the marker's centre
	Plot   image.Rectangle // the plot area inside the axes
	none   [][]bool        // per series, per point: drawn without a value (Point.None)
}

// Shown says whether point j of series i was drawn: false for a point with
// no value (Point.None) and for one that is not there at all.
func (d Drawn) Shown(i, j int) bool {
	if i < 0 || j < 0 || i >= len(d.Points) || j >= len(d.Points[i]) {
		return false
	}
	return i >= len(d.none) || j >= len(d.none[i]) || !d.none[i][j]
}

// LineDrawn draws like Line and returns where the points went.
func LineDrawn(w io.Writer, format Format, s []Series, o Options) (Drawn, error) {
	return drawnWith(w, format, s, o, false)
}

// BarDrawn draws like Bar and returns where the bars end (the middle of
// each bar's top, or bottom below zero).
func BarDrawn(w io.Writer, format Format, s []Series, o Options) (Drawn, error) {
	return drawnWith(w, format, s, o, true)
}

func drawnWith(w io.Writer, format Format, s []Series, o Options, bars bool) (Drawn, error) {
	var d Drawn
	err := renderWith(w, format, s, o, bars, func(c *gochart.Chart) {
		if len(c.Series) > 0 {
			if ds, ok := c.Series[0].(*drawSeries); ok {
				ds.p.drawn = &d
			}
		}
	})
	return d, err
}

// record notes where series i drew its points (called from Render).
func (p *plot) record(i int, cb gochart.Box, pts []image.Point) {
	if p.drawn == nil {
		return
	}
	for len(p.drawn.Points) <= i {
		p.drawn.Points = append(p.drawn.Points, nil)
	}
	p.drawn.Points[i] = pts
	p.drawn.Plot = image.Rect(cb.Left, cb.Top, cb.Right, cb.Bottom)
}

// recordNone notes which points of series i have no value.
func (p *plot) recordNone(i int, none []bool) {
	if p.drawn == nil {
		return
	}
	for len(p.drawn.none) <= i {
		p.drawn.none = append(p.drawn.none, nil)
	}
	p.drawn.none[i] = none
}

// scaled draws a chart laid out in units at scale× the pixels, so text and
// lines are drawn sharp on a HiDPI screen instead of being magnified: go-chart
// lays out in units, and every coordinate, width and font size is multiplied
// on the way to the real renderer (and measurements divided on the way back).
type scaled struct {
	r gochart.Renderer
	k float64
}

func scaledProvider(k float64) gochart.RendererProvider {
	return func(w, h int) (gochart.Renderer, error) {
		r, err := gochart.PNG(int(math.Round(float64(w)*k)), int(math.Round(float64(h)*k)))
		return &scaled{r: r, k: k}, err
	}
}

func (s *scaled) i(v int) int           { return int(math.Round(float64(v) * s.k)) }
func (s *scaled) ResetStyle()           { s.r.ResetStyle() }
func (s *scaled) GetDPI() float64       { return s.r.GetDPI() }
func (s *scaled) SetDPI(dpi float64)    { s.r.SetDPI(dpi) }
func (s *scaled) SetClassName(n string) { s.r.SetClassName(n) }
func (s *scaled) SetStrokeColor(c drawing.Color) {
	s.r.SetStrokeColor(c)
}
func (s *scaled) SetFillColor(c drawing.Color) { s.r.SetFillColor(c) }
func (s *scaled) SetStrokeWidth(w float64)     { s.r.SetStrokeWidth(w * s.k) }
func (s *scaled) SetStrokeDashArray(d []float64) {
	if d == nil {
		s.r.SetStrokeDashArray(nil)
		return
	}
	out := make([]float64, len(d))
	for i, v := range d {
		out[i] = v * s.k
	}
	s.r.SetStrokeDashArray(out)
}
func (s *scaled) MoveTo(x, y int) { s.r.MoveTo(s.i(x), s.i(y)) }
func (s *scaled) LineTo(x, y int) { s.r.LineTo(s.i(x), s.i(y)) }
func (s *scaled) QuadCurveTo(cx, cy, x, y int) {
	s.r.QuadCurveTo(s.i(cx), s.i(cy), s.i(x), s.i(y))
}
func (s *scaled) ArcTo(cx, cy int, rx, ry, start, delta float64) {
	s.r.ArcTo(s.i(cx), s.i(cy), rx*s.k, ry*s.k, start, delta)
}
func (s *scaled) Close()                          { s.r.Close() }
func (s *scaled) Stroke()                         { s.r.Stroke() }
func (s *scaled) Fill()                           { s.r.Fill() }
func (s *scaled) FillStroke()                     { s.r.FillStroke() }
func (s *scaled) Circle(rad float64, x, y int)    { s.r.Circle(rad*s.k, s.i(x), s.i(y)) }
func (s *scaled) SetFont(f *truetype.Font)        { s.r.SetFont(f) }
func (s *scaled) SetFontColor(c drawing.Color)    { s.r.SetFontColor(c) }
func (s *scaled) SetFontSize(size float64)        { s.r.SetFontSize(size * s.k) }
func (s *scaled) Text(body string, x, y int)      { s.r.Text(body, s.i(x), s.i(y)) }
func (s *scaled) SetTextRotation(radians float64) { s.r.SetTextRotation(radians) }
func (s *scaled) ClearTextRotation()              { s.r.ClearTextRotation() }
func (s *scaled) Save(w io.Writer) error          { return s.r.Save(w) }

func (s *scaled) MeasureText(body string) gochart.Box {
	b := s.r.MeasureText(body)
	d := func(v int) int {
		if v == math.MinInt || v == math.MaxInt {
			return v // go-chart's "nothing measured" (empty text) passes as is
		}
		return int(math.Round(float64(v) / s.k))
	}
	return gochart.Box{Top: d(b.Top), Left: d(b.Left), Right: d(b.Right), Bottom: d(b.Bottom), IsSet: b.IsSet}
}
