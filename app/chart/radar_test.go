package chart

import (
	"bytes"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/i18n"
)

var radarAxes = []string{"接受认可度\n5", "活动参与度\n4", "信息传递度\n4", "日常指导度\n4", "项目支持度\n5", "竞争偏向度\n3"}

// TestRadarFormats draws the radar and the trend in every format: the PNG
// has the size asked for and colour where the latest area is, the SVG and
// PDF carry the Chinese labels as text.
func TestRadarFormats(t *testing.T) {
	i18n.Setup("zh")
	defer i18n.Setup("en")
	s := []RadarSeries{{Name: "2026-06-01", Values: []float64{5, 4, 4, 4, 5, 3}}, {Name: "2026-03-15", Values: []float64{5, 5, 4, 4, 5, 3}}}
	o := Options{Title: "客户关系评估", Subtitle: "宝岛眼镜公司", Width: 640, Height: 480}
	var b bytes.Buffer
	if err := Radar(&b, PNG, radarAxes, s, o); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.X != 640 || sz.Y != 480 {
		t.Errorf("size %v", sz)
	}
	if dir := os.Getenv("KEHU_CHART_OUT"); dir != "" {
		os.WriteFile(dir+"/radar.png", b.Bytes(), 0o644)
	}
	// Between the centre and the top spoke's 4 the latest area is tinted.
	tinted := 0
	for y := 240; y < 300; y++ {
		if r, g, bl, _ := img.At(320+6, y).RGBA(); !(r == g && g == bl) {
			tinted++
		}
	}
	if tinted == 0 {
		t.Error("no colour inside the radar")
	}
	for _, f := range []Format{SVG, PDF} {
		b.Reset()
		if err := Radar(&b, f, radarAxes, s, o); err != nil {
			t.Fatal(f, err)
		}
		if f == SVG && (!strings.Contains(b.String(), "竞争偏向度") || !strings.Contains(b.String(), `xml:lang="zh"`)) {
			t.Error("SVG without its labels or language")
		}
		if f == PDF && !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) {
			t.Error("not a PDF")
		}
	}
	if err := Radar(&b, PNG, radarAxes[:2], s, o); err != ErrNoData {
		t.Errorf("two axes: %v", err)
	}
	if err := Radar(&b, PNG, radarAxes, []RadarSeries{{Values: []float64{1}}}, o); err == nil {
		t.Error("one value for six axes accepted")
	}

	tr := []ScoreSeries{
		{Name: "Relationship (mean of six)", Points: []ScorePoint{{"2026-01-10", 3}, {"2026-03-15", 47.0 / 12}, {"2026-06-01", 25.0 / 6}}},
		{Name: "Satisfaction", Points: []ScorePoint{{"2026-02-01", 3}, {"2026-05-01", 4.5}}},
	}
	for _, f := range []Format{PNG, SVG, PDF} {
		b.Reset()
		if err := ScoreTrend(&b, f, tr, Options{Title: "趋势", Width: 640, Height: 320}); err != nil {
			t.Fatal(f, err)
		}
		if f == PNG {
			if dir := os.Getenv("KEHU_CHART_OUT"); dir != "" {
				os.WriteFile(dir+"/trend.png", b.Bytes(), 0o644)
			}
		}
		if f == SVG && !strings.Contains(b.String(), "3.9") {
			t.Error("SVG trend without the 3.9 label (47/12)")
		}
	}
	if err := ScoreTrend(&b, PNG, nil, Options{}); err != ErrNoData {
		t.Errorf("empty trend: %v", err)
	}
}
