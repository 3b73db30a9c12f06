package chart

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

func TestScaleDrawsMorePixelsNotBiggerChart(t *testing.T) {
	for _, k := range []float64{1, 1.5, 2} {
		var b bytes.Buffer
		if _, err := LineDrawn(&b, PNG, curve36(), Options{Title: "销售曲线", Width: 600, Height: 300, Scale: k}); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		want := image.Pt(int(600*k), int(300*k))
		if img.Bounds().Size() != want {
			t.Errorf("scale %v: image %v, want %v", k, img.Bounds().Size(), want)
		}
		if k == 2 {
			// Twice the size in each direction: about four times the ink.
			var one bytes.Buffer
			_ = Line(&one, PNG, curve36(), Options{Title: "销售曲线", Width: 600, Height: 300})
			small, _ := png.Decode(&one)
			ratio := float64(pixels(t, img)) / float64(pixels(t, small))
			if ratio < 3 || ratio > 5 {
				t.Errorf("2× ink ratio %.2f, want about 4", ratio)
			}
		}
	}
}

func TestLineDrawnPointsInsidePlot(t *testing.T) {
	s := curve36()
	for _, k := range []float64{1, 2} {
		d, err := LineDrawn(&bytes.Buffer{}, PNG, s, Options{Width: 900, Height: 400, Scale: k})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Points) != 2 || len(d.Points[0]) != 36 || len(d.Points[1]) != 36 {
			t.Fatalf("scale %v: points %d series", k, len(d.Points))
		}
		for i, p := range d.Points[0] {
			if !p.In(d.Plot.Inset(-1)) {
				t.Errorf("point %d at %v outside plot %v", i, p, d.Plot)
			}
			if i > 0 && p.X <= d.Points[0][i-1].X {
				t.Errorf("point %d x %d not right of %d", i, p.X, d.Points[0][i-1].X)
			}
			if d.Points[1][i].X != p.X {
				t.Errorf("overlay point %d x %d, want %d", i, d.Points[1][i].X, p.X)
			}
		}
		// The biggest value sits highest.
		hi, top := 0, d.Points[0][0].Y
		for i, p := range s[0].Points {
			if p.Value > s[0].Points[hi].Value {
				hi = i
			}
			top = min(top, d.Points[0][i].Y)
		}
		if d.Points[0][hi].Y != top {
			t.Errorf("largest value at y %d, highest point y %d", d.Points[0][hi].Y, top)
		}
	}
}

// TestLineNoneIsAbsent: points with no value (Point.None: last year's months
// before the data start) get no marker and no line, in PNG, SVG and PDF
// alike, rather than a line at zero (issue 23); the rest of the overlay is
// drawn, and LineDrawn says which points were shown.
func TestLineNoneIsAbsent(t *testing.T) {
	s := curve36()
	for j := range 12 {
		s[1].Points[j] = Point{Label: s[1].Points[j].Label, None: true}
	}
	var b bytes.Buffer
	d, err := LineDrawn(&b, PNG, s, Options{Width: 900, Height: 400})
	if err != nil {
		t.Fatal(err)
	}
	for j := range 36 {
		if d.Shown(1, j) != (j >= 12) || !d.Shown(0, j) {
			t.Errorf("point %d: shown %v %v", j, d.Shown(0, j), d.Shown(1, j))
		}
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	// The overlay's orange (E07B39), inside the plot: none left of its first
	// point (less a marker's room), some right of it.
	orange := func(x0, x1 int) int {
		n := 0
		for y := d.Plot.Min.Y; y < d.Plot.Max.Y; y++ {
			for x := x0; x < x1; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r>>8 > 180 && g>>8 > 80 && g>>8 < 170 && bl>>8 < 120 {
					n++
				}
			}
		}
		return n
	}
	first := d.Points[1][12].X
	if n := orange(d.Plot.Min.X, first-6); n > 0 {
		t.Errorf("%d overlay pixels before its first point at x %d", n, first)
	}
	if n := orange(first-6, d.Plot.Max.X); n < 200 {
		t.Errorf("only %d overlay pixels after its first point", n)
	}
	// The value axis ignores the missing points, and the other formats draw too.
	for _, f := range []Format{SVG, PDF} {
		if err := Line(&bytes.Buffer{}, f, s, Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// A lone point between gaps is its marker; an overlay of no points at all draws nothing.
	lone := curve36()
	for j := range lone[1].Points {
		lone[1].Points[j].None = j != 20
	}
	if d, err := LineDrawn(&bytes.Buffer{}, PNG, lone, Options{Width: 900, Height: 400}); err != nil || !d.Shown(1, 20) || d.Shown(1, 19) {
		t.Errorf("lone point: %v", err)
	}
}
