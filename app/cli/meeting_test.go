package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/reports"
)

func TestReportMeetingCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mustRun(t, dir, "demo", "--customers", "30", "--months", "24")
	mustRun(t, dir, "settings", "set", "company_name", "杭州加美科技有限公司")
	out := filepath.Join(t.TempDir(), "报告.pdf")
	if got := mustRun(t, dir, "--lang", "zh", "report", "meeting", "--out", out); !strings.Contains(got, out) {
		t.Errorf("said %q", got)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("not a PDF: %v", err)
	}

	// The top 10 of the same range, from the service.
	svc, err := app.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.Reports.MeetingReport(reports.SalesQuery{})
	svc.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Top) != 10 || len(r.Curve) != 2 || len(r.ByTier) < 4 || len(r.Totals) != 5 {
		t.Fatalf("report: %d top, %d series, %d tiers, %d totals", len(r.Top), len(r.Curve), len(r.ByTier), len(r.Totals))
	}
	if n := len(r.Curve[0].Points); n != 12 {
		t.Errorf("curve has %d months, want 12", n)
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	txt, err := exec.Command("pdftotext", "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(txt)), "")
	want := []string{"销售会议报告", "杭州加美科技有限公司", "前十名客户", "各等级客户销售额", "同比", "第1页/共3页"}
	for _, t := range r.Top {
		want = append(want, t.Name)
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("report text lacks %q", w)
		}
	}

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"report", "meeting"}, 2},
		{[]string{"report", "meeting", "--out", "r.png"}, 2},
		{[]string{"report", "meeting", "--out", out, "--from", "soon"}, 2},
		{[]string{"report", "meeting", "--out", out, "--from", "2026-05", "--to", "2026-01"}, 1},
	} {
		if code, _, errs := run(t, dir, tc.args...); code != tc.code {
			t.Errorf("%q: exit %d (want %d): %s", tc.args, code, tc.code, errs)
		}
	}
	// A chosen range.
	mustRun(t, dir, "report", "meeting", "--from", "2025-Q1", "--to", "2025-Q2", "--out", out)
}
