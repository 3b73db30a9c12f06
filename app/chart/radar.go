package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/kehu-crm/kehu/app/i18n"
)

// ScoreMax is the top of the relationship and satisfaction scales (1–5).
const ScoreMax = 5

// RadarSeries is one polygon of a radar chart: a score per axis, 0–ScoreMax
// (0 draws at the centre). Name goes through i18n.L.
type RadarSeries struct {
	Name   string
	Values []float64
}

// radarFill is the latest assessment's area: a solid light tint, because
// the PDF renderer has no transparency; earlier series are outlines on top.
var radarFill = drawing.ColorFromHex("C9D8F0")

// Radar draws a radar (spider) chart: one spoke per axis label, rings at
// 1…ScoreMax, the first series filled and outlined, later ones (an earlier
// assessment) as outlines in their own dash and marker. A label may hold a
// second line after "\n" (the score). go-chart has no radar, so it is drawn
// with the same renderers, font and looks as the other charts.
func Radar(w io.Writer, format Format, axes []string, s []RadarSeries, o Options) error {
	if len(axes) < 3 || len(s) == 0 {
		return ErrNoData
	}
	for _, se := range s {
		if len(se.Values) != len(axes) {
			return fmt.Errorf("radar series %q: %d values for %d axes", se.Name, len(se.Values), len(axes))
		}
	}
	o = o.withDefaults()
	return drawTo(w, format, o, func(r gochart.Renderer) { drawRadar(r, axes, s, o) })
}

// drawTo renders one picture drawn by draw in the format: PNG and SVG
// through go-chart's renderers, PDF onto an A4 landscape page as vectors.
func drawTo(w io.Writer, format Format, o Options, draw func(r gochart.Renderer)) error {
	if _, err := Font(); err != nil {
		return err
	}
	switch format {
	case PNG:
		r, err := gochart.PNG(o.Width, o.Height)
		if err != nil {
			return err
		}
		r.SetDPI(gochart.DefaultDPI)
		draw(r)
		return r.Save(w)
	case SVG:
		r, err := svgProvider(o.Width, o.Height)
		if err != nil {
			return err
		}
		r.SetDPI(gochart.DefaultDPI)
		draw(r)
		var buf bytes.Buffer
		if err := r.Save(&buf); err != nil {
			return err
		}
		_, err = w.Write(fixSVG(buf.Bytes(), o))
		return err
	case PDF:
		pdf := newPDF(o.Lang, o.Title)
		pdf.AddPage()
		const margin = 12.0
		pw, ph := pdf.GetPageSize()
		k := math.Min((pw-2*margin)/float64(o.Width), (ph-2*margin)/float64(o.Height))
		r := &pdfRenderer{pdf: pdf, ox: (pw - k*float64(o.Width)) / 2, oy: (ph - k*float64(o.Height)) / 2, k: k, dpi: gochart.DefaultDPI}
		draw(r)
		if err := pdf.Error(); err != nil {
			return err
		}
		return pdf.Output(w)
	}
	return fmt.Errorf("%w %q: use png, svg or pdf", ErrFormat, string(format))
}

// frame paints the background and the title and subtitle, and returns the
// y where the content may start.
func frame(r gochart.Renderer, o Options) int {
	fill(r, gochart.Box{Left: 0, Top: 0, Right: o.Width, Bottom: o.Height}, white, white)
	f, _ := Font()
	r.SetFont(f)
	top := padT
	if o.Title != "" {
		top += px(titleSize)
		r.SetFontSize(titleSize)
		r.SetFontColor(textColor)
		r.Text(o.Title, padL, top)
		top += headerGap
	}
	if o.Subtitle != "" {
		top += px(subSize)
		r.SetFontSize(subSize)
		r.SetFontColor(mutedColor)
		r.Text(o.Subtitle, padL, top)
		top += headerGap
	}
	return top
}

// legendRow draws the series names with their line samples, right-aligned
// ending at right with the baseline at y; it returns its width.
func legendRow(r gochart.Renderer, names []string, right, y int) int {
	f, _ := Font()
	r.SetFont(f)
	r.SetFontSize(legendSize)
	total := 0
	widths := make([]int, len(names))
	for i, n := range names {
		widths[i] = r.MeasureText(n).Width()
		total += legendLine + 6 + widths[i]
	}
	total += legendGap * (len(names) - 1)
	x := right - total
	mid := y - px(legendSize)/2 + 2
	for i, n := range names {
		lk := lookOf(i)
		r.SetStrokeColor(lk.color)
		r.SetStrokeWidth(2.5)
		r.SetStrokeDashArray(lk.dash)
		r.MoveTo(x, mid)
		r.LineTo(x+legendLine, mid)
		r.Stroke()
		r.SetStrokeDashArray(nil)
		marker(r, lk, x+legendLine/2, mid, 4.5)
		r.SetFont(f)
		r.SetFontSize(legendSize)
		r.SetFontColor(textColor)
		r.Text(n, x+legendLine+6, y)
		x += legendLine + 6 + widths[i] + legendGap
	}
	return total
}

func drawRadar(r gochart.Renderer, axes []string, s []RadarSeries, o Options) {
	top := frame(r, o)
	f, _ := Font()
	names := make([]string, len(s))
	for i, se := range s {
		names[i] = i18n.L(se.Name)
	}
	top += px(legendSize)
	legendRow(r, names, o.Width-padR, top)
	top += 12

	// The labels decide how much room the spokes leave.
	r.SetFont(f)
	r.SetFontSize(axisSize)
	lines := make([][]string, len(axes))
	labelW, lineH := 0, px(axisSize)+4
	for i, a := range axes {
		lines[i] = strings.Split(a, "\n")
		for _, l := range lines[i] {
			labelW = max(labelW, r.MeasureText(l).Width())
		}
	}
	labelH := lineH * 2
	cx := o.Width / 2
	cy := (top + o.Height - padB) / 2
	rad := math.Min(float64(o.Width/2-labelW-padL-14), float64((o.Height-padB-top)/2-labelH-10))
	rad = math.Max(rad, 30)

	n := len(axes)
	at := func(i int, v float64) (int, int) {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		d := rad * v / ScoreMax
		return cx + int(math.Round(d*math.Cos(a))), cy + int(math.Round(d*math.Sin(a)))
	}
	polygon := func(vals func(i int) float64) {
		x, y := at(0, vals(0))
		r.MoveTo(x, y)
		for i := 1; i < n; i++ {
			x, y = at(i, vals(i))
			r.LineTo(x, y)
		}
		r.Close()
	}

	// The latest assessment's area first, so rings and spokes stay visible on it.
	clamp := func(v float64) float64 { return math.Max(0, math.Min(ScoreMax, v)) }
	r.SetFillColor(radarFill)
	r.SetStrokeColor(radarFill)
	r.SetStrokeWidth(0)
	polygon(func(i int) float64 { return clamp(s[0].Values[i]) })
	r.Fill()

	r.SetStrokeDashArray(nil)
	for k := 1; k <= ScoreMax; k++ {
		r.SetStrokeColor(gridColor)
		if k == ScoreMax {
			r.SetStrokeColor(axisColor)
		}
		r.SetStrokeWidth(1)
		polygon(func(int) float64 { return float64(k) })
		r.Stroke()
	}
	for i := range n {
		x, y := at(i, ScoreMax)
		r.SetStrokeColor(gridColor)
		r.MoveTo(cx, cy)
		r.LineTo(x, y)
		r.Stroke()
	}
	r.SetFont(f)
	r.SetFontSize(valueSize)
	r.SetFontColor(mutedColor)
	// Ring numbers on the middle of the edge left of the top spoke, where no
	// marker of a score can sit.
	mid := -math.Pi/2 - math.Pi/float64(n)
	for k := 1; k <= ScoreMax; k++ {
		d := rad * float64(k) / ScoreMax * math.Cos(math.Pi/float64(n))
		l := fmt.Sprint(k)
		x := cx + int(math.Round(d*math.Cos(mid))) - r.MeasureText(l).Width()/2
		y := cy + int(math.Round(d*math.Sin(mid))) + px(valueSize)/2
		r.Text(l, x, y)
	}

	// Earlier series under the latest one's outline.
	for j := len(s) - 1; j >= 0; j-- {
		lk := lookOf(j)
		r.SetStrokeColor(lk.color)
		r.SetStrokeWidth(2.5)
		r.SetStrokeDashArray(lk.dash)
		r.SetFillColor(drawing.ColorTransparent)
		polygon(func(i int) float64 { return clamp(s[j].Values[i]) })
		r.Stroke()
		r.SetStrokeDashArray(nil)
		for i := range n {
			x, y := at(i, clamp(s[j].Values[i]))
			marker(r, lk, x, y, 4.5)
		}
	}

	// Axis labels outside the rim, anchored away from the centre.
	r.SetFont(f)
	r.SetFontSize(axisSize)
	r.SetFontColor(textColor)
	for i := range n {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		c, sn := math.Cos(a), math.Sin(a)
		x0, y0 := at(i, ScoreMax)
		x0 += int(math.Round(10 * c))
		y0 += int(math.Round(10 * sn))
		h := lineH * len(lines[i])
		var ytop int
		switch {
		case sn < -0.3:
			ytop = y0 - h
		case sn > 0.3:
			ytop = y0 + 2
		default:
			ytop = y0 - h/2
		}
		for li, l := range lines[i] {
			w := r.MeasureText(l).Width()
			x := x0 - w/2
			switch {
			case c > 0.3:
				x = x0
			case c < -0.3:
				x = x0 - w
			}
			r.Text(l, x, ytop+lineH*(li+1)-4)
		}
	}
}
