package app

// Benchmarks on a data folder of 100,000 generated customers (the issue's
// "done when": open, one search keystroke < 20 ms, first page of the list, add
// one customer, and memory with the list loaded). `make bench` runs them.
//
// The folder is built once per test binary run by Demo (one WriteBatch) and
// removed when the run ends; the build is never inside a timing. Set
// KEHU_BENCH_DIR to keep the folder between runs (tools/benchrss does, to
// measure memory in fresh processes): an existing folder there is reused.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

const benchCustomers = 100_000

var bench100k struct {
	once    sync.Once
	dir     string
	err     error
	cleanup bool
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench100k.cleanup {
		os.RemoveAll(bench100k.dir)
	}
	os.Exit(code)
}

// benchStore returns a closed data folder holding benchCustomers customers
// (Demo's seven named ones plus generated ones, with contacts and interactions).
func benchStore(b *testing.B) string {
	b.Helper()
	bench100k.once.Do(func() {
		dir := os.Getenv("KEHU_BENCH_DIR")
		if dir != "" {
			if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err == nil {
				bench100k.dir = dir
				return
			}
		} else {
			d, err := os.MkdirTemp("", fmt.Sprintf("kehu-bench-%d-", benchCustomers))
			if err != nil {
				bench100k.err = err
				return
			}
			dir = d
			bench100k.cleanup = true
		}
		bench100k.dir = dir
		start := time.Now()
		s, err := Open(dir)
		if err != nil {
			bench100k.err = err
			return
		}
		n, err := s.Demo(DemoOptions{Customers: benchCustomers - len(demoNamed), Seed: 1})
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err == nil && n != benchCustomers {
			err = fmt.Errorf("demo wrote %d customers, want %d", n, benchCustomers)
		}
		bench100k.err = err
		fmt.Fprintf(os.Stderr, "bench: built %d customers in %s in %v (%s on disk)\n",
			n, dir, time.Since(start).Round(time.Millisecond), diskUsage(dir))
	})
	if bench100k.err != nil {
		b.Fatal(bench100k.err)
	}
	return bench100k.dir
}

// openBench opens the 100k folder with the list loaded, closing it at the end
// of the benchmark.
func openBench(b *testing.B) *Service {
	b.Helper()
	s, err := Open(benchStore(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, n, err := s.Customers.List(customers.Query{Limit: 1}); err != nil || n < benchCustomers {
		b.Fatalf("list: %d customers, %v", n, err)
	}
	return s
}

func reportMs(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkOpen100k: open the folder and load the list (the first
// Customers call, which decodes every record), then close — what a user waits
// for before the window shows customers.
func BenchmarkOpen100k(b *testing.B) {
	dir := benchStore(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, n, err := s.Customers.List(customers.Query{Limit: 50}); err != nil || n < benchCustomers {
			b.Fatalf("list: %d customers, %v", n, err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

// BenchmarkOpenStoreOnly100k: open and close without loading the list (Badger
// alone, plus the schema check).
func BenchmarkOpenStoreOnly100k(b *testing.B) {
	dir := benchStore(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

// BenchmarkLoadList100k: the list load alone on an open store.
func BenchmarkLoadList100k(b *testing.B) {
	s, err := Open(benchStore(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := s.Customers.Reload(); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

// Realistic keystrokes: a city, a two-character prefix of it, pinyin initials,
// a phone prefix and a shop-name suffix that almost every customer has.
var benchKeystrokes = []string{"杭", "杭州", "bd", "138", "眼镜店"}

// BenchmarkSearchKeystroke100k: one search-as-you-type keystroke on the loaded
// list, first page of 50 in the default (name) order; cycles the keystrokes.
func BenchmarkSearchKeystroke100k(b *testing.B) {
	s := openBench(b)
	for _, k := range benchKeystrokes {
		_, n, _ := s.Customers.List(customers.Query{Search: k, Limit: 50})
		b.Logf("%q matches %d", k, n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, _, err := s.Customers.List(customers.Query{Search: benchKeystrokes[i%len(benchKeystrokes)], Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/keystroke")
}

// BenchmarkSearchKeystrokeEach100k: the same, one sub-benchmark per keystroke.
func BenchmarkSearchKeystrokeEach100k(b *testing.B) {
	s := openBench(b)
	for _, k := range benchKeystrokes {
		b.Run(k, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, _, err := s.Customers.List(customers.Query{Search: k, Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFirstPage100k: the first page sorted by name, order already cached.
func BenchmarkFirstPage100k(b *testing.B) {
	s := openBench(b)
	s.Customers.List(customers.Query{Sort: "name", Limit: 50}) // warm the sorted order
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if rows, _, err := s.Customers.List(customers.Query{Sort: "name", Limit: 50}); err != nil || len(rows) != 50 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}

// benchColdSort measures the first page in an order that is not cached — what
// the next keystroke or repaint costs after any write, because a write clears
// every cached order (customerList.put).
func benchColdSort(b *testing.B, q customers.Query) {
	s := openBench(b)
	q.Limit = 50
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Customers.DropOrders()
		if rows, _, err := s.Customers.List(q); err != nil || len(rows) != 50 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
	reportMs(b)
}

func BenchmarkSortNameCold100k(b *testing.B) { benchColdSort(b, customers.Query{Sort: "name"}) }
func BenchmarkSortRevenueCold100k(b *testing.B) {
	benchColdSort(b, customers.Query{Sort: "revenue", Desc: true})
}
func BenchmarkSortCityCold100k(b *testing.B) { benchColdSort(b, customers.Query{Sort: "city"}) }

// BenchmarkAddCustomer100k: AddCustomer of a new customer into the 100k
// folder with the list loaded — validation, one synced transaction with its
// indexes, and the list update. The customers added are deleted afterwards,
// outside the timing, so the folder stays at 100k.
func BenchmarkAddCustomer100k(b *testing.B) {
	s := openBench(b)
	ids := make([]string, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c := &model.Customer{Name: fmt.Sprintf("杭州新视界%d号眼镜店", i), ShortName: "新视界", Province: "浙江", City: "杭州市",
			Tier: "B", Stage: "exploration", Type: "retailer", Owner: "王伟", Phone: fmt.Sprintf("1380571%04d", i%10000),
			Revenue: 25_000_000, Currency: model.DefaultBaseCurrency,
			Contacts: []model.Contact{{Name: "周杰", Title: "店长", Role: "decision_maker", Phone: fmt.Sprintf("1390571%04d", i%10000)}}}
		if _, err := s.Customers.Add(c); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	reportMs(b)
	b.StopTimer()
	for _, id := range ids {
		if _, err := s.Customers.Delete(id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddThenFirstPage100k: what the user sees after adding: the add plus
// the first page by name, which must re-sort because the add cleared the order.
func BenchmarkAddThenFirstPage100k(b *testing.B) {
	s := openBench(b)
	s.Customers.List(customers.Query{Sort: "name", Limit: 50})
	ids := make([]string, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c := &model.Customer{Name: fmt.Sprintf("杭州新视界%d号眼镜店", i), City: "杭州市", Tier: "B", Owner: "王伟"}
		if _, err := s.Customers.Add(c); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, c.ID)
		if rows, _, err := s.Customers.List(customers.Query{Sort: "name", Limit: 50}); err != nil || len(rows) != 50 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
	reportMs(b)
	b.StopTimer()
	for _, id := range ids {
		if _, err := s.Customers.Delete(id); err != nil {
			b.Fatal(err)
		}
	}
}

// memStatus is the process's resident memory, from /proc/self/status (Linux).
type memStatus struct{ rss, anon, file, peak float64 } // MB

func readMem(b *testing.B) memStatus {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status: resident memory is measured on Linux only")
	}
	var m memStatus
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = kb / 1024
		case "RssAnon:":
			m.anon = kb / 1024
		case "RssFile:":
			m.file = kb / 1024
		case "VmHWM:":
			m.peak = kb / 1024
		}
	}
	return m
}

// settle collects garbage. With release it also returns freed pages to the OS
// at once (the runtime otherwise does so over minutes), so RSS shows what is
// live rather than what earlier work left behind.
func settle(release bool) {
	runtime.GC()
	if release {
		debug.FreeOSMemory()
	}
}

// benchRSS opens the 100k folder b.N times (optionally loading the list) and
// reports memory with the last one open: RSS after a GC (what the process
// holds just after loading, including heap the load freed but the runtime has
// not yet returned), RSS after returning free pages, its anonymous and
// file-backed (mmapped Badger tables and value log) parts, the Go heap in use,
// and the growth over the process before opening.
func benchRSS(b *testing.B, loadList bool) {
	dir := benchStore(b)
	settle(true)
	base := readMem(b)
	b.ReportAllocs()
	b.ResetTimer()
	var afterGC, released memStatus
	var ms runtime.MemStats
	for i := range b.N {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if loadList {
			if _, n, err := s.Customers.List(customers.Query{Limit: 50}); err != nil || n < benchCustomers {
				b.Fatalf("list: %d customers, %v", n, err)
			}
		}
		if i == b.N-1 {
			b.StopTimer()
			settle(false)
			afterGC = readMem(b)
			settle(true)
			released = readMem(b)
			runtime.ReadMemStats(&ms)
			runtime.KeepAlive(s.Customers)
			b.StartTimer()
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
	b.ReportMetric(afterGC.rss, "RSS-MB")
	b.ReportMetric(released.rss, "RSS-released-MB")
	b.ReportMetric(released.anon, "RssAnon-MB")
	b.ReportMetric(released.file, "RssFile-MB")
	b.ReportMetric(released.rss-base.rss, "RSS-growth-MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "HeapInuse-MB")
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "HeapLive-MB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "GoSys-MB")
	// The process's peak RSS: meaningful only in a process that did nothing
	// else (tools/benchrss), not after the folder was built in it.
	b.ReportMetric(released.peak, "RSS-peak-MB")
}

// BenchmarkRSSListLoaded100k: memory with the 100k folder open and the list loaded.
func BenchmarkRSSListLoaded100k(b *testing.B) { benchRSS(b, true) }

// BenchmarkRSSStoreOnly100k: memory with the folder open, list not loaded
// (Badger's share).
func BenchmarkRSSStoreOnly100k(b *testing.B) { benchRSS(b, false) }

func diskUsage(dir string) string {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}
