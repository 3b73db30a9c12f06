package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportEmptyPeriod: a report with nothing in its default period (the
// last 12 months) says which months hold sales; its JSON stays an empty
// array. Without sales it says to import them.
func TestReportEmptyPeriod(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, dir, "customer", "add", "--name", "宝岛眼镜公司")
	for _, args := range [][]string{{"report", "ranking"}, {"report", "tiers"}} {
		if _, _, errs := run(t, dir, args...); !strings.Contains(errs, "There are no sales yet") {
			t.Errorf("%v without sales: stderr %q", args, errs)
		}
	}
	file := filepath.Join(t.TempDir(), "销售.csv")
	if err := os.WriteFile(file, []byte("日期,客户名称,产品,数量,金额\n2019-01-05,宝岛眼镜公司,镜片,1,100\n2019-03-05,宝岛眼镜公司,镜片,1,100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "import", "sales", file)
	for _, args := range [][]string{{"report", "ranking", "--format", "json"}, {"report", "tiers"}} {
		code, out, errs := run(t, dir, args...)
		if code != 0 || !strings.Contains(errs, "The sales run from 2019-01 to 2019-03: try --from 2019-01 --to 2019-03") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		if args[len(args)-1] == "json" && strings.TrimSpace(out) != "[]" {
			t.Errorf("%v: stdout %q, want []", args, out)
		}
	}
	if _, _, errs := run(t, dir, "report", "ranking", "--from", "2019-01", "--to", "2019-03"); errs != "" {
		t.Errorf("a period with sales: stderr %q", errs)
	}
}
