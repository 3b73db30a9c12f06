package chart

import (
	"io"
	"math"

	"github.com/go-pdf/fpdf"
	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"

	"github.com/kehu-crm/kehu/assets"
)

// pdfFont is the family name the bundled font is registered under in every PDF.
const pdfFont = "wqy"

// newPDF starts an A4 landscape document (mm) with the bundled font.
func newPDF(lang, title string) *fpdf.Fpdf {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", assets.Font)
	pdf.SetFont(pdfFont, "", 10)
	pdf.SetLang(lang)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Kehu CRM", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	return pdf
}

// chartPDF writes one A4 landscape page holding the chart, drawn as vectors
// with real text.
func chartPDF(w io.Writer, c gochart.Chart, o Options) error {
	pdf := newPDF(o.Lang, o.Title)
	pdf.AddPage()
	const margin = 12.0
	pw, ph := pdf.GetPageSize()
	k := math.Min((pw-2*margin)/float64(c.Width), (ph-2*margin)/float64(c.Height))
	x := (pw - k*float64(c.Width)) / 2
	y := (ph - k*float64(c.Height)) / 2
	if err := drawChart(pdf, c, x, y, k); err != nil {
		return err
	}
	return pdf.Output(w)
}

// drawChart renders c onto the current page with its top-left corner at x, y
// (mm), k mm to a chart pixel.
func drawChart(pdf *fpdf.Fpdf, c gochart.Chart, x, y, k float64) error {
	r := &pdfRenderer{pdf: pdf, ox: x, oy: y, k: k, dpi: gochart.DefaultDPI}
	if err := c.Render(func(int, int) (gochart.Renderer, error) { return r, nil }, io.Discard); err != nil {
		return err
	}
	return pdf.Error()
}

// pdfRenderer is a go-chart Renderer drawing onto an fpdf page: paths as PDF
// paths, text as real text in the bundled font (pdftotext reads it).
type pdfRenderer struct {
	pdf       *fpdf.Fpdf
	ox, oy, k float64
	dpi       float64
	s         gochart.Style
	path      []func()
	rot       *float64
	face      font.Face
	faceSize  float64
}

func (r *pdfRenderer) X(x float64) float64 { return r.ox + x*r.k }
func (r *pdfRenderer) Y(y float64) float64 { return r.oy + y*r.k }

func (r *pdfRenderer) ResetStyle()                     { r.s = gochart.Style{Font: r.s.Font} }
func (r *pdfRenderer) GetDPI() float64                 { return r.dpi }
func (r *pdfRenderer) SetDPI(dpi float64)              { r.dpi = dpi }
func (r *pdfRenderer) SetClassName(string)             {}
func (r *pdfRenderer) SetStrokeColor(c drawing.Color)  { r.s.StrokeColor = c }
func (r *pdfRenderer) SetFillColor(c drawing.Color)    { r.s.FillColor = c }
func (r *pdfRenderer) SetStrokeWidth(w float64)        { r.s.StrokeWidth = w }
func (r *pdfRenderer) SetStrokeDashArray(d []float64)  { r.s.StrokeDashArray = d }
func (r *pdfRenderer) SetFont(f *truetype.Font)        { r.s.Font = f }
func (r *pdfRenderer) SetFontColor(c drawing.Color)    { r.s.FontColor = c }
func (r *pdfRenderer) SetFontSize(size float64)        { r.s.FontSize = size }
func (r *pdfRenderer) SetTextRotation(radians float64) { r.rot = &radians }
func (r *pdfRenderer) ClearTextRotation()              { r.rot = nil }
func (r *pdfRenderer) Save(io.Writer) error            { return nil }
func (r *pdfRenderer) Close()                          { r.path = append(r.path, r.pdf.ClosePath) }

func (r *pdfRenderer) MoveTo(x, y int) {
	r.path = append(r.path, func() { r.pdf.MoveTo(r.X(float64(x)), r.Y(float64(y))) })
}

func (r *pdfRenderer) LineTo(x, y int) {
	r.path = append(r.path, func() { r.pdf.LineTo(r.X(float64(x)), r.Y(float64(y))) })
}

func (r *pdfRenderer) QuadCurveTo(cx, cy, x, y int) {
	r.path = append(r.path, func() {
		r.pdf.CurveTo(r.X(float64(cx)), r.Y(float64(cy)), r.X(float64(x)), r.Y(float64(y)))
	})
}

// ArcTo follows go-chart's raster renderer: an arc around cx, cy from
// startAngle through delta (radians), here as short line segments.
func (r *pdfRenderer) ArcTo(cx, cy int, rx, ry, startAngle, delta float64) {
	steps := max(8, int(math.Abs(delta)/(math.Pi/36)))
	r.path = append(r.path, func() {
		for i := 0; i <= steps; i++ {
			a := startAngle + delta*float64(i)/float64(steps)
			x, y := float64(cx)+rx*math.Cos(a), float64(cy)+ry*math.Sin(a)
			r.pdf.LineTo(r.X(x), r.Y(y))
		}
	})
}

// Circle adds a circle to the path; Fill or Stroke draws it.
func (r *pdfRenderer) Circle(radius float64, x, y int) {
	const kappa = 0.5522847498
	cx, cy, rr := float64(x), float64(y), radius
	r.path = append(r.path, func() {
		p, X, Y := r.pdf, r.X, r.Y
		o := rr * kappa
		p.MoveTo(X(cx+rr), Y(cy))
		p.CurveBezierCubicTo(X(cx+rr), Y(cy+o), X(cx+o), Y(cy+rr), X(cx), Y(cy+rr))
		p.CurveBezierCubicTo(X(cx-o), Y(cy+rr), X(cx-rr), Y(cy+o), X(cx-rr), Y(cy))
		p.CurveBezierCubicTo(X(cx-rr), Y(cy-o), X(cx-o), Y(cy-rr), X(cx), Y(cy-rr))
		p.CurveBezierCubicTo(X(cx+o), Y(cy-rr), X(cx+rr), Y(cy-o), X(cx+rr), Y(cy))
		p.ClosePath()
	})
}

func (r *pdfRenderer) Stroke()     { r.draw(false, true) }
func (r *pdfRenderer) Fill()       { r.draw(true, false) }
func (r *pdfRenderer) FillStroke() { r.draw(true, true) }

// draw paints the pending path; a transparent colour or a zero width paints nothing.
func (r *pdfRenderer) draw(fill, stroke bool) {
	path := r.path
	r.path = nil
	fill = fill && r.s.FillColor.A > 0
	stroke = stroke && r.s.StrokeColor.A > 0 && r.s.StrokeWidth > 0
	if len(path) == 0 || !fill && !stroke {
		return
	}
	p := r.pdf
	style := ""
	if fill {
		c := r.s.FillColor
		p.SetFillColor(int(c.R), int(c.G), int(c.B))
		style += "F"
	}
	if stroke {
		c := r.s.StrokeColor
		p.SetDrawColor(int(c.R), int(c.G), int(c.B))
		p.SetLineWidth(r.s.StrokeWidth * r.k)
		dash := make([]float64, len(r.s.StrokeDashArray))
		for i, d := range r.s.StrokeDashArray {
			dash[i] = d * r.k
		}
		p.SetDashPattern(dash, 0)
		style += "D"
	}
	p.SetLineJoinStyle("round")
	for _, op := range path {
		op()
	}
	p.DrawPath(style)
	if stroke {
		p.SetDashPattern(nil, 0)
	}
}

// Text draws body with its baseline at x, y.
func (r *pdfRenderer) Text(body string, x, y int) {
	if body == "" {
		return
	}
	c := r.s.FontColor
	r.pdf.SetTextColor(int(c.R), int(c.G), int(c.B))
	// go-chart sizes are points at r.dpi; one chart pixel is r.k mm.
	sizePx := r.s.FontSize * r.dpi / 72
	r.pdf.SetFont(pdfFont, "", sizePx*r.k*72/25.4)
	if r.rot != nil {
		r.pdf.TransformBegin()
		r.pdf.TransformRotate(-*r.rot*180/math.Pi, r.X(float64(x)), r.Y(float64(y)))
		r.pdf.Text(r.X(float64(x)), r.Y(float64(y)), body)
		r.pdf.TransformEnd()
		return
	}
	r.pdf.Text(r.X(float64(x)), r.Y(float64(y)), body)
}

// MeasureText measures as go-chart's SVG renderer does, in chart pixels.
func (r *pdfRenderer) MeasureText(body string) gochart.Box {
	f := r.s.Font
	if f == nil {
		f, _ = Font()
	}
	if r.face == nil || r.faceSize != r.s.FontSize {
		r.face = truetype.NewFace(f, &truetype.Options{DPI: r.dpi, Size: r.s.FontSize})
		r.faceSize = r.s.FontSize
	}
	b := gochart.Box{Right: font.MeasureString(r.face, body).Ceil(), Bottom: int(drawing.PointsToPixels(r.dpi, r.s.FontSize))}
	if r.rot != nil {
		b = b.Corners().Rotate(gochart.RadiansToDegrees(*r.rot)).Box()
	}
	return b
}
