package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportMapValues: --map COLUMN:VALUE=CODE maps values no code
// matches, repeatable and beside a column mapping; a dry run lists the
// unmatched values with their counts.
func TestImportMapValues(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	file := filepath.Join(t.TempDir(), "名单.csv")
	if err := os.WriteFile(file, []byte("客户名称,客户等级,片区\n甲,重点\n乙,重点,东\n丙,一般\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, dir, "import", "customers", file, "--dry-run")
	if !strings.Contains(out, "客户等级: 重点 ×2, 一般 ×1") {
		t.Errorf("dry run lists no unmatched values:\n%s", out)
	}
	if code, _, errs := run(t, dir, "import", "customers", file, "--map", "客户等级:重点=Z"); code != 2 && code != 1 {
		t.Errorf("a bad code: exit %d, %s", code, errs)
	}
	out = mustRun(t, dir, "import", "customers", file, "--map", "客户等级:重点=A", "--map", "客户等级:一般=-", "--map", "片区=-", "--format", "json")
	if strings.Contains(out, "unmatched") {
		t.Errorf("values left unmatched: %s", out)
	}
	got := mustRun(t, dir, "customer", "show", "甲", "--format", "json")
	if !strings.Contains(got, `"tier":"A"`) && !strings.Contains(got, `"tier": "A"`) {
		t.Errorf("甲: %s", got)
	}
}
