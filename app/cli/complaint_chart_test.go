package cli

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// complaintsDir is a data folder with three complaints over two months: one
// closed (response 3 h, handling 48 h), one acknowledged, one new.
func complaintsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	addCustomer(t, dir, "宝岛眼镜公司")
	addCustomer(t, dir, "=天明眼镜")
	add := func(at, cust, cat, sev string) string {
		setNow(t, at)
		return strings.TrimSpace(mustRun(t, dir, "complaint", "add", "--customer", cust, "--category", cat,
			"--severity", sev, "--channel", "phone", "--text", "镜片有划痕"))
	}
	upd := func(at, id string, args ...string) {
		setNow(t, at)
		mustRun(t, dir, append([]string{"complaint", "update", id}, args...)...)
	}
	a := add("2025-03-03T09:00:00Z", "宝岛眼镜公司", "quality", "high")
	upd("2025-03-03T12:00:00Z", a, "--status", "acknowledged")
	upd("2025-03-05T09:00:00Z", a, "--status", "resolved", "--resolution", "换货", "--satisfaction", "4")
	upd("2025-03-06T09:00:00Z", a, "--status", "closed")
	b := add("2025-04-01T09:00:00Z", "宝岛眼镜公司", "delivery", "medium")
	upd("2025-04-01T10:00:00Z", b, "--status", "acknowledged")
	add("2025-04-02T09:00:00Z", "=天明眼镜", "quality", "low")
	setNow(t, "2025-04-02T10:00:00Z")
	return dir
}

func TestExportComplaints(t *testing.T) {
	dir := complaintsDir(t)
	out := t.TempDir()
	csvFile := filepath.Join(out, "投诉.csv")
	if got := mustRun(t, dir, "export", "complaints", "--out", csvFile); got != "Exported 3 complaints to "+csvFile+".\n" {
		t.Errorf("said %q", got)
	}
	b, _ := os.ReadFile(csvFile)
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("%d records: %v", len(recs), err)
	}
	if recs[0][0] != "ID" || recs[1][3] != "宝岛眼镜公司" || recs[3][3] != "'=天明眼镜" {
		t.Errorf("records %q", recs)
	}
	for _, f := range []string{"c.xlsx", "c.jsonl"} {
		mustRun(t, dir, "export", "complaints", "--out", filepath.Join(out, f))
	}
	j1, _ := os.ReadFile(filepath.Join(out, "c.jsonl"))
	mustRun(t, dir, "export", "complaints", "--out", filepath.Join(out, "d.jsonl"))
	j2, _ := os.ReadFile(filepath.Join(out, "d.jsonl"))
	if !bytes.Equal(j1, j2) || strings.Count(string(j1), "\n") != 3 {
		t.Errorf("jsonl not stable or not 3 lines:\n%s", j1)
	}
	if st, err := os.Stat(filepath.Join(out, "c.xlsx")); err != nil || st.Size() < 1000 {
		t.Errorf("xlsx: %v", err)
	}
}

func TestChartComplaints(t *testing.T) {
	dir := complaintsDir(t)
	out := t.TempDir()
	for _, tc := range [][]string{
		{"c.png"},
		{"c.svg", "--by", "status"},
		{"c.pdf", "--by", "customer", "--limit", "1"},
		{"m.png", "--by", "month"},
		{"h.png", "--by", "month", "--measure", "handling"},
		{"r.svg", "--measure", "response"},
	} {
		f := filepath.Join(out, tc[0])
		args := append([]string{"chart", "complaints", "--out", f}, tc[1:]...)
		if got := mustRun(t, dir, args...); got != "Wrote the chart to "+f+".\n" {
			t.Errorf("%q said %q", args, got)
		}
		b, err := os.ReadFile(f)
		if err != nil || len(b) < 500 {
			t.Fatalf("%s: %d bytes, %v", f, len(b), err)
		}
		switch filepath.Ext(f) {
		case ".png":
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() != 1200 {
				t.Errorf("%s: %v", f, err)
			}
		case ".svg":
			if !bytes.Contains(b, []byte("<svg")) {
				t.Errorf("%s is not SVG", f)
			}
		case ".pdf":
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Errorf("%s is not PDF", f)
			}
		}
	}
	svg, _ := os.ReadFile(filepath.Join(out, "c.svg"))
	if !bytes.Contains(svg, []byte("Number of complaints (count)")) {
		t.Errorf("count axis not named: %.300s", svg)
	}

	empty := t.TempDir()
	for _, tc := range []struct {
		dir  string
		args []string
		code int
		msg  string
	}{
		{dir, []string{"chart", "complaints", "--by", "tier", "--out", "x.png"}, 2, "Unknown grouping"},
		{dir, []string{"chart", "complaints", "--measure", "speed", "--out", "x.png"}, 2, "Unknown measure"},
		{dir, []string{"chart", "complaints"}, 2, "--out FILE.png"},
		{dir, []string{"chart", "complaints", "--out", "x.txt"}, 2, "End the file name"},
		{empty, []string{"chart", "complaints", "--out", filepath.Join(out, "e.png")}, 1, "No complaints yet"},
	} {
		code, stdout, stderr := run(t, tc.dir, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d %q", tc.args, code, stdout, stderr, tc.code, tc.msg)
		}
	}
}
