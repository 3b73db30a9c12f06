package chart

import (
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	gochart "github.com/wcharczuk/go-chart/v2"

	"github.com/kehu-crm/kehu/app/i18n"
)

// ScorePoint is a score (1–ScoreMax, fractions allowed) at a date YYYY-MM-DD.
type ScorePoint struct {
	Date  string
	Value float64
}

// ScoreSeries is a named run of scores in date order; Name goes through i18n.L.
type ScoreSeries struct {
	Name   string
	Points []ScorePoint
}

// ScoreTrend draws scores over time on a fixed 1–ScoreMax axis: dates are
// placed by their distance in time, not evenly, so a gap of a year looks
// like one. Each point is labelled with its score to one decimal.
func ScoreTrend(w io.Writer, format Format, s []ScoreSeries, o Options) error {
	var lo, hi time.Time
	n := 0
	for _, se := range s {
		for _, p := range se.Points {
			t, err := time.Parse(time.DateOnly, p.Date)
			if err != nil {
				return err
			}
			if n == 0 || t.Before(lo) {
				lo = t
			}
			if n == 0 || t.After(hi) {
				hi = t
			}
			n++
		}
	}
	if n == 0 {
		return ErrNoData
	}
	o = o.withDefaults()
	return drawTo(w, format, o, func(r gochart.Renderer) { drawTrend(r, s, lo, hi, o) })
}

func drawTrend(r gochart.Renderer, s []ScoreSeries, lo, hi time.Time, o Options) {
	top := frame(r, o)
	f, _ := Font()
	top += px(axisSize)
	r.SetFont(f)
	r.SetFontSize(axisSize)
	r.SetFontColor(textColor)
	r.Text(i18n.L("Score (1–5)"), padL, top)
	if len(s) > 0 {
		names := make([]string, len(s))
		for i, se := range s {
			names[i] = i18n.L(se.Name)
		}
		legendRow(r, names, o.Width-padR, top)
	}
	top += 18

	// Plot box: tick labels on the left, date labels under it.
	r.SetFont(f)
	r.SetFontSize(axisSize)
	tickW := r.MeasureText("5").Width()
	dateW := r.MeasureText("2006-01-02").Width()
	box := gochart.Box{Left: padL + tickW + 10, Top: top + 8, Right: o.Width - padR - dateW/2, Bottom: o.Height - padB - px(axisSize) - 10}
	span := hi.Sub(lo).Hours()
	xAt := func(d string) int {
		t, _ := time.Parse(time.DateOnly, d)
		if span <= 0 {
			return (box.Left + box.Right) / 2
		}
		inset := 24.0 // the first and last points clear the axes
		return box.Left + int(inset+(float64(box.Width())-2*inset)*t.Sub(lo).Hours()/span)
	}
	yAt := func(v float64) int {
		return box.Bottom - int(math.Round(float64(box.Height())*(v-1)/(ScoreMax-1)))
	}

	for k := 1; k <= ScoreMax; k++ {
		y := yAt(float64(k))
		r.SetStrokeColor(gridColor)
		if k == 1 {
			r.SetStrokeColor(axisColor)
		}
		r.SetStrokeWidth(1)
		r.SetStrokeDashArray(nil)
		r.MoveTo(box.Left, y)
		r.LineTo(box.Right, y)
		r.Stroke()
		r.SetFontColor(textColor)
		l := strconv.Itoa(k)
		r.Text(l, box.Left-8-r.MeasureText(l).Width(), y+px(axisSize)/2-1)
	}

	// Date labels of every distinct date, skipping those that would touch
	// the one before.
	seen := map[string]bool{}
	var dates []string
	for _, se := range s {
		for _, p := range se.Points {
			if !seen[p.Date] {
				seen[p.Date] = true
				dates = append(dates, p.Date)
			}
		}
	}
	slices.Sort(dates)
	last := math.MinInt / 2
	for _, d := range dates {
		x := xAt(d)
		if x-dateW/2 < last+10 {
			continue
		}
		r.SetFontColor(textColor)
		r.Text(d, x-dateW/2, box.Bottom+px(axisSize)+8)
		last = x + dateW/2
	}

	for j, se := range s {
		if len(se.Points) == 0 {
			continue
		}
		lk := lookOf(j)
		r.SetStrokeColor(lk.color)
		r.SetStrokeWidth(2.5)
		r.SetStrokeDashArray(lk.dash)
		r.MoveTo(xAt(se.Points[0].Date), yAt(se.Points[0].Value))
		for _, p := range se.Points[1:] {
			r.LineTo(xAt(p.Date), yAt(p.Value))
		}
		r.Stroke()
		r.SetStrokeDashArray(nil)
		for _, p := range se.Points {
			x, y := xAt(p.Date), yAt(p.Value)
			marker(r, lk, x, y, 4.5)
			if len(se.Points) <= 16 {
				r.SetFont(f)
				r.SetFontSize(valueSize)
				r.SetFontColor(lk.color)
				l := strconv.FormatFloat(p.Value, 'f', 1, 64)
				ly := y - 9
				if j > 0 {
					ly = y + px(valueSize) + 8 // later series label below, so two lines' labels do not collide
				}
				r.Text(l, x-r.MeasureText(l).Width()/2, ly)
			}
		}
	}
}
