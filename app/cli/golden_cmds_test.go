package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var goldenTiming = os.Getenv("GOLDEN_TIMING") != ""

// goldenLangs are the languages every command runs in.
var goldenLangs = []string{"zh", "en"}

// goldenListings are the listings and reports, each run in every --format.
// Periods are given where the default would follow the wall clock rather
// than the business clock (report sales, report meeting: time.Now()).
func goldenListings(complaint string) [][]string {
	const cust = "宝岛眼镜公司"
	l := [][]string{
		{"customer", "list"},
		{"customer", "list", "--sort", "sales_12m", "--limit", "30"},
		{"customer", "list", "--sort", "name", "--asc"},
		{"customer", "list", "--tier", "A", "--sort", "revenue"},
		{"customer", "list", "--search", "眼镜", "--limit", "20"},
		{"customer", "show", cust},
		{"complaint", "list"},
		{"complaint", "list", "--open", "--sort", "severity", "--desc"},
		{"complaint", "list", "--overdue"},
		{"complaint", "show", complaint},
		{"followup", "list"},
		{"action", "list", "--overdue"},
		{"action", "list", "--customer", cust},
		{"import", "list"},
		{"sync", "conflicts"},
		{"report", "sales", "--by", "month", "--from", "2022-07", "--to", "2025-06"},
		{"report", "sales", "--by", "quarter", "--from", "2022-Q3", "--to", "2025-Q2"},
		{"report", "sales", "--by", "year", "--from", "2022", "--to", "2025"},
		{"report", "sales", "--from", "2024-01", "--to", "2025-06", "--tier", "S"},
		{"report", "sales", "--from", "2024-01", "--to", "2025-06", "--customer", cust},
		{"report", "ranking"},
		{"report", "ranking", "--by", "orders", "--limit", "15"},
		{"report", "ranking", "--by", "growth", "--from", "2024-01", "--to", "2024-12"},
		{"report", "forecast"},
		{"report", "forecast", "--months", "6", "--rate", "5"},
		{"report", "anomalies"},
		{"report", "tiers"},
		{"report", "tiers", "--summary"},
		{"report", "lifecycle"},
		{"report", "development"},
		{"report", "development", "--by", "quarter", "--retention"},
		{"report", "development", "--by", "year"},
		{"report", "accounts"},
		{"report", "winback"},
	}
	for _, by := range []string{"tier", "region", "type", "stage", "source"} {
		l = append(l, []string{"report", "customers", "--by", by})
	}
	for _, by := range []string{"category", "customer", "month", "status"} {
		l = append(l, []string{"report", "complaints", "--by", by})
	}
	return l
}

// goldenCharts are the charts, each drawn to PNG, SVG and PDF.
var goldenCharts = [][]string{
	{"chart", "sales", "--from", "2022-07", "--to", "2025-06"},
	{"chart", "sales", "--by", "quarter", "--from", "2022-Q3", "--to", "2025-Q2", "--compare-years"},
	{"chart", "sales", "--from", "2024-07", "--to", "2025-06", "--compare-years", "--width", "800", "--height", "400"},
	{"chart", "customers", "--by", "tier"},
	{"chart", "customers", "--by", "region"},
	{"chart", "ranking"},
	{"chart", "forecast"},
	{"chart", "tiers"},
	{"chart", "anomalies"},
	{"chart", "development"},
	{"chart", "radar", "宝岛眼镜公司"},
	{"chart", "complaints"},
	{"chart", "complaints", "--by", "month", "--measure", "response"},
	{"chart", "complaints", "--by", "customer", "--measure", "handling", "--limit", "8"},
}

// goldenPlain are commands with one output format (text).
var goldenPlain = [][]string{
	{"check"},
	{"settings", "list"},
}

// runGolden runs every golden command on the demo folder dir and returns
// their normalised outputs, in a fixed order.
func runGolden(t *testing.T, dir string) []goldenOutput {
	t.Helper()
	out := t.TempDir()
	g := &goldenRun{t: t, data: dir, out: out}

	// The first complaint's id, for complaint show.
	code, js, errs := g.main([]string{"complaint", "list", "--format", "json", "--lang", "en"})
	var cs []struct{ ID string }
	if err := json.Unmarshal(js, &cs); code != 0 || err != nil || len(cs) == 0 {
		t.Fatalf("complaint list: exit %d, %v: %s", code, err, errs)
	}
	complaint := cs[0].ID

	for _, lang := range goldenLangs {
		g.add(lang+"/help.txt", []string{"--help", "--lang", lang}, "")
		for _, k := range commands {
			args := append(strings.Fields(k.name), "--help", "--lang", lang)
			g.add(lang+"/help/"+slug(strings.Fields(k.name))+".txt", args, "")
		}
		for _, a := range goldenPlain {
			g.add(lang+"/"+slug(a)+".txt", append(a, "--lang", lang), "")
		}
		for _, a := range goldenListings(complaint) {
			for _, f := range []struct{ flag, ext string }{{"table", "txt"}, {"csv", "csv"}, {"json", "json"}} {
				g.add(lang+"/"+slug(a)+"."+f.ext, append(a, "--format", f.flag, "--lang", lang), "")
			}
		}
		for _, what := range []string{"customers", "sales", "complaints"} {
			for _, e := range []struct {
				ext   string
				extra []string
			}{{"csv", nil}, {"xlsx", nil}, {"jsonl", nil}, {"csv", []string{"--encoding", "gb18030"}}} {
				a := append([]string{"export", what}, e.extra...)
				g.add(lang+"/"+slug(a)+"."+e.ext, append(a, "--lang", lang), e.ext)
			}
		}
		for _, a := range [][]string{
			{"report", "meeting", "--from", "2025-01", "--to", "2025-06"},
			{"report", "meeting", "--from", "2024-07", "--to", "2025-06", "--tier", "S"},
		} {
			g.add(lang+"/"+slug(a)+".pdf", append(a, "--lang", lang), "pdf")
		}
		for _, a := range goldenCharts {
			for _, ext := range []string{"png", "svg", "pdf"} {
				g.add(lang+"/"+slug(a)+"."+ext, append(a, "--lang", lang), ext)
			}
		}
	}
	return g.outs
}

type goldenRun struct {
	t         *testing.T
	data, out string
	n         int
	outs      []goldenOutput
}

func (g *goldenRun) main(args []string) (int, []byte, string) {
	var o, e bytes.Buffer
	args = append(args, "--data", g.data)
	code := MainAt(testNow, args, &o, &e, func(string, string) int {
		g.t.Fatalf("window opened for %q", args)
		return 0
	})
	return code, o.Bytes(), e.String()
}

// add runs one command. A listing's output is its stdout, followed by its
// exit code and stderr when it failed or warned. A command writing a file
// (ext ≠ "") adds the file under name and its stdout and stderr under
// name + ".log.txt".
func (g *goldenRun) add(name string, args []string, ext string) {
	g.t.Helper()
	var file string
	if ext != "" {
		g.n++
		file = filepath.Join(g.out, fmt.Sprintf("out%d.%s", g.n, ext))
		args = append(args, "--out", file)
	}
	start := time.Now()
	code, stdout, stderr := g.main(args)
	if goldenTiming {
		fmt.Fprintf(os.Stderr, "%v\t%s\n", time.Since(start).Round(time.Millisecond), name)
	}
	shown := append([]string(nil), args...)
	for i, a := range shown {
		shown[i] = ulidRe.ReplaceAllString(a, "ID")
	}
	if file != "" {
		shown[len(shown)-1] = "OUT." + ext
	}
	log := stdout
	if code != 0 || stderr != "" {
		log = append(log, fmt.Sprintf("\n--- exit %d, stderr:\n%s", code, stderr)...)
	}
	log = g.paths(log, file)
	if file == "" {
		g.outs = append(g.outs, goldenOutput{name: name, args: shown, data: normalise(name, log)})
		return
	}
	b, err := os.ReadFile(file)
	if err != nil && code == 0 {
		g.t.Fatalf("%q: exit 0 but %v", args, err)
	}
	if err == nil {
		g.outs = append(g.outs, goldenOutput{name: name, args: shown, data: normalise(name, b)})
	}
	g.outs = append(g.outs, goldenOutput{name: name + ".log.txt", args: shown, data: normalise(".txt", log)})
}

// paths replaces this run's temporary paths in b by fixed names.
func (g *goldenRun) paths(b []byte, file string) []byte {
	if file != "" {
		b = bytes.ReplaceAll(b, []byte(file), []byte("OUT"+filepath.Ext(file)))
	}
	b = bytes.ReplaceAll(b, []byte(g.out), []byte("TMP"))
	return bytes.ReplaceAll(b, []byte(g.data), []byte("DATA"))
}

var slugRe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// slug makes an ASCII file name of a command's words ("report_sales_by_month"),
// an id as "ID".
func slug(args []string) string {
	s := ulidRe.ReplaceAllString(strings.Join(args, " "), "ID")
	return strings.Trim(slugRe.ReplaceAllString(s, "_"), "_")
}
