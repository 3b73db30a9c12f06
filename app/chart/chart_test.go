package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/i18n"
)

// months returns n monthly points from 2023-01 shaped like a growing
// business with a seasonal swing, in fen.
func months(n int, base float64, growth float64) []Point {
	pts := make([]Point, n)
	for i := range pts {
		y, m := 2023+i/12, i%12+1
		v := base * math.Pow(1+growth, float64(i)) * (1 + 0.25*math.Sin(float64(m)/12*2*math.Pi))
		pts[i] = Point{Label: fmt.Sprintf("%d-%02d", y, m), Value: int64(v * 100)}
	}
	return pts
}

func curve36() []Series {
	return []Series{
		{Name: "This year", Points: months(36, 1_250_000, 0.012)},
		{Name: "Last year", Points: months(36, 1_100_000, 0.008)},
	}
}

func tiers() []Series {
	return []Series{{Name: "Revenue", Points: []Point{
		{Label: "S 战略客户", Value: 1_873_455_012},
		{Label: "A 伙伴型客户", Value: 1_104_220_050},
		{Label: "B 普通客户", Value: 512_300_000},
		{Label: "C 小客户", Value: 96_550_075},
	}}}
}

// pixels counts the pixels that are not white.
func pixels(t *testing.T, img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				n++
			}
		}
	}
	return n
}

func pdftotext(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not found (apt-get install poppler-utils); PDF text not checked")
		return ""
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

func TestChartsAllFormats(t *testing.T) {
	i18n.Setup("zh")
	defer i18n.Setup("en")
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		draw  func(*bytes.Buffer, Format) error
		title string
		want  []string // in SVG and PDF text
	}{
		{"line", func(b *bytes.Buffer, f Format) error {
			return Line(b, f, curve36(), Options{Title: "销售曲线 2023—2025", Subtitle: "按月，虚线为去年同期", Width: 1200, Height: 600})
		}, "销售曲线 2023—2025", []string{"销售额（万元）", "今年", "去年同期", "2023-01", "2025-07"}},
		{"bar", func(b *bytes.Buffer, f Format) error {
			return Bar(b, f, tiers(), Options{Title: "各等级客户销售额", Width: 900, Height: 500})
		}, "各等级客户销售额", []string{"销售额（万元）", "S 战略客户", "C 小客户", "1,873.5"}},
	} {
		for _, f := range []Format{PNG, SVG, PDF} {
			var b bytes.Buffer
			if err := tc.draw(&b, f); err != nil {
				t.Fatalf("%s %s: %v", tc.name, f, err)
			}
			path := filepath.Join(dir, tc.name+"."+string(f))
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			switch f {
			case PNG:
				img, err := png.Decode(&b)
				if err != nil {
					t.Fatalf("%s png: %v", tc.name, err)
				}
				w, h := 1200, 600
				if tc.name == "bar" {
					w, h = 900, 500
				}
				if img.Bounds().Dx() != w || img.Bounds().Dy() != h {
					t.Errorf("%s png: %v, want %dx%d", tc.name, img.Bounds(), w, h)
				}
				if n := pixels(t, img); n < w*h/50 {
					t.Errorf("%s png: only %d drawn pixels; blank chart?", tc.name, n)
				}
			case SVG:
				s := b.String()
				for _, want := range append([]string{tc.title, "Microsoft YaHei", `width="`}, tc.want...) {
					if !strings.Contains(s, want) {
						t.Errorf("%s svg lacks %q", tc.name, want)
					}
				}
			case PDF:
				if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
					t.Fatalf("%s pdf: not a PDF", tc.name)
				}
				txt := pdftotext(t, path)
				if txt == "" {
					continue
				}
				for _, want := range append([]string{tc.title}, tc.want...) {
					if !strings.Contains(txt, want) {
						t.Errorf("%s pdf text lacks %q:\n%s", tc.name, want, txt)
					}
				}
			}
		}
	}
}

func TestSVGEscapesText(t *testing.T) {
	var b bytes.Buffer
	s := []Series{{Name: "A&B <眼镜>", Points: []Point{{Label: "1月", Value: 100}, {Label: "2月", Value: 200}}}, {Name: "x", Points: []Point{{Label: "1月", Value: 50}}}}
	if err := Line(&b, SVG, s, Options{Title: "R&D"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "R&D") || !strings.Contains(b.String(), "A&amp;B &lt;眼镜&gt;") {
		t.Errorf("text not escaped")
	}
}

func TestNoData(t *testing.T) {
	if err := Line(&bytes.Buffer{}, PNG, nil, Options{}); err == nil {
		t.Error("no series: want an error")
	}
	if err := Bar(&bytes.Buffer{}, "gif", tiers(), Options{}); err == nil {
		t.Error("gif: want an error")
	}
	// All-zero months still draw an honest flat line from zero.
	z := []Series{{Name: "x", Points: []Point{{Label: "2024-01", Value: 0}, {Label: "2024-02", Value: 0}}}}
	if err := Line(&bytes.Buffer{}, PNG, z, Options{}); err != nil {
		t.Error(err)
	}
}

func TestFormatFromPath(t *testing.T) {
	for _, tc := range []struct {
		path, flag string
		want       Format
		ok         bool
	}{
		{"x.PNG", "", PNG, true}, {"x.svg", "", SVG, true}, {"r.pdf", "", PDF, true},
		{"x", "pdf", PDF, true}, {"x.png", "svg", SVG, true}, {"x.gif", "", "", false}, {"x", "", "", false},
	} {
		got, err := FormatFromPath(tc.path, tc.flag)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("FormatFromPath(%q, %q) = %q, %v", tc.path, tc.flag, got, err)
		}
	}
}

func TestScale(t *testing.T) {
	ticks, dec := niceTicks(0, 1873.45, 5)
	if ticks[0] != 0 || ticks[len(ticks)-1] < 1873.45 || dec != 0 {
		t.Errorf("niceTicks = %v, %d", ticks, dec)
	}
	if _, dec := niceTicks(0, 0.9, 4); dec != 2 { // step 0.25
		t.Errorf("decimals %d", dec)
	}
	for in, want := range map[float64]string{1234567.5: "1,234,568", 999: "999", -1234: "-1,234", 0: "0"} {
		if got := group(in, 0); got != want {
			t.Errorf("group(%v) = %q, want %q", in, got, want)
		}
	}
	if got := Money(146782297); got != "1,467,822.97" {
		t.Errorf("Money = %q", got)
	}
	if got := Money(-5); got != "-0.05" {
		t.Errorf("Money = %q", got)
	}
	if pickUnit("", curve36()) != UnitWan || pickUnit("", []Series{{Points: []Point{{Label: "", Value: 9_999_999}}}}) != UnitYuan {
		t.Error("pickUnit")
	}
	if s := labelStep(36, 1000, 50); s != 3 {
		t.Errorf("labelStep 36 months = %d, want 3", s)
	}
}

// TestSamples writes sample outputs for people to look at:
// KEHU_CHART_SAMPLES=/tmp/kehu-charts go test ./app/chart/ -run TestSamples
func TestSamples(t *testing.T) {
	dir := os.Getenv("KEHU_CHART_SAMPLES")
	if dir == "" {
		t.Skip("set KEHU_CHART_SAMPLES=DIR to write sample charts and a report")
	}
	i18n.Setup("zh")
	defer i18n.Setup("en")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, draw func(*os.File) error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := draw(f); err != nil {
			t.Fatal(name, err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []Format{PNG, SVG, PDF} {
		write("sales-chart."+string(f), func(w *os.File) error {
			return Line(w, f, curve36(), Options{Title: "销售曲线", Subtitle: "2023-01 至 2025-12，按月；虚线为去年同期"})
		})
		write("tiers."+string(f), func(w *os.File) error {
			return Bar(w, f, tiers(), Options{Title: "各等级客户销售额", Subtitle: "2025 年", Width: 900, Height: 500})
		})
	}
	write("meeting-report.pdf", func(w *os.File) error { r := sampleReport(); return r.WritePDF(w) })
	// Edge cases: ten years of months, one month, small sums in 元 with a loss, English.
	write("edge-120.png", func(w *os.File) error {
		return Line(w, PNG, []Series{{Name: "This year", Points: months(120, 30_000, 0.01)}}, Options{Title: "十年", Width: 900, Height: 450})
	})
	write("edge-one.png", func(w *os.File) error {
		return Bar(w, PNG, []Series{{Name: "x", Points: []Point{{Label: "2025-01", Value: 123_456}}}}, Options{Title: "一个月", Width: 500, Height: 350})
	})
	write("edge-neg.png", func(w *os.File) error {
		s := []Series{
			{Name: "This year", Points: []Point{{Label: "1月", Value: 8_850_00}, {Label: "2月", Value: -1_200_00}, {Label: "3月", Value: 4_321_50}}},
			{Name: "Last year", Points: []Point{{Label: "1月", Value: 6_000_00}, {Label: "2月", Value: 2_500_00}, {Label: "3月", Value: 5_000_00}}},
		}
		return Bar(w, PNG, s, Options{Title: "退货月份", Width: 700, Height: 400})
	})
	i18n.Setup("en")
	write("edge-en.png", func(w *os.File) error {
		return Line(w, PNG, curve36()[:1], Options{Title: "Sales curve", Width: 800, Height: 400})
	})
}
