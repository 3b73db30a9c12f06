package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestListingOut: every listing takes --out FILE and writes there what it
// would print; a failing listing leaves no file and an older one as it was;
// a name Windows cannot have is refused with a message that says why; CSV
// to a file gets a BOM where Windows would give one, and only CSV.
func TestListingOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据")
	mustRun(t, dir, "demo", "--customers", "20", "--months", "6")
	outDir := filepath.Join(t.TempDir(), "我的 文档")
	os.MkdirAll(outDir, 0o700)
	for _, args := range [][]string{
		{"customer", "list", "--format", "csv"},
		{"report", "sales", "--format", "json"},
		{"import", "list"},
		{"complaint", "list", "--format", "csv"},
	} {
		want := mustRun(t, dir, args...)
		file := filepath.Join(outDir, "列表.txt")
		if out := mustRun(t, dir, append(args, "--out", file)...); out != "" {
			t.Errorf("%q printed %q with --out", args, out)
		}
		if got, err := os.ReadFile(file); err != nil || string(got) != want {
			t.Errorf("%q --out: %q (%v), want %q", args, got, err, want)
		}
	}
	old := filepath.Join(outDir, "旧.csv")
	os.WriteFile(old, []byte("old"), 0o600)
	if code, _, _ := run(t, dir, "customer", "list", "--tier", "X", "--out", old); code == 0 {
		t.Fatal("a bad tier succeeded")
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("the older file became %q", b)
	}
	if ents, _ := os.ReadDir(outDir); len(ents) != 2 {
		t.Errorf("leftovers: %v", ents)
	}
	for _, tc := range []struct{ name, want string }{
		{"CON.csv", "CON, PRN"}, {"nul", "CON, PRN"}, {"com1.txt", "CON, PRN"},
		{"报表 10:30.csv", "does not allow :"}, {"a?.csv", "does not allow :"},
	} {
		code, _, errs := run(t, dir, "customer", "list", "--out", filepath.Join(outDir, tc.name))
		if code != 1 || !strings.Contains(errs, tc.want) || !strings.Contains(errs, tc.name) {
			t.Errorf("%s: exit %d: %q", tc.name, code, errs)
		}
	}

	csvBOM = func(w io.Writer, file bool) bool { return true }
	defer func() { csvBOM = osCSVBOM }()
	for format, bom := range map[string]bool{"csv": true, "json": false, "table": false} {
		_, out, _ := run(t, dir, "customer", "list", "--format", format)
		if strings.HasPrefix(out, "\ufeff") != bom || strings.Count(out, "\ufeff") > 1 {
			t.Errorf("%s to a file on Windows: %.20q", format, out)
		}
	}
	if code, out, _ := run(t, dir, "customer", "list", "--format", "csv", "--tier", "X"); code == 0 || out != "" {
		t.Errorf("a failed listing printed %q", out)
	}
}
