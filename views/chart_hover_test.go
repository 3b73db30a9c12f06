package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app/chart"
)

// hoverFixture shows a three-point curve with an overlay in a window at
// the given canvas scale and waits for the picture.
func hoverFixture(t *testing.T, scale float32) (*chartHover, fyne.Window, *[]int) {
	t.Helper()
	test.NewTempApp(t)
	v := newChartView("none")
	h := newChartHover(v, func(j int) string { return []string{"Jan 1,000.00", "Feb 2,500.00", "Mar 1,750.00"}[j] })
	picked := &[]int{}
	h.onPick = func(j int) { *picked = append(*picked, j) }
	w := test.NewTempWindow(t, h)
	w.Canvas().(test.WindowlessCanvas).SetScale(scale)
	w.Resize(fyne.NewSize(600, 320))
	v.set([]chart.Series{
		{Name: "This year", Points: []chart.Point{{Label: "2025-01", Value: 100000}, {Label: "2025-02", Value: 250000}, {Label: "2025-03", Value: 175000}}},
		{Name: "Last year", Points: []chart.Point{{Label: "2025-01", Value: 90000}, {Label: "2025-02", Value: 120000}, {Label: "2025-03", Value: 80000}}},
	}, chart.Options{})
	select {
	case <-v.rendered:
	case <-time.After(10 * time.Second):
		t.Fatal("never drawn")
	}
	return h, w, picked
}

func TestChartHover_FollowsPointsAndHides(t *testing.T) {
	h, w, picked := hoverFixture(t, 1)
	p1, ok := h.v.at(0, 1)
	if !ok {
		t.Fatal("no point positions after drawing")
	}
	p0, _ := h.v.at(0, 0)
	// The biggest value is drawn highest; the points run left to right.
	if !(p0.X < p1.X && p1.Y < p0.Y) {
		t.Fatalf("points %v %v", p0, p1)
	}
	for _, c := range []struct {
		name string
		at   fyne.Position
		want string // "" hidden
	}{
		{"on February", p1, "Feb"},
		{"a little off February", p1.Add(fyne.NewPos(6, 30)), "Feb"},
		{"on January", p0, "Jan"},
		{"over the title", fyne.NewPos(p1.X, 4), ""},
		{"left of the axis", fyne.NewPos(2, p1.Y), ""},
	} {
		test.MoveMouse(w.Canvas(), c.at)
		got := ""
		if h.tip.Visible() {
			got = h.tip.Text
		}
		if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s (%v): tip %q, want %q", c.name, c.at, got, c.want)
		}
		if c.want != "" {
			// The tip stays inside the chart and its ring sits on the point.
			tp, ts := h.tip.Position(), h.tip.Size()
			if tp.X < 0 || tp.Y < 0 || tp.X+ts.Width > h.Size().Width+1 || tp.Y+ts.Height > h.Size().Height+1 {
				t.Errorf("%s: tip at %v size %v outside %v", c.name, tp, ts, h.Size())
			}
			if !h.rings[0].Visible() || !h.rings[1].Visible() {
				t.Errorf("%s: rings not shown", c.name)
			}
		}
	}
	test.MoveMouse(w.Canvas(), p1)
	// The canvas lays the chart out again when the tip's text resizes it:
	// the tip stays.
	test.TempWidgetRenderer(t, h).Layout(h.Size())
	if !h.tip.Visible() {
		t.Error("a layout at the same size hid the tip")
	}
	h.MouseOut()
	if h.tip.Visible() {
		t.Error("leaving the chart keeps the tip")
	}
	// A tap (touch, or a click) shows the tip too, tells the screen and takes
	// the focus, so Esc hides it.
	p2, _ := h.v.at(0, 2)
	test.TapAt(h, p2)
	if !h.tip.Visible() || !strings.HasPrefix(h.tip.Text, "Mar") || len(*picked) != 1 || (*picked)[0] != 2 {
		t.Fatalf("tap: tip %q visible %v, picked %v", h.tip.Text, h.tip.Visible(), *picked)
	}
	if w.Canvas().Focused() != h {
		t.Error("tap did not focus the chart")
	}
	h.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.tip.Visible() {
		t.Error("Esc keeps the tip")
	}
}

func TestChartHover_HiDPIDrawsDevicePixels(t *testing.T) {
	for _, scale := range []float32{1, 2} {
		h, _, _ := hoverFixture(t, scale)
		img, sz := h.v.img.Image, h.v.Size()
		if img == nil {
			t.Fatal("no picture")
		}
		if img.Bounds().Dx() != int(sz.Width*scale) || img.Bounds().Dy() != int(sz.Height*scale) {
			t.Errorf("scale %v: picture %v for a widget of %v", scale, img.Bounds(), sz)
		}
		// The points are where they are in widget units whatever the scale.
		p, _ := h.v.at(0, 1)
		if p.X < sz.Width/3 || p.X > 2*sz.Width/3 {
			t.Errorf("scale %v: middle point at %v in %v", scale, p, sz)
		}
	}
}

// Moving the window to a screen of another scale refreshes the content
// (Fyne does) at the same size in units: the chart draws again for it.
func TestChartHover_RedrawsOnScaleChange(t *testing.T) {
	h, w, _ := hoverFixture(t, 1)
	sz := h.v.Size()
	onTest(func() {
		w.Canvas().(test.WindowlessCanvas).SetScale(2)
		h.v.Refresh()
	})
	select {
	case <-h.v.rendered:
	case <-time.After(10 * time.Second):
		t.Fatal("not drawn again after the scale changed")
	}
	if img := h.v.img.Image; img.Bounds().Dx() != int(2*sz.Width) || img.Bounds().Dy() != int(2*sz.Height) {
		t.Errorf("picture %v after the scale became 2 for a widget of %v", img.Bounds(), sz)
	}
}
