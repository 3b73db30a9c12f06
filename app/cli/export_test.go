package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportCustomers(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	mustRun(t, dir, "customer", "add", "--name", "=HYPERLINK(\"http://x\")", "--phone", "+8613800000000")

	// CSV, named by the extension: UTF-8 with BOM, Chinese headers under --lang zh.
	csvFile := filepath.Join(out, "客户.csv")
	if got := mustRun(t, dir, "--lang", "zh", "export", "customers", "--out", csvFile); got != "已导出 308 个客户到 "+csvFile+"。\n" {
		t.Errorf("stdout %q", got)
	}
	b, err := os.ReadFile(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 309 || recs[0][0] != "编号" || recs[0][1] != "客户名称" {
		t.Fatalf("%d records, header %q", len(recs), recs[0])
	}
	found := false
	for _, r := range recs[1:] {
		if r[1] == "'=HYPERLINK(\"http://x\")" {
			found = true
			if i := slices.Index(recs[0], "电话"); r[i] != "'+8613800000000" {
				t.Errorf("phone %q", r[i])
			}
		}
	}
	if !found {
		t.Error("the risky name is missing or not made inert")
	}

	// JSON Lines: the same store exports byte-identically.
	a, bb := filepath.Join(out, "a.jsonl"), filepath.Join(out, "b.json")
	if got := mustRun(t, dir, "export", "customers", "--out", a); got != "Exported 308 customers to "+a+".\n" {
		t.Errorf("stdout %q", got)
	}
	mustRun(t, dir, "export", "customers", "--out", bb)
	ja, _ := os.ReadFile(a)
	jb, _ := os.ReadFile(bb)
	if len(ja) == 0 || !bytes.Equal(ja, jb) {
		t.Fatalf("two JSON Lines exports differ (%d, %d bytes)", len(ja), len(jb))
	}
	lines := strings.Split(strings.TrimSuffix(string(ja), "\n"), "\n")
	if len(lines) != 308 {
		t.Errorf("%d lines", len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first["id"] == nil {
		t.Errorf("line 1: %v %q", err, lines[0])
	}

	// --format wins over the name; xlsx opens with excelize.
	x := filepath.Join(out, "list.csv")
	mustRun(t, dir, "export", "customers", "--out", x, "--format", "xlsx")
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatalf("--format xlsx did not write a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Customers")
	if err != nil || len(rows) != 309 || rows[0][1] != "Name" {
		t.Errorf("workbook: %v, %d rows", err, len(rows))
	}

	// GB18030 CSV.
	g := filepath.Join(out, "gbk.csv")
	mustRun(t, dir, "export", "customers", "--out", g, "--encoding", "gb18030")
	if gb, _ := os.ReadFile(g); bytes.HasPrefix(gb, []byte("\xEF\xBB\xBF")) || !bytes.Contains(gb, []byte{0xB1, 0xA6, 0xB5, 0xBA}) { // 宝岛
		t.Error("not GB18030")
	}

	// Nothing but the exports was left in the folder.
	ents, _ := os.ReadDir(out)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if want := []string{"a.jsonl", "b.json", "gbk.csv", "list.csv", "客户.csv"}; !slices.Equal(names, want) {
		t.Errorf("folder holds %q, want %q", names, want)
	}
}

func TestExportErrors(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "sales", "--out", filepath.Join(out, "no", "such", "s.csv")}, 1, "Could not write"},
		{[]string{"export", "complaints", "--out", filepath.Join(out, "no", "such", "c.csv")}, 1, "Could not write"},
		{[]string{"export"}, 2, "Say what to export"},
		{[]string{"export", "orders", "--out", "x.csv"}, 2, "Unknown export \"orders\""},
		{[]string{"export", "customers"}, 2, "--out FILE"},
		{[]string{"export", "customers", "--out", filepath.Join(out, "c.txt")}, 2, "Cannot tell the format"},
		{[]string{"export", "customers", "--out", filepath.Join(out, "c.csv"), "--format", "pdf"}, 2, "Unknown export format \"pdf\""},
		{[]string{"export", "customers", "--out", filepath.Join(out, "c.csv"), "--encoding", "latin1"}, 2, "Unknown encoding"},
		{[]string{"export", "customers", "--out", filepath.Join(out, "c.xlsx"), "--encoding", "gb18030"}, 2, "CSV only"},
		{[]string{"export", "customers", "--out", filepath.Join(out, "no", "such", "c.csv")}, 1, "Could not write"},
		// Other commands still refuse export formats.
		{[]string{"customer", "list", "--format", "xlsx"}, 2, "Unknown format xlsx"},
	} {
		code, stdout, stderr := run(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, stdout, stderr, tc.code, tc.msg)
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("failed exports left %d files", len(ents))
	}
}

// TestExportAtomic makes the final rename fail (the target is a folder):
// the export fails and leaves no temporary file behind.
func TestExportAtomic(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	target := filepath.Join(out, "taken.csv")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, dir, "export", "customers", "--out", target)
	if code != 1 || !strings.Contains(stderr, "Could not write") {
		t.Fatalf("exit %d: %q", code, stderr)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 || ents[0].Name() != "taken.csv" {
		t.Errorf("left behind: %v", ents)
	}
	// An existing file is replaced whole.
	file := filepath.Join(out, "c.jsonl")
	os.WriteFile(file, []byte("old"), 0o644)
	mustRun(t, dir, "export", "customers", "--out", file)
	if b, _ := os.ReadFile(file); !bytes.HasPrefix(b, []byte(`{"id":`)) {
		t.Errorf("not replaced: %.40q", b)
	}
}
