package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kehu-crm/kehu/app"
)

// The golden test is the safety net of a change that must not change what
// the command line prints or writes (issue 22: "CLI outputs on the demo
// folder are byte-identical before and after"). It makes the demo folder with
// a fixed clock and seed, runs every report, listing, export and chart the
// demo can feed (golden_cmds_test.go), normalises what is not the program's
// to decide (ids, wall-clock stamps, PDF and XLSX metadata:
// golden_norm_test.go) and compares each output with testdata/golden:
// manifest.txt (name, SHA-256, size of every output) and, for small text
// outputs, the output itself.
//
//	go test ./app/cli -run TestCLIGolden -update           # regenerate testdata/golden
//	go test ./app/cli -run TestCLIGolden -golden.out DIR   # also write every output to DIR
//
// tools/cliparity runs it on two revisions and compares the two sets.
var (
	goldenUpdate = flag.Bool("update", false, "TestCLIGolden: rewrite testdata/golden from this run")
	goldenOut    = flag.String("golden.out", "", "TestCLIGolden: write every normalised output and the manifest to this folder")
)

const goldenDir = "testdata/golden"

// goldenNow is the business clock of the golden run: every "now" of the
// demo data and of the reports.
var goldenNow = time.Date(2025, 6, 16, 9, 30, 0, 0, time.UTC)

// setGoldenClock pins the clock of the commands run by this test to
// goldenNow. It is the one place that knows how the clock is set.
func setGoldenClock(t *testing.T) time.Time {
	t.Helper()
	setNow(t, goldenNow.Format(time.RFC3339))
	return goldenNow
}

// goldenDemo makes the demo folder in a temporary folder and returns it: fixed
// seed and clock, 80 generated customers besides the seven named ones rather
// than 300, to keep the test fast.
func goldenDemo(t *testing.T, now time.Time) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "数据")
	svc, err := app.OpenWith(dir, app.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Demo(app.DemoOptions{Customers: 80, Seed: 22, Now: now, Months: 36}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// goldenPDFDates fixes the dates fpdf writes in every PDF's metadata (it
// takes time.Now() otherwise) and turns its compression off, so that the
// texts in a PDF can be normalised; both are restored at the end.
func goldenPDFDates(t *testing.T, now time.Time) {
	fpdf.SetDefaultCreationDate(now)
	fpdf.SetDefaultModificationDate(now)
	fpdf.SetDefaultCompression(false)
	t.Cleanup(func() {
		fpdf.SetDefaultCreationDate(time.Time{})
		fpdf.SetDefaultModificationDate(time.Time{})
		fpdf.SetDefaultCompression(true)
	})
}

func TestCLIGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("golden outputs: not in -short")
	}
	start := time.Now()
	now := setGoldenClock(t)
	goldenPDFDates(t, now)
	dir := goldenDemo(t, now)
	outs := runGolden(t, dir)
	t.Logf("%d outputs in %v", len(outs), time.Since(start).Round(time.Millisecond))

	if *goldenOut != "" {
		if err := writeGolden(*goldenOut, outs, true); err != nil {
			t.Fatal(err)
		}
	}
	if *goldenUpdate {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		if err := writeGolden(goldenDir, outs, false); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := readManifest(filepath.Join(goldenDir, "manifest.txt"))
	if err != nil {
		t.Fatalf("%v (make it with: go test ./app/cli -run TestCLIGolden -update)", err)
	}
	got := map[string]goldenOutput{}
	for _, o := range outs {
		got[o.name] = o
	}
	var bad []string
	for _, o := range outs {
		w, ok := want[o.name]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("%s: new output (kehu %s)", o.name, strings.Join(o.args, " ")))
		case w != manifestLine(o):
			bad = append(bad, fmt.Sprintf("%s: differs (kehu %s)\n    want %s\n    got  %s", o.name, strings.Join(o.args, " "), w, manifestLine(o)))
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			bad = append(bad, fmt.Sprintf("%s: output missing", name))
		}
	}
	if len(bad) == 0 {
		return
	}
	sort.Strings(bad)
	keep, err := os.MkdirTemp("", "kehu-golden-")
	if err == nil {
		err = writeGolden(keep, outs, true)
	}
	if err != nil {
		t.Errorf("cannot keep the outputs: %v", err)
	}
	t.Errorf("%d of %d CLI outputs differ from %s:\n%s\nThis run's outputs are in %s (compare with %s;\nif the change is meant, rerun with -update).",
		len(bad), len(outs), goldenDir, strings.Join(bad, "\n"), keep, goldenDir)
}

// goldenOutput is one output of one command, normalised.
type goldenOutput struct {
	name string   // file name in testdata/golden, e.g. "en/report_sales_month.csv"
	args []string // the command
	data []byte
}

// goldenTextMax is the largest text output stored whole beside the manifest.
const goldenTextMax = 20 << 10

func manifestLine(o goldenOutput) string {
	sum := sha256.Sum256(o.data)
	return fmt.Sprintf("%s\t%s\t%d\t%s", o.name, hex.EncodeToString(sum[:]), len(o.data), strings.Join(o.args, " "))
}

// storedWhole says whether an output is kept in full: small text (SVG only
// by its hash, to keep testdata/golden under 1 MB).
func storedWhole(o goldenOutput) bool {
	switch filepath.Ext(o.name) {
	case ".txt", ".csv", ".json", ".jsonl":
		return len(o.data) < goldenTextMax
	}
	return false
}

// writeGolden writes the manifest and the outputs (all, or the small text
// ones) into dir.
func writeGolden(dir string, outs []goldenOutput, all bool) error {
	var m bytes.Buffer
	m.WriteString("# name\tsha256 of the normalised output\tsize\tcommand (go test ./app/cli -run TestCLIGolden -update)\n")
	for _, o := range outs {
		m.WriteString(manifestLine(o) + "\n")
		if !all && !storedWhole(o) {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(o.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, o.data, 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "manifest.txt"), m.Bytes(), 0o644)
}

// readManifest maps each output's name to its manifest line.
func readManifest(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		name, _, _ := strings.Cut(l, "\t")
		m[name] = l
	}
	return m, nil
}
