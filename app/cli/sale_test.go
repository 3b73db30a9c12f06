package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// salesCSV writes a 日期,客户名称,产品,数量,金额 file of n rows with mixed date
// and amount styles, no sales in June 2023, and returns its total in fen.
func salesCSV(t *testing.T, n int) (string, int64) {
	t.Helper()
	r := rand.New(rand.NewPCG(5, 5))
	var b strings.Builder
	b.WriteString("日期,客户名称,产品,数量,金额\n")
	var total int64
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(730))
		if d.Year() == 2023 && d.Month() == 6 {
			d = d.AddDate(0, 1, 0)
		}
		ds := []string{d.Format("2006-01-02"), fmt.Sprintf("%d/%d/%d", d.Year(), d.Month(), d.Day()),
			fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day()), fmt.Sprint(int(d.Sub(epoch).Hours() / 24))}[i%4]
		fen := r.Int64N(300_000_000) + 1
		total += fen
		amt := model.FormatMoney(fen)
		if i%2 == 1 {
			amt = `"` + model.GroupMoney(fen) + `"`
		}
		fmt.Fprintf(&b, "%s,眼镜店%d,%s,%d,%s\n", ds, r.IntN(300), []string{"绮美季抛", "绮美年抛", "加美日抛", "加美月抛", "护理液"}[i%5], 1+r.IntN(50), amt)
	}
	p := filepath.Join(t.TempDir(), "销售.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, total
}

// cents reads a money string "1234.56" as fen.
func cents(t *testing.T, s string) int64 {
	t.Helper()
	v, err := model.ParseMoney(s)
	if err != nil || !regexp.MustCompile(`^-?\d+\.\d\d$`).MatchString(s) {
		t.Fatalf("amount %q: %v", s, err)
	}
	return v
}

func TestImportSalesReportCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	file, total := salesCSV(t, 16000)
	out := mustRun(t, dir, "import", "sales", file, "--format", "json")
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	keys := regexp.MustCompile(`"(\w+)":`).FindAllStringSubmatch(out, -1)
	var order []string
	for _, k := range keys {
		order = append(order, k[1])
	}
	if strings.Join(order, ",") != "batch,rows,imported,rejected,blank,customers_created,rejected_file" {
		t.Errorf("keys %v", order)
	}
	if raw["rows"] != 16000.0 || raw["imported"] != 16000.0 || raw["rejected"] != 0.0 || raw["blank"] != 0.0 || raw["customers_created"] != 300.0 || raw["rejected_file"] != "" {
		t.Errorf("summary %s", out)
	}
	batch := raw["batch"].(string)

	out = mustRun(t, dir, "report", "sales", "--by", "month", "--from", "2023-01", "--to", "2024-12", "--format", "json")
	var pts []struct {
		Period string `json:"period"`
		Amount string `json:"amount"`
		Orders int64  `json:"orders"`
	}
	if err := json.Unmarshal([]byte(out), &pts); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var sum, orders int64
	for i, p := range pts {
		if want := fmt.Sprintf("%d-%02d", 2023+i/12, 1+i%12); p.Period != want {
			t.Errorf("point %d is %s, want %s", i, p.Period, want)
		}
		sum += cents(t, p.Amount)
		orders += p.Orders
	}
	if len(pts) != 24 || sum != total || orders != 16000 {
		t.Errorf("%d points, %d fen in %d orders; the file has %d fen in 16000", len(pts), sum, orders, total)
	}
	if pts[5].Amount != "0.00" || pts[5].Orders != 0 {
		t.Errorf("June 2023 = %+v, want a zero month", pts[5])
	}
	if !strings.HasPrefix(out, `[`+"\n"+`  {"period": "2023-01", "amount": "`) {
		t.Errorf("JSON shape: %.80s", out)
	}
	// The default range runs from the first month with sales to this month.
	out = mustRun(t, dir, "report", "sales", "--by", "year", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || strings.Join(recs[0], ",") != "period,amount,orders" || recs[1][0] != "2023" || recs[len(recs)-1][0] != time.Now().Format("2006") {
		t.Errorf("csv %v %v", recs, err)
	}
	out = mustRun(t, dir, "report", "sales", "--by", "quarter", "--from", "2024", "--to", "2024")
	if !regexp.MustCompile(`2024-Q1\s+\d{1,3}(,\d{3})+\.\d\d\s+\d{1,3}(,\d{3})*\n`).MatchString(out) {
		t.Errorf("table:\n%s", out)
	}
	out = mustRun(t, dir, "report", "sales", "--customer", "眼镜店7", "--from", "2023-01", "--to", "2023-02", "--format", "json")
	if !strings.Contains(out, `"period": "2023-02"`) {
		t.Errorf("customer curve %s", out)
	}
	// Filters combine (sums pinned in report_sales_test.go).
	if code, _, errs := run(t, dir, "report", "sales", "--tier", "S", "--product", "护理液"); code != 0 {
		t.Errorf("two filters: %d %s", code, errs)
	}
	if code, _, errs := run(t, dir, "report", "sales", "--from", "2024-13"); code != 2 || !strings.Contains(errs, "not a period") {
		t.Errorf("bad period: %d %s", code, errs)
	}

	exp := filepath.Join(t.TempDir(), "sales.csv")
	if out = mustRun(t, dir, "export", "sales", "--out", exp); !strings.Contains(out, "16000 sales") {
		t.Errorf("export said %q", out)
	}
	b, _ := os.ReadFile(exp)
	if lines := strings.Count(string(b), "\r\n"); lines != 16001 {
		t.Errorf("export has %d lines", lines)
	}
	if out = mustRun(t, dir, "check"); !strings.Contains(out, "OK") {
		t.Errorf("check: %s", out)
	}
	mustRun(t, dir, "import", "undo", batch)
	out = mustRun(t, dir, "report", "sales", "--from", "2023-01", "--to", "2023-03", "--format", "json")
	if strings.Count(out, `"amount": "0.00"`) != 3 {
		t.Errorf("after undo: %s", out)
	}
	if out = mustRun(t, dir, "check"); !strings.Contains(out, "OK: 0 customers") {
		t.Errorf("check after undo: %s", out)
	}
}

func TestDemoSalesAndRepairCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	out := mustRun(t, dir, "demo", "--months", "12")
	if !strings.Contains(out, "307") || !strings.Contains(out, "over 12 months") {
		t.Fatalf("demo said %q", out)
	}
	out = mustRun(t, dir, "report", "sales", "--format", "json")
	var pts []map[string]any
	if err := json.Unmarshal([]byte(out), &pts); err != nil || len(pts) != 12 {
		t.Fatalf("%d points %v", len(pts), err)
	}
	out = mustRun(t, dir, "check", "--repair")
	if !strings.Contains(out, "0 of them fixed") || !strings.Contains(out, "0 problems fixed") {
		t.Errorf("repair of a sound store: %s", out)
	}
	mustRun(t, dir, "rate", "set", "USD", "2024-01-01", "7.1")
	out = mustRun(t, dir, "settings", "list", "--format", "csv")
	if !strings.Contains(out, "rate USD,2024-01-01,7.1") || !strings.Contains(out, "base_currency,,CNY") {
		t.Errorf("settings: %s", out)
	}
	if code, _, errs := run(t, dir, "settings", "set", "base_currency", "USD"); code != 1 || !strings.Contains(errs, "before the first sale") {
		t.Errorf("base currency: %d %s", code, errs)
	}
}
