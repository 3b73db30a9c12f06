package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// run calls Main on a data folder (given last: global flags go anywhere), in
// English unless the arguments say otherwise.
func run(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--lang") }) {
		args = append(args, "--lang=en")
	}
	args = append(args, "--data", dir)
	var out, errb bytes.Buffer
	code = MainAt(testNow, args, &out, &errb, func(string, string) int {
		t.Fatalf("window opened for %q", args)
		return 0
	})
	return code, out.String(), errb.String()
}

// testNow is the business clock run gives MainAt: nil (the wall clock)
// unless a test fixes it with setNow.
var testNow func() time.Time

// setNow fixes the clock of the commands run by this test from now on at at
// (RFC 3339) and returns that clock, for a Service the test opens itself.
func setNow(t *testing.T, at string) func() time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	prev := testNow
	testNow = func() time.Time { return tm }
	t.Cleanup(func() { testNow = prev })
	return testNow
}

// mustRun runs a command that must succeed.
func mustRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, dir, args...)
	if code != 0 {
		t.Fatalf("%q: exit %d: %s", args, code, errs)
	}
	return out
}

// demoDir is a data folder holding the demo data.
func demoDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "数据")
	out := mustRun(t, dir, "demo")
	if !strings.Contains(out, "307") {
		t.Fatalf("demo said %q", out)
	}
	return dir
}

type listRow struct {
	ID, Name, Tier, Stage, Province, City, Phone, Revenue string
}

func TestDemoListJSON(t *testing.T) {
	dir := demoDir(t)
	out := mustRun(t, dir, "customer", "list", "--format", "json")
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	if len(raw) != 307 {
		t.Fatalf("%d customers, want 307", len(raw))
	}
	keys := []string{"id", "name", "tier", "stage", "province", "city", "phone", "revenue", "sales_12m"}
	money := regexp.MustCompile(`^-?\d+\.\d\d$`)
	found := false
	for _, r := range raw {
		if len(r) != len(keys) {
			t.Fatalf("keys %v, want %v", r, keys)
		}
		for _, k := range keys {
			if _, ok := r[k].(string); !ok {
				t.Fatalf("%s = %#v, want a string", k, r[k])
			}
		}
		if !money.MatchString(r["revenue"].(string)) {
			t.Errorf("revenue %q", r["revenue"])
		}
		if r["name"] == "宝岛眼镜公司" {
			found = true
			if r["tier"] != "S" || r["revenue"] != "8000000.00" {
				t.Errorf("宝岛: %v", r)
			}
		}
	}
	if !found {
		t.Error("宝岛眼镜公司 missing")
	}
	// Filters, sort and limit; JSON is [] when nothing matches.
	out = mustRun(t, dir, "customer", "list", "--tier", "s", "--sort", "revenue", "--limit", "1", "--format=json")
	var top []listRow
	if err := json.Unmarshal([]byte(out), &top); err != nil || len(top) != 1 || top[0].Name != "宝岛眼镜公司" {
		t.Errorf("top S customer: %v %q", err, out)
	}
	if out = mustRun(t, dir, "customer", "list", "--search", "no such shop", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list = %q", out)
	}
	if code, _, errs := run(t, dir, "demo"); code != 1 || !strings.Contains(errs, "already holds 307 customers") {
		t.Errorf("second demo: %d %q", code, errs)
	}
	if out = mustRun(t, dir, "check"); !strings.Contains(out, "OK: 307 customers") {
		t.Errorf("check: %q", out)
	}
}

func TestListCSVAndTable(t *testing.T) {
	dir := demoDir(t)
	out := mustRun(t, dir, "customer", "list", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id", "name", "tier", "stage", "province", "city", "phone", "revenue", "sales_12m"}; !slices.Equal(recs[0], want) {
		t.Errorf("header %v", recs[0])
	}
	if len(recs) != 308 {
		t.Errorf("%d CSV records, want header + 307", len(recs))
	}
	// The table stops at 50 rows and says how many it left out.
	out = mustRun(t, dir, "customer", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2+50+1 || !strings.Contains(lines[len(lines)-1], "257 more") {
		t.Fatalf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
	// Columns line up by display width, Chinese counting two.
	col := displayWidth(lines[0][:strings.Index(lines[0], "Tier")])
	for _, l := range lines[2:52] {
		i := -1
		for _, tier := range []string{"S Strategic", "A Partner", "B Ordinary", "C Small"} {
			if j := strings.Index(l, tier); j >= 0 {
				i = j
				break
			}
		}
		if i < 0 || displayWidth(l[:i]) != col {
			t.Fatalf("tier column of %q is not at %d", l, col)
		}
	}
	out = mustRun(t, dir, "--lang", "zh", "customer", "list", "--limit", "3")
	if !strings.Contains(out, "客户名称") || !strings.Contains(out, "客户等级") || strings.Contains(out, "more") {
		t.Errorf("zh table:\n%s", out)
	}
}

func TestCustomerRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	code, out, errs := run(t, dir, "customer", "add", "--name", "测试眼镜店", "--tier", "a", "--phone", "not a phone",
		"--short-name=测试", "--revenue", "3万", "--stage", "development")
	if code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	id := strings.TrimSpace(out)
	if len(id) != 26 || strings.Contains(out, " ") {
		t.Fatalf("add printed %q, want the id only", out)
	}
	if !strings.HasPrefix(errs, "warning: phone: ") {
		t.Errorf("warning = %q", errs)
	}
	mustRun(t, dir, "customer", "set", "测试眼镜店", "city=杭州市", "notes=line one", "tier=S")
	out = mustRun(t, dir, "customer", "show", id, "--format", "json")
	var got struct {
		model.Customer
		Revenue      string            `json:"revenue"`
		Interactions []json.RawMessage `json:"interactions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.ID != id || got.City != "杭州市" || got.Tier != "S" || got.Stage != "development" || got.ShortName != "测试" ||
		got.Revenue != "30000.00" || got.Notes != "line one" || got.Interactions == nil {
		t.Errorf("show json: %s", out)
	}
	out = mustRun(t, dir, "customer", "show", "测试眼镜店")
	for _, want := range []string{"S Strategic", "30,000.00 CNY", "杭州市", "Contacts (0)"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, dir, "customer", "show", id, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][0] != id {
		t.Errorf("show csv: %v %q", err, out)
	}
	if out = mustRun(t, dir, "customer", "delete", id); !strings.Contains(out, "测试眼镜店") {
		t.Errorf("delete said %q", out)
	}
	if code, _, errs := run(t, dir, "customer", "show", id); code != 1 || !strings.Contains(errs, "not found") {
		t.Errorf("show after delete: %d %q", code, errs)
	}
}

func TestErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, dir, "customer", "add", "--name", "ABC眼镜")
	mustRun(t, dir, "customer", "add", "--name", " ＡＢＣ眼镜 ")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"customer", "set", "ABC眼镜", "colour=red"}, 2, "Unknown field \"colour\": use one of name, short_name"},
		{[]string{"customer", "set", "x", "city"}, 2, "is not FIELD=VALUE"},
		{[]string{"customer", "add", "--city", "杭州市"}, 1, "name: A customer needs a name."},
		{[]string{"customer", "add", "--name", "X", "--tier", "Z"}, 1, "tier: \"Z\" is not a valid value: use one of S, A, B, C."},
		{[]string{"customer", "add", "--name", "X", "--revenue", "lots"}, 1, "revenue: \"lots\" is not an amount"},
		{[]string{"customer", "add", "--name", "X", "--colour", "red"}, 2, "Unknown flag --colour for kehu customer add."},
		{[]string{"customer", "show", "nobody"}, 1, "customer nobody not found"},
		{[]string{"customer", "delete", "nobody"}, 1, "customer nobody not found"},
		{[]string{"customer", "show", "abc眼镜"}, 1, "abc眼镜 matches 2 customers: ABC眼镜 ("},
		{[]string{"customer", "show"}, 2, "Give one customer id or name"},
		{[]string{"customer", "list", "--limit", "many"}, 2, "--limit wants a whole number"},
		{[]string{"customer", "list", "--sort", "colour"}, 2, "Unknown sort key colour"},
		{[]string{"customer", "list", "--tier", "Q"}, 2, "Unknown tier \"Q\""},
		{[]string{"customer", "list", "--format", "xml"}, 2, "Unknown format xml"},
		{[]string{"customer", "list", "--search"}, 2, "The flag --search needs a value."},
		{[]string{"customer"}, 2, "kehu customer needs a subcommand: add, list, show, set, delete."},
		{[]string{"customer", "fly"}, 2, "Unknown subcommand fly"},
		{[]string{"fly"}, 2, "Unknown command fly. Run 'kehu --help'"},
		{[]string{"--bogus"}, 2, "Unknown flag --bogus."},
		{[]string{"version", "extra"}, 2, "Unexpected argument \"extra\"."},
		{[]string{"demo", "--customers", "0"}, 2, "--customers wants a whole number of at least 1"},
		{[]string{"--lang", "fr", "version"}, 2, "Unknown language fr"},
		{[]string{"--lang", "zh", "customer", "show", "nobody"}, 1, "找不到客户 nobody"},
		{[]string{"--lang=zh", "customer", "set", "x", "colour=red"}, 2, "未知字段"},
		{[]string{"--lang", "zh", "customer", "add", "--phone", "1"}, 1, "未保存：name: 客户名称不能为空。"},
	} {
		code, out, errs := run(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d, %q", tc.args, code, errs, tc.code, tc.want)
		}
		if strings.Count(errs, "\n") != 1 || out != "" {
			t.Errorf("%q: want one line on stderr and nothing on stdout, got %q / %q", tc.args, errs, out)
		}
	}
	// The ambiguity lists every candidate with its id.
	_, _, errs := run(t, dir, "customer", "show", "abc眼镜")
	if n := len(regexp.MustCompile(`\([0-9A-Z]{26}\)`).FindAllString(errs, -1)); n != 2 {
		t.Errorf("candidates with ids: %d in %q", n, errs)
	}
}

func TestWindowAndHelp(t *testing.T) {
	var gotDir, gotLang string
	called := 0
	window := func(dir, lang string) int { called++; gotDir, gotLang = dir, lang; return 7 }
	var out, errb bytes.Buffer
	if code := Main(nil, &out, &errb, window); code != 7 || called != 1 || gotDir != "" || gotLang != "" {
		t.Errorf("no args: code %d, called %d, %q %q", code, called, gotDir, gotLang)
	}
	if code := Main([]string{"--data=/x", "--lang", "zh"}, &out, &errb, window); code != 7 || gotDir != "/x" || gotLang != "zh" {
		t.Errorf("globals only: code %d, %q %q", code, gotDir, gotLang)
	}
	for _, args := range [][]string{{"--help"}, {"customer", "--help"}, {"customer", "add", "-h"}, {"customer", "list", "--help"}} {
		out.Reset()
		errb.Reset()
		if code := Main(append(args, "--lang", "en"), &out, &errb, window); code != 0 || !strings.Contains(out.String(), "Usage: kehu") || errb.Len() > 0 {
			t.Errorf("%q: %d %q %q", args, code, out.String(), errb.String())
		}
	}
	if !strings.Contains(out.String(), "revenue") {
		t.Errorf("list help lacks sort keys: %s", out.String())
	}
	if called != 2 {
		t.Errorf("window called %d times", called)
	}
	out.Reset()
	if code := Main([]string{"version"}, &out, &errb, window); code != 0 || !strings.HasPrefix(out.String(), "kehu "+Version) {
		t.Errorf("version: %d %q", code, out.String())
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "宝岛": 4, "ＡＢ": 4, "e\u0301": 1, "杭州市 x": 8, "": 0} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestLocked runs a writing command in a second process while this one holds
// the data folder: it must fail at once with the clear message, not wait.
func TestLocked(t *testing.T) {
	if dir := os.Getenv("KEHU_CLI_LOCK_CHILD"); dir != "" {
		os.Exit(Main([]string{"customer", "add", "--name", "X", "--data", dir, "--lang", "en"}, os.Stdout, os.Stderr, nil))
	}
	dir := filepath.Join(t.TempDir(), "locked folder")
	svc, err := app.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLocked$")
	cmd.Env = append(os.Environ(), "KEHU_CLI_LOCK_CHILD="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("child: %v, stdout %q, stderr %q", err, stdout.String(), stderr.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	abs, _ := filepath.Abs(dir)
	if want := "Kehu is already open on this data folder: " + abs + ". Close the other Kehu window or command, then try again.\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout %q", stdout.String())
	}
	if n, err := svc.Customers.Count(); err != nil || n != 0 {
		t.Errorf("customers after locked add: %d %v", n, err)
	}
}
