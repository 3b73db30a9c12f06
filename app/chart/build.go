package chart

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"

	"github.com/kehu-crm/kehu/app/i18n"
)

// ErrNoData marks a chart asked for with no points at all.
var ErrNoData = errors.New("nothing to draw: no points")

// Sizes in points at go-chart's 92 DPI, and paddings in pixels.
const (
	titleSize  = 18.0
	subSize    = 11.0
	axisSize   = 11.0
	legendSize = 11.0
	valueSize  = 9.5
	padL, padR = 16, 30
	padT, padB = 14, 14
	headerGap  = 8
	legendLine = 42 // px of line sample in the legend: a whole dash either side of the marker
	legendGap  = 22 // px between legend entries
)

var (
	textColor  = drawing.ColorFromHex("222222")
	mutedColor = drawing.ColorFromHex("555555")
	axisColor  = drawing.ColorFromHex("888888")
	gridColor  = drawing.ColorFromHex("DDDDDD")
	white      = drawing.ColorWhite
)

// look is how one series is told apart — by colour, and for greyscale print
// by dash pattern, marker shape and fill lightness.
type look struct {
	color  drawing.Color // line or bar fill
	dash   []float64     // line dash pattern in px, nil = solid
	marker int           // 0 filled circle, 1 hollow square, 2 filled triangle, 3 hollow diamond
}

var looks = []look{
	{color: drawing.ColorFromHex("1F4E9C")},
	{color: drawing.ColorFromHex("E07B39"), dash: []float64{10, 6}, marker: 1},
	{color: drawing.ColorFromHex("2E8B57"), dash: []float64{2, 5}, marker: 2},
	{color: drawing.ColorFromHex("8E5BB5"), dash: []float64{12, 4, 2, 4}, marker: 3},
}

// barFill is lighter for later series so bars differ in greyscale.
var barFill = []drawing.Color{
	drawing.ColorFromHex("1F4E9C"),
	drawing.ColorFromHex("B7CDEB"),
	drawing.ColorFromHex("6A9F58"),
	drawing.ColorFromHex("F3D27A"),
}

var barStroke = []drawing.Color{
	drawing.ColorFromHex("163A75"),
	drawing.ColorFromHex("4A6FA5"),
	drawing.ColorFromHex("3F6B33"),
	drawing.ColorFromHex("A3852A"),
}

func lookOf(i int) look { return looks[i%len(looks)] }

// measurer measures text as go-chart's renderers do (truetype at 92 DPI).
type measurer struct {
	f     *truetype.Font
	faces map[float64]font.Face
}

func (m *measurer) width(s string, size float64) float64 {
	face, ok := m.faces[size]
	if !ok {
		face = truetype.NewFace(m.f, &truetype.Options{Size: size, DPI: gochart.DefaultDPI})
		m.faces[size] = face
	}
	return float64(font.MeasureString(face, s).Ceil())
}

func px(size float64) int { return int(math.Ceil(size * gochart.DefaultDPI / 72)) }

// plot is a chart laid out: what build computed and the elements draw.
type plot struct {
	o        Options
	series   []Series
	names    []string
	n        int
	unit     string
	div      float64
	bars     bool
	yname    string
	legend   bool
	twoRows  bool // legend on its own row under the axis name
	titleY   int  // baselines
	subY     int
	legendY  int
	decimals int
	labels   []string
	drawn    *Drawn // where the points went, when asked (LineDrawn)
}

func build(s []Series, o Options, bars bool) (gochart.Chart, error) {
	f, err := Font()
	if err != nil {
		return gochart.Chart{}, err
	}
	if len(s) == 0 {
		return gochart.Chart{}, ErrNoData
	}
	p := &plot{o: o, series: s, bars: bars}
	for _, se := range s {
		p.n = max(p.n, se.Start+len(se.Points))
		p.names = append(p.names, i18n.L(se.Name))
	}
	if p.n == 0 {
		return gochart.Chart{}, ErrNoData
	}
	m := &measurer{f: f, faces: map[float64]font.Face{}}
	p.unit = pickUnit(o.YUnit, s)
	p.div = fenPerUnit(p.unit)
	p.yname = axisName(o.YName, p.unit)

	// Value axis: round ticks from zero.
	lo, hi := 0.0, 0.0
	for _, se := range s {
		for _, pt := range se.Points {
			if pt.None {
				continue
			}
			v := float64(pt.Value) / p.div
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if bars {
		hi *= 1.08 // room for the value labels over the tallest bar
	}
	nt := max(4, min(8, (o.Height-160)/60))
	yv, dec := ticksFor(p.unit, lo, hi, nt)
	p.decimals = dec
	var yt []gochart.Tick
	tickW := 0.0
	for _, v := range yv {
		l := group(v, dec)
		yt = append(yt, gochart.Tick{Value: v, Label: l})
		tickW = math.Max(tickW, m.width(l, axisSize))
	}

	// Category axis: positions 0…n-1 inside −0.5…n−0.5, labels thinned so none touch.
	labels := make([]string, p.n)
	labelW := 0.0
	for i := range labels {
		for _, se := range s {
			if k := i - se.Start; k >= 0 && k < len(se.Points) && se.Points[k].Label != "" {
				labels[i] = se.Points[k].Label
				break
			}
		}
		labelW = math.Max(labelW, m.width(labels[i], axisSize))
	}
	plotW := float64(o.Width-padL-padR) - tickW - 2*gochart.DefaultYAxisMargin
	step := labelStep(p.n, plotW, labelW)
	xt := []gochart.Tick{{Value: -0.5}}
	for i, l := range labels {
		switch {
		case bars:
			// Every category is named: drawn by bars(), on two lines if need be.
			xt = append(xt, gochart.Tick{Value: float64(i)})
		case i%step == 0:
			xt = append(xt, gochart.Tick{Value: float64(i), Label: l})
		}
	}
	p.labels = labels
	xt = append(xt, gochart.Tick{Value: float64(p.n) - 0.5})

	// Header: title, subtitle, then the axis name on the left and the legend on the right.
	top := padT
	if o.Title != "" {
		top += px(titleSize)
		p.titleY = top
		top += headerGap
	}
	if o.Subtitle != "" {
		top += px(subSize)
		p.subY = top
		top += headerGap
	}
	top += px(axisSize) // axis name row
	p.legend = len(s) > 1
	if p.legend {
		need := m.width(p.yname, axisSize) + 40
		for _, n := range p.names {
			need += legendLine + 6 + m.width(n, legendSize) + legendGap
		}
		if need > float64(o.Width-padL-padR) {
			p.twoRows = true
			p.legendY = top
			top += headerGap + px(legendSize)
		}
	}
	top += 16 // between the header and the plot's top

	bottom := padB
	if bars {
		bottom += px(axisSize) + 22 // a second line for long category names, with room for CJK descenders
	}
	axisStyle := gochart.Style{FontSize: axisSize, FontColor: textColor, StrokeColor: axisColor, StrokeWidth: 1}
	grid := gochart.Style{StrokeColor: gridColor, StrokeWidth: 1}
	c := gochart.Chart{
		Width:  o.Width,
		Height: o.Height,
		Font:   f,
		Background: gochart.Style{
			Padding:   gochart.Box{Top: top, Left: padL, Right: padR, Bottom: bottom},
			FillColor: white,
		},
		Canvas: gochart.Style{FillColor: white},
		XAxis: gochart.XAxis{
			Style: axisStyle,
			Ticks: xt,
		},
		// The left axis is go-chart's "secondary" one; the primary (right) stays hidden.
		YAxis: gochart.YAxis{Style: gochart.Style{Hidden: true}, Ticks: yt},
		YAxisSecondary: gochart.YAxis{
			Style:          axisStyle,
			Ticks:          yt,
			GridMajorStyle: grid,
			GridMinorStyle: grid,
			Zero:           gochart.GridLine{Style: gochart.Style{Hidden: true}},
		},
	}
	for i := range s {
		c.Series = append(c.Series, &drawSeries{p: p, i: i})
	}
	c.Elements = []gochart.Renderable{p.header}
	if bars {
		c.Elements = append(c.Elements, p.categories)
	}
	return c, nil
}

// header draws the title, subtitle, axis name and legend above the plot.
func (p *plot) header(r gochart.Renderer, cb gochart.Box, _ gochart.Style) {
	f, _ := Font()
	text := func(s string, size float64, c drawing.Color, x, y int) {
		r.SetFont(f)
		r.SetFontSize(size)
		r.SetFontColor(c)
		r.Text(s, x, y)
	}
	if p.o.Title != "" {
		text(p.o.Title, titleSize, textColor, padL, p.titleY)
	}
	if p.o.Subtitle != "" {
		text(p.o.Subtitle, subSize, mutedColor, padL, p.subY)
	}
	base := cb.Top - 16
	text(p.yname, axisSize, textColor, padL, base)
	if !p.legend {
		return
	}
	ly := base
	if p.twoRows {
		ly = p.legendY
	}
	r.SetFont(f)
	r.SetFontSize(legendSize)
	widths := make([]int, len(p.names))
	total := 0
	for i, n := range p.names {
		widths[i] = r.MeasureText(n).Width()
		total += legendLine + 6 + widths[i]
	}
	total += legendGap * (len(p.names) - 1)
	x := cb.Right - total
	if p.twoRows {
		x = padL
	}
	mid := ly - px(legendSize)/2 + 2
	for i, n := range p.names {
		lk := lookOf(i)
		if p.bars {
			sw := gochart.Box{Left: x + legendLine - 18, Right: x + legendLine - 2, Top: mid - 8, Bottom: mid + 8}
			fill(r, sw, barFill[i%len(barFill)], barStroke[i%len(barStroke)])
		} else {
			r.SetStrokeColor(lk.color)
			r.SetStrokeWidth(2.5)
			r.SetStrokeDashArray(lk.dash)
			r.MoveTo(x, mid)
			r.LineTo(x+legendLine, mid)
			r.Stroke()
			r.SetStrokeDashArray(nil)
			marker(r, lk, x+legendLine/2, mid, 4.5)
		}
		text(n, legendSize, textColor, x+legendLine+6, ly)
		x += legendLine + 6 + widths[i] + legendGap
	}
}

// drawSeries is one series as go-chart sees it; it draws itself as a line or as bars.
type drawSeries struct {
	p *plot
	i int
}

func (d *drawSeries) GetName() string             { return d.p.names[d.i] }
func (d *drawSeries) GetYAxis() gochart.YAxisType { return gochart.YAxisSecondary }
func (d *drawSeries) GetStyle() gochart.Style     { return gochart.Style{} }
func (d *drawSeries) Validate() error             { return nil }
func (d *drawSeries) String() string              { return fmt.Sprintf("series %d", d.i) }
func (d *drawSeries) Render(r gochart.Renderer, cb gochart.Box, xr, yr gochart.Range, _ gochart.Style) {
	pts := d.p.series[d.i].Points
	start := float64(d.p.series[d.i].Start)
	xAt := func(x float64) int { return cb.Left + xr.Translate(x+start) }
	yAt := func(v int64) int { return cb.Bottom - yr.Translate(float64(v)/d.p.div) }
	lk := lookOf(d.i)
	if d.i == 0 && yAt(0) < cb.Bottom {
		// Below-zero values: the zero line is drawn as firmly as the axis.
		r.SetStrokeColor(axisColor)
		r.SetStrokeWidth(1)
		r.SetStrokeDashArray(nil)
		r.MoveTo(cb.Left, yAt(0))
		r.LineTo(cb.Right, yAt(0))
		r.Stroke()
	}
	if d.p.bars {
		k := len(d.p.series)
		slot := float64(cb.Width()) / float64(d.p.n)
		group := slot * 0.72
		bw := group / float64(k)
		f, _ := Font()
		at := make([]image.Point, len(pts))
		for j, pt := range pts {
			left := float64(xAt(float64(j))) - group/2 + float64(d.i)*bw
			y0, y1 := yAt(0), yAt(pt.Value)
			box := gochart.Box{Left: int(math.Round(left)), Right: int(math.Round(left + bw - 1)), Top: min(y0, y1), Bottom: max(y0, y1)}
			at[j] = image.Pt((box.Left+box.Right)/2, y1) // the bar's end: where a tip points
			fill(r, box, barFill[d.i%len(barFill)], barStroke[d.i%len(barStroke)])
			// The value over the bar, when it fits.
			l := group2(float64(pt.Value)/d.p.div, d.p.decimals, d.p.unit)
			r.SetFont(f)
			r.SetFontSize(valueSize)
			r.SetFontColor(textColor)
			tw := r.MeasureText(l).Width()
			if float64(tw) <= bw+4 || k == 1 && float64(tw) <= slot-6 {
				y := box.Top - 5
				if pt.Value < 0 {
					y = box.Bottom + px(valueSize) + 3
				}
				r.Text(l, (box.Left+box.Right)/2-tw/2, y)
			}
		}
		d.p.record(d.i, cb, at)
		return
	}
	if len(pts) == 0 {
		return
	}
	at := make([]image.Point, len(pts))
	none := make([]bool, len(pts))
	for j, pt := range pts {
		at[j], none[j] = image.Pt(xAt(float64(j)), yAt(pt.Value)), pt.None
	}
	d.p.record(d.i, cb, at)
	d.p.recordNone(d.i, none)
	r.SetStrokeColor(lk.color)
	width := 2.5
	if d.i > 0 {
		width = 2
	}
	r.SetStrokeWidth(width)
	r.SetStrokeDashArray(lk.dash)
	// One stroke per run of points with values: a point without one breaks
	// the line, and a lone point between two gaps is its marker alone.
	for j := 0; j < len(pts); {
		if pts[j].None {
			j++
			continue
		}
		k := j + 1
		for k < len(pts) && !pts[k].None {
			k++
		}
		if k-j > 1 {
			r.MoveTo(at[j].X, at[j].Y)
			for m := j + 1; m < k; m++ {
				r.LineTo(at[m].X, at[m].Y)
			}
			r.Stroke()
		}
		j = k
	}
	r.SetStrokeDashArray(nil)
	if float64(cb.Width())/float64(d.p.n) >= 9 {
		rad := 4.0
		if len(pts) > 40 {
			rad = 3
		}
		for j, pt := range pts {
			if !pt.None {
				marker(r, lk, at[j].X, at[j].Y, rad)
			}
		}
	}
}

// group2 formats a bar's value: whole units for 元, one decimal more than the ticks for 万元.
func group2(v float64, dec int, unit string) string {
	if unit == UnitWan || unit == UnitHours {
		return group(v, max(dec, 1))
	}
	return group(v, 0)
}

func fill(r gochart.Renderer, b gochart.Box, c, stroke drawing.Color) {
	r.SetFillColor(c)
	r.SetStrokeColor(stroke)
	r.SetStrokeWidth(1)
	r.SetStrokeDashArray(nil)
	r.MoveTo(b.Left, b.Top)
	r.LineTo(b.Right, b.Top)
	r.LineTo(b.Right, b.Bottom)
	r.LineTo(b.Left, b.Bottom)
	r.Close()
	r.FillStroke()
}

// marker draws a series' point marker centred on x, y.
func marker(r gochart.Renderer, lk look, x, y int, rad float64) {
	r.SetStrokeDashArray(nil)
	r.SetStrokeWidth(1.5)
	r.SetStrokeColor(lk.color)
	ri := int(math.Round(rad))
	switch lk.marker {
	case 0:
		r.SetFillColor(lk.color)
		r.Circle(rad, x, y)
		r.FillStroke()
	case 1:
		r.SetFillColor(white)
		r.MoveTo(x-ri, y-ri)
		r.LineTo(x+ri, y-ri)
		r.LineTo(x+ri, y+ri)
		r.LineTo(x-ri, y+ri)
		r.Close()
		r.FillStroke()
	case 2:
		r.SetFillColor(lk.color)
		r.MoveTo(x, y-ri-1)
		r.LineTo(x+ri+1, y+ri)
		r.LineTo(x-ri-1, y+ri)
		r.Close()
		r.FillStroke()
	default:
		r.SetFillColor(white)
		r.MoveTo(x, y-ri-1)
		r.LineTo(x+ri+1, y)
		r.LineTo(x, y+ri+1)
		r.LineTo(x-ri-1, y)
		r.Close()
		r.FillStroke()
	}
}

// categories names each bar group under the axis, all in one size: on one
// line if every name fits its slot at some readable size, else on two lines
// (at the first space, or where the slot is full for names without one, as
// Chinese names are). A name still too long ends in "…" rather than run into
// its neighbours; the full name is in the table and the window's tip.
func (p *plot) categories(r gochart.Renderer, cb gochart.Box, _ gochart.Style) {
	f, _ := Font()
	slot := cb.Width()/p.n - 6
	r.SetFont(f)
	r.SetFontColor(textColor)
	width := func(s string) int { return r.MeasureText(s).Width() }
	// cuts counts the names shortened at a size; a name too long for two
	// lines at the smallest size must not shrink every other one.
	cuts := func(size float64, two bool) int {
		r.SetFontSize(size)
		n := 0
		for _, l := range p.labels {
			if _, cut := wrapLabel(l, slot, two, width); cut {
				n++
			}
		}
		return n
	}
	size, two := axisSize, false
	for size > 8.5 && cuts(size, false) > 0 {
		size -= 0.5
	}
	if cuts(size, false) > 0 {
		two = true
		least := cuts(8, true)
		for size = axisSize; size > 8 && cuts(size, true) > least; size -= 0.5 {
		}
	}
	r.SetFontSize(size)
	for i, l := range p.labels {
		cx := cb.Left + int((float64(i)+0.5)*float64(cb.Width())/float64(p.n))
		y := cb.Bottom + gochart.DefaultXAxisMargin + px(size)
		lines, _ := wrapLabel(l, slot, two, width)
		for _, ln := range lines {
			r.Text(ln, cx-width(ln)/2, y)
			y += px(size) + 4
		}
	}
}
