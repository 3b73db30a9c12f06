package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/customers"
)

// WriteCustomerCSV writes a distributor list of n rows, as partners send it,
// for benchmarks and crash tests.
func writeCustomerCSV(path string, n int) error {
	r := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("客户名称,联系人,电话,省份,城市,地址,年销售额(万元),备注\n")
	for i := range n {
		p := demoPlaces[r.IntN(len(demoPlaces))]
		city := p.cities[r.IntN(len(p.cities))]
		fmt.Fprintf(&b, "%s%s%s第%d店,%c%s,1%d%09d,%s,%s,%s人民路%d号,%d.%d,\"备注, %d\"\n",
			city, demoBrands[r.IntN(len(demoBrands))], demoSuffixes[r.IntN(len(demoSuffixes))].s, i,
			demoSurnames[r.IntN(len(demoSurnames))], demoGiven[r.IntN(len(demoGiven))], 3+r.IntN(7), i,
			p.province, city, city, r.IntN(500), r.IntN(900), r.IntN(10), i)
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// BenchmarkImport100k imports a 100,000-row customer CSV into an empty
// archive, and in the same run times sqlite3's `.import` of the same file
// into an in-memory table (when sqlite3 is installed; `make bench` installs
// it), reporting the ratio.
func BenchmarkImport100k(b *testing.B) {
	dir := b.TempDir()
	csv := filepath.Join(dir, "customers.csv")
	if err := writeCustomerCSV(csv, 100_000); err != nil {
		b.Fatal(err)
	}
	var sqlite time.Duration
	if bin, err := exec.LookPath("sqlite3"); err == nil {
		start := time.Now()
		out, err := exec.Command(bin, ":memory:", ".mode csv", ".import "+csv+" customers", "select count(*) from customers").CombinedOutput()
		if err != nil {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
		sqlite = time.Since(start)
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
		sum, err := s.Customers.ImportFile(context.Background(), csv, customers.ImportOptions{})
		if err != nil || sum.New != 100_000 {
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

// readRSS is the process's resident memory in MB (Linux; 0 elsewhere).
func readRSS() float64 { return procStatusMB("VmRSS:") }

// readPeakRSS is the most resident memory the process has had, in MB
// (Linux; 0 elsewhere): the import's peak, or the benchmark's set-up's.
func readPeakRSS() float64 { return procStatusMB("VmHWM:") }

func procStatusMB(field string) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, field) {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, field), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}
