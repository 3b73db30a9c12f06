package cli

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestListCSVFormulaGuard: `customer list --format csv` on stdout guards
// text as the exports do: a name that a spreadsheet would run as a formula
// — full-width ＝, or = behind a zero-width space — gets the apostrophe.
func TestListCSVFormulaGuard(t *testing.T) {
	dir := t.TempDir()
	names := []string{"=HYPERLINK(\"http://x\",\"点我\")", "＝1+1", "\u200b=1+1", "@SUM(A1)", "天明眼镜"}
	for _, n := range names {
		mustRun(t, dir, "customer", "add", "--name", n)
	}
	out := mustRun(t, dir, "customer", "list", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range recs[1:] {
		got[r[1]] = true
	}
	for _, n := range names {
		want := "'" + n
		if n == "天明眼镜" {
			want = n
		}
		if !got[want] {
			t.Errorf("name %+q not written as %+q: %q", n, want, out)
		}
	}
}
