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

	"github.com/kehu-crm/kehu/app/importer"
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
		sum, err := s.Sales.ImportFile(context.Background(), csv, importer.Job{})
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
