package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// BenchmarkSalesImport1M imports a 1,000,000-row sales CSV (10,000
// customers, all created by the import) into an empty store, and in the same
// run times sqlite3's `.import` of the same file into an in-memory table
// (skipped without sqlite3; the best of three), reporting the ratio and the
// resident memory.
func BenchmarkSalesImport1M(b *testing.B) {
	dir := b.TempDir()
	csv := filepath.Join(dir, "sales.csv")
	rows := 1_000_000
	if n, err := strconv.Atoi(os.Getenv("KEHU_SALES_ROWS")); err == nil && n > 0 {
		rows = n // a smaller run for profiling
	}
	if _, err := writeSalesCSV(csv, rows, 10_000, 2); err != nil {
		b.Fatal(err)
	}
	// sqlite3's best of three: on a shared machine one run can take half as
	// long again, which would flatter the ratio.
	var sqlite time.Duration
	if bin, err := exec.LookPath("sqlite3"); err == nil {
		for range 3 {
			start := time.Now()
			out, err := exec.Command(bin, ":memory:", ".mode csv", ".import "+csv+" sales", "select count(*) from sales").CombinedOutput()
			if err != nil {
				b.Fatalf("sqlite3: %v: %s", err, out)
			}
			if d := time.Since(start); sqlite == 0 || d < sqlite {
				sqlite = d
			}
		}
	}
	b.ResetTimer()
	var rss float64
	var cpu time.Duration
	for i := range b.N {
		b.StopTimer()
		s, err := Open(filepath.Join(dir, fmt.Sprint("store", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		sum, err := s.ImportSalesFile(context.Background(), csv, ImportOptions{})
		if err != nil || sum.Imported != rows {
			b.Fatalf("%+v %v", sum, err)
		}
		cpu += cpuTime() - c0
		b.StopTimer()
		rss = max(rss, readRSS())
		s.Close()
		b.StartTimer()
	}
	ms := float64(b.Elapsed().Milliseconds()) / float64(b.N)
	b.ReportMetric(ms, "ms/import")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/import")
	if sqlite > 0 {
		b.ReportMetric(float64(sqlite.Milliseconds()), "sqlite-ms")
		b.ReportMetric(ms/float64(sqlite.Milliseconds()), "x-sqlite")
	}
	if rss > 0 {
		b.ReportMetric(rss, "RSS-MB")
		b.ReportMetric(readPeakRSS(), "peak-RSS-MB")
	}
}

// BenchmarkSalesCurve1M times the monthly curve (24 months, then 24 months of
// one customer, then revenue by tier) over 1,000,000 sales, written in bulk
// outside the timing. Target: < 50 ms a curve.
func BenchmarkSalesCurve1M(b *testing.B) {
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var cs []*model.Customer
	for i := range 10_000 {
		cs = append(cs, &model.Customer{Name: fmt.Sprintf("眼镜店%d", i), Tier: model.Tiers[i%4], Province: demoPlaces[i%len(demoPlaces)].province})
	}
	if err := s.testStore().InsertNew(cs, nil); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for part := range 10 {
		sales := make([]*model.Sale, 0, 100_000)
		for i := range 100_000 {
			n := part*100_000 + i
			sales = append(sales, &model.Sale{Date: start.AddDate(0, 0, n%730).Format(time.DateOnly), CustomerID: cs[n%len(cs)].ID,
				Product: demoProducts[n%len(demoProducts)].name, Quantity: 1, Amount: int64(1000 + n%50000)})
		}
		if err := s.testStore().InsertSales(sales); err != nil {
			b.Fatal(err)
		}
	}
	q := reports.SalesQuery{From: "2023-01", To: "2024-12"}
	b.ResetTimer()
	for range b.N {
		pts, err := s.Reports.SalesReport(q)
		if err != nil || len(pts) != 24 {
			b.Fatal(len(pts), err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/curve")
	t0 := time.Now()
	if _, err := s.Reports.SalesReport(reports.SalesQuery{From: "2023-01", To: "2024-12", CustomerID: cs[7].ID}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms/customer-curve")
	t0 = time.Now()
	if _, err := s.Reports.RevenueByTier("2023", "2024"); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms/by-tier")
	t0 = time.Now()
	if _, err := s.Reports.TopCustomers("2024", "2024", 10); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms/top10")
}
