// Package chart draws Kehu's charts (PNG, SVG, PDF) and the A4 meeting report
// with the bundled CJK font. It takes plain data — money in minor units (fen),
// labels already chosen by the caller — so it depends on nothing else of Kehu
// but the font and the translations.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/assets"
)

// Point is one labelled value; Value is money in minor units (fen). A line
// point with None set has no value (last year's months before the data
// start): no marker, and the line breaks there rather than drop to zero.
type Point struct {
	Label string
	Value int64
	None  bool
}

// Series is a named run of points. Its Name goes through i18n.L, so an English
// key ("This year") or already translated text both work.
type Series struct {
	Name   string
	Points []Point
	Start  int // lines: the category where the first point goes (a forecast after the history)
}

// Units of the value axis.
const (
	UnitAuto = ""   // 万元 when the largest value reaches 100,000 元, else 元
	UnitYuan = "元"  // plain yuan
	UnitWan  = "万元" // ten thousand yuan
)

// Options shape a chart. Zero values give sensible defaults.
type Options struct {
	Title, Subtitle string
	YName           string  // the measure on the value axis; default "Sales amount" (销售额)
	YUnit           string  // UnitAuto, UnitYuan or UnitWan; UnitCount or UnitHours for measures that are not money (counts.go)
	Width, Height   int     // pixels; default 1200×600 (PDF: the page is A4 landscape, the chart fitted to it)
	Lang            string  // language tag written into SVG and PDF; default i18n.Lang(). The text itself follows i18n.
	Scale           float64 // PNG only: image pixels per unit of Width and Height, text and lines included (HiDPI screens); default 1
}

// Format is an output format.
type Format string

// The formats Line and Bar write.
const (
	PNG Format = "png"
	SVG Format = "svg"
	PDF Format = "pdf"
)

// ErrFormat marks an unknown or missing output format.
var ErrFormat = errors.New("unknown chart format")

// FormatFromPath picks the format: flag if given ("png", "svg", "pdf", any
// case), else the file's extension.
func FormatFromPath(path, flag string) (Format, error) {
	s := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(flag), "."))
	if s == "" {
		s = strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	}
	switch Format(s) {
	case PNG, SVG, PDF:
		return Format(s), nil
	}
	if s == "" {
		return "", fmt.Errorf("%s: %w: end the name in .png, .svg or .pdf", path, ErrFormat)
	}
	return "", fmt.Errorf("%s: %w %q: use png, svg or pdf", path, ErrFormat, s)
}

// Font returns the bundled WenQuanYi Micro Hei, parsed once.
var Font = sync.OnceValues(func() (*truetype.Font, error) {
	f, err := truetype.Parse(assets.Font)
	if err != nil {
		return nil, fmt.Errorf("bundled font: %w", err)
	}
	return f, nil
})

// Line draws a sales curve, one line per series. The first series gives the
// x labels; later ones (last year's overlay) are drawn dashed with other markers.
func Line(w io.Writer, format Format, s []Series, o Options) error {
	return render(w, format, s, o, false)
}

// Bar draws grouped bars, one group per label of the first series, one bar
// per series. The value axis always starts at zero.
func Bar(w io.Writer, format Format, s []Series, o Options) error {
	return render(w, format, s, o, true)
}

func render(w io.Writer, format Format, s []Series, o Options, bars bool) error {
	return renderWith(w, format, s, o, bars, nil)
}

// renderWith renders, letting tune see the chart go-chart will draw first.
func renderWith(w io.Writer, format Format, s []Series, o Options, bars bool, tune func(*gochart.Chart)) error {
	switch format {
	case PNG, SVG, PDF:
	default:
		return fmt.Errorf("%w %q: use png, svg or pdf", ErrFormat, string(format))
	}
	o = o.withDefaults()
	c, err := build(s, o, bars)
	if err != nil {
		return err
	}
	if tune != nil {
		tune(&c)
	}
	switch format {
	case PNG:
		if o.Scale != 1 {
			return c.Render(scaledProvider(o.Scale), w)
		}
		return c.Render(gochart.PNG, w)
	case SVG:
		var buf bytes.Buffer
		if err := c.Render(svgProvider, &buf); err != nil {
			return err
		}
		_, err := w.Write(fixSVG(buf.Bytes(), o))
		return err
	default:
		return chartPDF(w, c, o)
	}
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = 1200
	}
	if o.Height <= 0 {
		o.Height = 600
	}
	if o.Scale <= 0 || math.IsNaN(o.Scale) {
		o.Scale = 1
	}
	if o.Lang == "" {
		o.Lang = i18n.Lang()
	}
	if o.YName == "" {
		o.YName = "Sales amount"
	}
	return o
}
