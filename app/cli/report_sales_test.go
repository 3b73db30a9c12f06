package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// filterDir is a data folder with a hand-countable set of sales: 甲 (S, 广东),
// 乙 (S, 浙江), 丙 (A, 广东), in January and February 2024.
func filterDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	svc, err := app.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	ids := map[string]string{}
	for _, c := range []*model.Customer{
		{Name: "甲公司", Tier: "S", Province: "广东"},
		{Name: "乙公司", Tier: "S", Province: "浙江"},
		{Name: "丙公司", Tier: "A", Province: "广东"},
	} {
		if _, err := svc.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
		ids[c.Name] = c.ID
	}
	for _, s := range []struct {
		date, who, product string
		fen                int64
	}{
		{"2024-01-10", "甲公司", "日抛", 10000},
		{"2024-01-20", "甲公司", "护理液", 2000},
		{"2024-01-15", "乙公司", "日抛", 30000},
		{"2024-02-03", "丙公司", "日抛", 5000},
		{"2024-02-04", "丙公司", "护理液", 700},
		{"2024-02-05", "甲公司", "日抛", 4012},
	} {
		if err := svc.Sales.Add(&model.Sale{Date: s.date, CustomerID: ids[s.who], Product: s.product, Quantity: 1, Amount: s.fen}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReportSalesCombinedFiltersCLI(t *testing.T) {
	dir := filterDir(t)
	for _, c := range []struct {
		args []string
		want string // period amount orders; …
	}{
		{nil, "2024-01 420.00 3; 2024-02 97.12 3"},
		{[]string{"--tier", "s", "--region", "广东"}, "2024-01 120.00 2; 2024-02 40.12 1"},
		{[]string{"--region", "广东", "--product", "日抛"}, "2024-01 100.00 1; 2024-02 90.12 2"},
		{[]string{"--customer", "甲公司", "--product", "日抛"}, "2024-01 100.00 1; 2024-02 40.12 1"},
		{[]string{"--tier", "A", "--region", "广东", "--product", "护理液"}, "2024-01 0.00 0; 2024-02 7.00 1"},
		{[]string{"--customer", "乙公司", "--region", "广东"}, "2024-01 0.00 0; 2024-02 0.00 0"},
	} {
		args := append([]string{"report", "sales", "--from", "2024-01", "--to", "2024-02", "--format", "json"}, c.args...)
		var pts []struct {
			Period string `json:"period"`
			Amount string `json:"amount"`
			Orders int64  `json:"orders"`
		}
		out := mustRun(t, dir, args...)
		if err := json.Unmarshal([]byte(out), &pts); err != nil {
			t.Fatalf("%v: %v: %s", c.args, err, out)
		}
		var got []string
		for _, p := range pts {
			got = append(got, fmt.Sprintf("%s %s %d", p.Period, p.Amount, p.Orders))
		}
		if strings.Join(got, "; ") != c.want {
			t.Errorf("%v: %s, want %s", c.args, strings.Join(got, "; "), c.want)
		}
	}
	// chart sales takes the same filters and names them under the title.
	png := filepath.Join(t.TempDir(), "x.svg")
	mustRun(t, dir, "chart", "sales", "--from", "2024-01", "--to", "2024-02", "--tier", "S", "--region", "广东", "--out", png)
	b, err := os.ReadFile(png)
	if err != nil || !strings.Contains(string(b), "Tier: S") || !strings.Contains(string(b), "Region: 广东") {
		t.Errorf("chart subtitle: %v %.200s", err, b)
	}
}

func TestReportMeetingFilteredCLI(t *testing.T) {
	dir := filterDir(t)
	out := filepath.Join(t.TempDir(), "r.pdf")
	mustRun(t, dir, "--lang", "zh", "report", "meeting", "--from", "2024-01", "--to", "2024-02", "--region", "广东", "--product", "日抛", "--out", out)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	txt, err := exec.Command("pdftotext", "-layout", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(txt)
	// 广东's 日抛: 甲 100.00 + 40.12, 丙 50.00 → 190.12 in 3 orders; 乙 (浙江) is out.
	for _, want := range []string{"地区：广东", "产品：日抛", "190.12", "140.12", "50.00"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "乙公司") {
		t.Errorf("乙公司 (浙江) in a 广东 report:\n%s", s)
	}
}
