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
