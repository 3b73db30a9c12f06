package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// analysisDir is a data folder with three customers, sales once a month, and
// the clock (setNow) on 2025-07-15:
//
//	甲 C 浙江  1000 yuan a month 2023-07 … 2025-07
//	乙 A 江苏   500 a month 2023-07 … 2024-12, 200 2025-01 … 2025-06
//	丁 C 上海   400 a month 2023-07 … 2024-10
func analysisDir(t *testing.T) string {
	t.Helper()
	now := setNow(t, "2025-07-15T10:00:00Z")
	dir := filepath.Join(t.TempDir(), "数据")
	s, err := app.OpenWith(dir, app.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		name, tier, province string
		runs                 [][3]any
	}{
		{"甲", "C", "浙江", [][3]any{{"2023-07", "2025-07", 1000}}},
		{"乙", "A", "江苏", [][3]any{{"2023-07", "2024-12", 500}, {"2025-01", "2025-06", 200}}},
		{"丁", "C", "上海", [][3]any{{"2023-07", "2024-10", 400}}},
	} {
		cu := &model.Customer{Name: c.name, Tier: c.tier, Province: c.province}
		if _, err := s.Customers.Add(cu); err != nil {
			t.Fatal(err)
		}
		for _, r := range c.runs {
			from, _ := time.Parse("2006-01", r[0].(string))
			to, _ := time.Parse("2006-01", r[1].(string))
			for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
				if err := s.Sales.Add(&model.Sale{Date: m.Format("2006-01") + "-10", CustomerID: cu.ID, Amount: int64(r[2].(int)) * 100}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return dir
}

func TestReportAnalyses(t *testing.T) {
	dir := analysisDir(t)
	// Ranking: 2024-08 … 2025-07 against 2023-08 … 2024-07.
	// 甲 12×1000 = 12000 / 12000 → 0; 乙 5×500 + 6×200 = 3700 / 6000 → -0.3833;
	// 丁 3×400 = 1200 / 4800 → -0.75.
	out := mustRun(t, dir, "report", "ranking", "--format", "json")
	for _, want := range []string{
		`{"rank": 1, "customer_id": "`, `", "customer": "甲", "revenue": "12000.00", "orders": 12, "growth": "0.0000"}`,
		`"customer": "乙", "revenue": "3700.00", "orders": 11, "growth": "-0.3833"}`,
		`"customer": "丁", "revenue": "1200.00", "orders": 3, "growth": "-0.7500"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ranking json lacks %s:\n%s", want, out)
		}
	}
	out = mustRun(t, dir, "report", "ranking", "--by", "growth", "--limit", "1", "--format", "csv")
	if want := "rank,customer_id,customer,revenue,orders,growth\n1,"; !strings.HasPrefix(out, want) || !strings.Contains(out, ",甲,12000.00,12,0.0000\n") || strings.Count(out, "\n") != 2 {
		t.Errorf("ranking by growth csv:\n%s", out)
	}
	// Composition by region, same period: 浙江 12000 (1 of 3), 江苏 3700, 上海 1200 of 16900.
	out = mustRun(t, dir, "report", "customers", "--by", "region", "--format", "csv")
	if want := "region,customers,customer_share,revenue,revenue_share,orders\n浙江,1,0.3333,12000.00,0.7101,12\n江苏,1,0.3333,3700.00,0.2189,11\n上海,1,0.3333,1200.00,0.0710,3\n"; out != want {
		t.Errorf("customers by region:\n%s\nwant:\n%s", out, want)
	}
	// Forecast: 24 complete months; last 12 = 4×1900 + 2×1500 + 6×1200 = 17800,
	// the 12 before 12×1900 = 22800; 2025-07 = 2024-07 (1900) × 17800/22800 = 1483.33.
	out = mustRun(t, dir, "report", "forecast", "--months", "2", "--format", "json")
	if !strings.Contains(out, `{"period": "2025-07", "kind": "forecast", "amount": "1483.33", "base": "1483.33"}`) ||
		!strings.Contains(out, `{"period": "2025-06", "kind": "actual", "amount": "1200.00", "base": ""}`) {
		t.Errorf("forecast:\n%s", out)
	}
	// +12 %: month 1 × 1.12^(1/12) = 148333 × 1.0094888 = 149740.5 → 1497.41.
	out = mustRun(t, dir, "report", "forecast", "--months", "1", "--rate", "12", "--format", "csv")
	if !strings.HasSuffix(out, "2025-07,forecast,1497.41,1483.33\n") {
		t.Errorf("forecast +12 %%:\n%s", out)
	}
	// Anomalies: recent 2025-04 … 06, baseline 2024-04 … 2025-03. 丁 silent:
	// 7×400/12 = 233.33 a month, 2800 a year at risk; 乙: 425 → 200 (-52.9 %), (425-200)×12 = 2700.
	out = mustRun(t, dir, "report", "anomalies", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[1], ",丁,C,silent,233.33,0.00,-1.0000,2800.00,2024-10") ||
		!strings.HasSuffix(lines[2], ",乙,A,drop,425.00,200.00,-0.5294,2700.00,2025-06") {
		t.Errorf("anomalies:\n%s", out)
	}
	// Tiers: 甲 12000/16900 = .710 → S; 乙 before .710 → A; 丁 before .929 → B.
	out = mustRun(t, dir, "report", "tiers", "--summary", "--format", "csv")
	if want := "tier,customers,customer_share,revenue,revenue_share\nS,1,0.3333,12000.00,0.7101\nA,1,0.3333,3700.00,0.2189\nB,1,0.3333,1200.00,0.0710\nC,0,0.0000,0.00,0.0000\n"; out != want {
		t.Errorf("tiers summary:\n%s", out)
	}
	// Lifecycle: 甲 stable, 乙 1200 against 3000 → decline, 丁 silent 8 months → lost.
	out = mustRun(t, dir, "report", "lifecycle", "--format", "csv")
	for _, w := range []string{",甲,,stable,", ",乙,,decline,1200.00,3000.00,-0.6000,", ",丁,,lost,0.00,1600.00,-1.0000,2023-07,2024-10,8,"} {
		if !strings.Contains(out, w) {
			t.Errorf("lifecycle lacks %q:\n%s", w, out)
		}
	}
	// Development by year: active 3, 3, 2; retention 2025: 2 of 3.
	out = mustRun(t, dir, "report", "development", "--retention", "--format", "csv")
	if want := "year,active_before,retained,churned,retention,churn,new\n2024,3,3,0,1.0000,0.0000,0\n2025,3,2,1,0.6667,0.3333,0\n"; out != want {
		t.Errorf("retention:\n%s", out)
	}
	// The table for people, in Chinese: current tiers, C 甲 + 丁 = 13200 (78.1 %).
	out = mustRun(t, dir, "report", "customers", "--by", "tier", "--lang", "zh")
	if !strings.Contains(out, "C 小客户") || !strings.Contains(out, "78.1%") || !strings.Contains(out, "13,200.00") {
		t.Errorf("zh table:\n%s", out)
	}
}

func TestChartAnalyses(t *testing.T) {
	dir := analysisDir(t)
	tmp := t.TempDir()
	for _, args := range [][]string{
		{"chart", "customers", "--by", "tier", "--out", filepath.Join(tmp, "c.png")},
		{"chart", "ranking", "--out", filepath.Join(tmp, "r.svg")},
		{"chart", "forecast", "--months", "12", "--rate", "-5", "--out", filepath.Join(tmp, "f.pdf")},
		{"chart", "tiers", "--out", filepath.Join(tmp, "t.png")},
		{"chart", "anomalies", "--out", filepath.Join(tmp, "a.png")},
		{"chart", "development", "--by", "quarter", "--out", filepath.Join(tmp, "d.png")},
	} {
		mustRun(t, dir, args...)
		b, err := os.ReadFile(args[len(args)-1])
		if err != nil || len(b) < 1000 {
			t.Errorf("%v: %d bytes, %v", args, len(b), err)
		}
	}
}

func TestAnalysisUsage(t *testing.T) {
	dir := analysisDir(t)
	for _, args := range [][]string{
		{"report", "customers", "--by", "colour"},
		{"report", "ranking", "--by", "height"},
		{"report", "ranking", "--from", "2024-13"},
		{"report", "forecast", "--months", "40"},
		{"report", "forecast", "--rate", "abc"},
		{"report", "anomalies", "--threshold", "0"},
		{"report", "tiers", "--s", "90", "--a", "50"},
		{"report", "development", "--by", "week"},
		{"chart", "forecast"},
		{"chart", "ranking", "--out", "x.gif"},
	} {
		code, _, errs := run(t, dir, args...)
		if code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, errs)
		}
	}
}
