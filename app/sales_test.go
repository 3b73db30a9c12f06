package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// TestSalesImportUndo imports sales with new and known customers, checks the
// report against the file, and undoes it exactly.
func TestSalesImportUndo(t *testing.T) {
	s := openTest(t)
	known := &model.Customer{Name: "宝岛眼镜公司", Tier: "S", Province: "上海"}
	if _, err := s.Customers.Add(known); err != nil {
		t.Fatal(err)
	}
	before := archive(t, s)
	file := writeFile(t, "销售.csv", "日期,客户名称,产品,数量,金额,币种,备注\n"+
		"2024-01-05,宝岛眼镜公司,绮美季抛,10,\"1,280.00\",,\n"+
		"2024/3/7,ＢＡＯＤＡＯ眼镜,加美日抛,5,790.5,CNY,\n"+ // a new customer
		"2024年3月9日,宝岛眼镜公司 ,护理液,abc,35,人民币,赠品\n"+
		"45296,baodao眼镜,护理液,1,0.01,,\n"+
		",宝岛眼镜公司,护理液,1,35,,\n"+
		"2024-03-01,,护理液,1,35,,\n"+
		"2024-03-01,宝岛眼镜公司,护理液,1,,,\n"+
		"2024-03-01,宝岛眼镜公司,护理液,1,三十五,,\n"+
		"2024-03-01,宝岛眼镜公司,护理液,1,35,USD,\n"+ // no rate
		",,,,,,\n")
	sum, err := s.Sales.ImportFile(context.Background(), file, importer.Job{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 10 || sum.Imported != 4 || sum.Rejected != 5 || sum.Blank != 1 || sum.CustomersCreated != 1 || sum.RejectedFile == "" {
		t.Fatalf("summary %+v", sum)
	}
	if len(sum.Warnings) != 1 {
		t.Errorf("warnings %v", sum.Warnings)
	}
	rej, _ := os.ReadFile(sum.RejectedFile)
	// sales' msgNoDate, msgNoCustomer, msgNoAmount, msgBadAmount, msgNoRate
	for _, reason := range []string{"No date.", "No customer.", "No amount.", "Not an amount: write it like 1,234.56.",
		"No exchange rate for this currency on that date: add one with kehu rate set, then import the row again."} {
		if !strings.Contains(string(rej), reason) {
			t.Errorf("rejected file lacks %q:\n%s", reason, rej)
		}
	}
	now := time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)
	pts, err := s.Reports.SalesReport(reports.SalesQuery{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []reports.Point{{Period: "2024-01", Amount: 128000 + 1, Orders: 2}, {Period: "2024-02", Amount: 0, Orders: 0}, {Period: "2024-03", Amount: 79050 + 3500, Orders: 2}, {Period: "2024-04", Amount: 0, Orders: 0}}
	if fmt.Sprint(pts) != fmt.Sprint(want) {
		t.Errorf("report %v, want %v", pts, want)
	}
	q, _ := s.Reports.SalesReport(reports.SalesQuery{By: reports.ByQuarter, Now: now})
	if fmt.Sprint(q) != fmt.Sprint([]reports.Point{{Period: "2024-Q1", Amount: 128001 + 82550, Orders: 4}, {Period: "2024-Q2", Amount: 0, Orders: 0}}) {
		t.Errorf("quarters %v", q)
	}
	cur, prev, err := s.Reports.YoY(reports.SalesQuery{From: "2024-01", To: "2024-02", Now: now})
	if err != nil || len(prev) != 2 || prev[0].Period != "2023-01" || prev[0].Amount != 0 || cur[0].Amount != 128001 {
		t.Errorf("YoY %v %v %v", cur, prev, err)
	}
	top, err := s.Reports.TopCustomers("2024", "2024", 10)
	if err != nil || len(top) != 2 || top[0].Name != "宝岛眼镜公司" || top[0].Amount != 128000+3500 || top[1].Amount != 79050+1 {
		t.Errorf("top %+v %v", top, err)
	}
	tiers, err := s.Reports.RevenueByTier("2024", "2024")
	if err != nil || len(tiers) != 5 || tiers[0].Value != "S" || tiers[0].Amount != 131500 || tiers[4].Value != "" || tiers[4].Amount != 79051 {
		t.Errorf("tiers %+v %v", tiers, err)
	}
	if pts, err := s.Reports.SalesReport(reports.SalesQuery{Tier: "S", Product: "护理液", From: "2024-03", To: "2024-03"}); err != nil || fmt.Sprint(pts) != "[{2024-03 3500 1 false}]" {
		t.Errorf("two filters: %v %v", pts, err)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
	if err := s.Customers.UndoImport(sum.Batch, false); err != nil {
		t.Fatal(err)
	}
	if after := archive(t, s); after != before {
		t.Errorf("undo left the archive changed:\n%s\nwant\n%s", after, before)
	}
	if n, _ := s.Sales.Count(); n != 0 {
		t.Errorf("%d sales after undo", n)
	}
	if first, last, _ := s.testStore().SalesMonths(); first != "" || last != "" {
		t.Errorf("rollups left after undo: %s..%s", first, last)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check after undo: %v %v", err, p)
	}
}

// writeSalesCSV writes n sales rows (日期,客户名称,产品,数量,金额) in mixed
// date and amount styles over customers, skipping June 2023 so a zero
// month shows, and returns the exact total in fen.
func writeSalesCSV(path string, n, customers int, seed uint64) (int64, error) {
	r := rand.New(rand.NewPCG(seed, 9))
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("日期,客户名称,产品,数量,金额\n")
	var total int64
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := start.AddDate(0, 0, r.IntN(730))
		if d.Year() == 2023 && d.Month() == 6 {
			d = d.AddDate(0, 1, 0)
		}
		var ds string
		switch i % 5 {
		case 0:
			ds = d.Format("2006-01-02")
		case 1:
			ds = fmt.Sprintf("%d/%d/%d", d.Year(), d.Month(), d.Day())
		case 2:
			ds = fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
		case 3:
			ds = fmt.Sprintf("%d.%d.%d", d.Year(), d.Month(), d.Day())
		case 4:
			ds = fmt.Sprint(int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)) // an Excel serial
		}
		fen := r.Int64N(5_000_000) + 1
		total += fen
		amt := model.FormatMoney(fen)
		if i%2 == 0 {
			amt = `"` + model.GroupMoney(fen) + `"`
		}
		p := demoProducts[r.IntN(len(demoProducts))]
		c := r.IntN(customers) // the brand goes with the shop: customers names, no more
		fmt.Fprintf(&b, "%s,%s第%d店,%s,%d,%s\n", ds, demoBrands[c%len(demoBrands)], c, p.name, 1+r.IntN(100), amt)
		if b.Len() > 1<<20 {
			if _, err := f.WriteString(b.String()); err != nil {
				return 0, err
			}
			b.Reset()
		}
	}
	_, err = f.WriteString(b.String())
	return total, err
}

func TestSalesImport16k(t *testing.T) {
	s := openTest(t)
	file := filepath.Join(t.TempDir(), "sales.csv")
	total, err := writeSalesCSV(file, 16000, 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Sales.ImportFile(context.Background(), file, importer.Job{})
	if err != nil || sum.Imported != 16000 || sum.Rejected != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	pts, err := s.Reports.SalesReport(reports.SalesQuery{From: "2023-01", To: "2024-12"})
	if err != nil {
		t.Fatal(err)
	}
	var got, orders int64
	for _, p := range pts {
		got += p.Amount
		orders += p.Orders
	}
	if len(pts) != 24 || got != total || orders != 16000 || pts[5].Period != "2023-06" || pts[5].Orders != 0 {
		t.Errorf("%d points, total %d want %d, %d orders; June %+v", len(pts), got, total, orders, pts[5])
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
	if err := s.Customers.UndoImport(sum.Batch, false); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Customers.Count(); n != 0 {
		t.Errorf("%d customers after undo", n)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check after undo: %v %v", err, p)
	}
}

func TestDemoSales(t *testing.T) {
	s := openTest(t)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	if _, err := s.Demo(DemoOptions{Now: now, Months: 36}); err != nil {
		t.Fatal(err)
	}
	pts, err := s.Reports.SalesReport(reports.SalesQuery{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 36 || pts[0].Period != "2023-12" || pts[35].Period != "2026-11" {
		t.Fatalf("%d points %v..%v", len(pts), pts[0], pts[len(pts)-1])
	}
	for _, p := range pts {
		if p.Amount <= 0 {
			t.Errorf("empty month %v", p)
		}
	}
	// 宝岛 sells about 800万 a year.
	top, err := s.Reports.TopCustomers("2025-12", "2026-10", 1)
	if err != nil || len(top) != 1 || top[0].Name != "宝岛眼镜公司" {
		t.Fatalf("top %+v %v", top, err)
	}
	if y := top[0].Amount * 12 / 11; y < 650_000_000 || y > 950_000_000 {
		t.Errorf("宝岛 sells %s a year, want about 8,000,000", model.GroupMoney(y))
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
}
