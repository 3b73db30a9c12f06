package cli

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestChartSalesCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustRun(t, dir, "demo", "--customers", "20", "--months", "24")
	out := t.TempDir()
	for _, tc := range []struct {
		file string
		args []string
	}{
		{"curve.png", []string{"--compare-years"}},
		{"quarters.svg", []string{"--by", "quarter", "--tier", "S"}},
		{"years.pdf", []string{"--by", "year", "--customer", "宝岛眼镜公司"}},
		{"small.png", []string{"--width", "640", "--height", "360", "--region", "浙江"}},
	} {
		path := filepath.Join(out, tc.file)
		args := append([]string{"chart", "sales", "--out", path}, tc.args...)
		if got := mustRun(t, dir, args...); got != "Wrote the chart to "+path+".\n" {
			t.Errorf("%s: said %q", tc.file, got)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(path) {
		case ".png":
			img, err := png.Decode(strings.NewReader(string(b)))
			if err != nil {
				t.Fatalf("%s: %v", tc.file, err)
			}
			if tc.file == "small.png" && (img.Bounds().Dx() != 640 || img.Bounds().Dy() != 360) {
				t.Errorf("%s: %v", tc.file, img.Bounds())
			}
		case ".svg":
			if !strings.Contains(string(b), "<svg") {
				t.Errorf("%s: not an SVG", tc.file)
			}
		case ".pdf":
			if !strings.HasPrefix(string(b), "%PDF-") {
				t.Errorf("%s: not a PDF", tc.file)
			}
		}
	}
	left, _ := filepath.Glob(filepath.Join(out, ".*tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"chart", "sales"}, 2},                                       // no --out
		{[]string{"chart", "sales", "--out", filepath.Join(out, "x.gif")}, 2}, // format
		{[]string{"chart", "sales", "--out", filepath.Join(out, "x.png"), "--by", "week"}, 2},
		{[]string{"chart", "sales", "--out", filepath.Join(out, "x.png"), "--tier", "S", "--region", "浙江"}, 0}, // filters combine
		{[]string{"chart", "sales", "--out", filepath.Join(out, "x.png"), "--from", "2024-13"}, 2},
		{[]string{"chart", "sales", "--out", filepath.Join(out, "x.png"), "--customer", "没有这个客户"}, 1},
		{[]string{"chart", "sales", "--out", filepath.Join(out, "no", "such", "x.png")}, 1},
	} {
		if code, _, errs := run(t, dir, tc.args...); code != tc.code || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%q: exit %d (want %d), stderr %q", tc.args, code, tc.code, errs)
		}
	}
}
