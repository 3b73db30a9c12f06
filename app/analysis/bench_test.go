package analysis

// Benchmarks on 100,000 customers and 1,000,000 sales (issue 7's "done
// when": the dashboard's data in < 1 s, and each analysis' time). The folder
// is built once per run — generated customers with interactions and
// follow-ups, then a generated 1,000,000-row sales CSV through the ordinary
// import (never inside a timing) — and removed at the end. Set
// KEHU_ANALYSIS_BENCH_DIR to keep it between runs: an existing folder there
// is reused.
//
// These tests do not import app, so the customers are not the demo's
// (app.Demo): benchCustomersOf is a small copy of the demo's customer
// generator (its provinces, types, sources, stages and long-tailed tiers; no
// contacts, key accounts or complaints, which no analysis reads).

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/benchcpu"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data/model"
)

const (
	benchCustomers = 100_000
	benchSales     = 1_000_000
	benchMonths    = 36
)

var bench struct {
	once    sync.Once
	s       *Services
	c       *core.Core
	dir     string
	cleanup bool
	cold    time.Duration // the first dashboard after open, list load included
	err     error
	cpu0    time.Duration // the process's CPU time when the timed part began
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.c != nil {
		bench.c.Close()
	}
	if bench.cleanup {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchService opens (building if need be) the 1M-sales folder, shared by
// every benchmark of the run.
func benchService(b *testing.B) *Services {
	b.Helper()
	bench.once.Do(func() {
		dir := os.Getenv("KEHU_ANALYSIS_BENCH_DIR")
		reuse := false
		if dir != "" {
			_, err := os.Stat(filepath.Join(dir, "sales-done"))
			reuse = err == nil
		} else {
			d, err := os.MkdirTemp("", "kehu-analysis-bench-")
			if bench.err = err; err != nil {
				return
			}
			dir, bench.cleanup = d, true
		}
		bench.dir = dir
		if !reuse {
			os.RemoveAll(dir)
			if bench.err = buildBench(dir); bench.err != nil {
				return
			}
		}
		s, c, err := openServices(dir)
		if bench.err = err; err != nil {
			return
		}
		bench.s, bench.c = s, c
		t0 := time.Now()
		_, bench.err = LoadDashboard(s)
		bench.cold = time.Since(t0)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	bench.cpu0 = benchcpu.Used()
	return bench.s
}

// benchCustomersOf makes n customers as the demo does (app/demo.go, in
// short): a province by the demo's weights, a type, source and stage at
// random, a tier from a long-tailed revenue, and up to four interactions,
// a follow-up on some, due around now.
func benchCustomersOf(n int, now time.Time) ([]*model.Customer, []*model.Interaction) {
	r := rand.New(rand.NewPCG(1, 2))
	provinces := []struct {
		name   string
		weight int
	}{{"浙江", 22}, {"江苏", 20}, {"上海", 14}, {"安徽", 6}, {"福建", 6}, {"山东", 6}, {"广东", 8}, {"江西", 4}, {"湖北", 5}, {"北京", 5}, {"四川", 4}}
	types := []string{"retailer", "chain", "retailer", "wholesaler", "agent", "chain"}
	cs := make([]*model.Customer, 0, n)
	var ins []*model.Interaction
	for i := range n {
		w := r.IntN(100)
		p := provinces[0].name
		for _, q := range provinces {
			if w < q.weight {
				p = q.name
				break
			}
			w -= q.weight
		}
		wan := int64(1 + r.ExpFloat64()*12)
		tier := "C"
		switch {
		case wan >= 60:
			tier = "A"
		case wan >= 20:
			tier = "B"
		}
		c := &model.Customer{ID: model.NewID(), Name: fmt.Sprintf("%s眼镜店第%d分店", p, i), Province: p, Tier: tier,
			Stage: model.Stages[r.IntN(len(model.Stages))], Type: types[r.IntN(len(types))], Source: model.Sources[r.IntN(len(model.Sources))],
			Revenue: wan * 1000000, Currency: model.DefaultBaseCurrency, Created: now.AddDate(0, 0, -r.IntN(1000)).UTC(), Updated: now.UTC()}
		cs = append(cs, c)
		for range r.IntN(5) {
			in := &model.Interaction{ID: model.NewID(), CustomerID: c.ID, Kind: "call", Date: now.AddDate(0, 0, -r.IntN(365)).UTC().Truncate(time.Hour), Summary: "回访上月订单"}
			if r.IntN(3) == 0 {
				in.FollowUp = now.AddDate(0, 0, r.IntN(60)-30).Format(time.DateOnly)
			}
			ins = append(ins, in)
		}
	}
	return cs, ins
}

// buildBench writes the customers, then imports 1,000,000 sales over the
// last 36 months: a long tail (a customer's share falls with its index cubed, so a
// tenth of the customers bring about half the sales), some customers
// starting late and a fifth stopping early, as lifecycles do.
func buildBench(dir string) error {
	start := time.Now()
	s, c, err := openServices(dir)
	if err != nil {
		return err
	}
	defer c.Close()
	now := s.Now()
	cs, ins := benchCustomersOf(benchCustomers, now)
	st, done := c.Use()
	if err := st.InsertNew(cs, ins); err != nil {
		done()
		return err
	}
	done()
	csv := filepath.Join(dir, "sales.csv")
	f, err := os.Create(csv)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("日期,客户编号,产品,数量,金额\n")
	r := rand.New(rand.NewPCG(7, 11))
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -benchMonths+1, 0)
	for range benchSales {
		u := r.Float64()
		i := int(u * u * u * float64(len(cs)))
		from := max(0, i*7919%(benchMonths+8)-8) // most start in the first month
		to := benchMonths
		if i%5 == 0 {
			to = min(benchMonths, from+1+i%24)
		}
		m := first.AddDate(0, from+r.IntN(to-from), 0)
		d := m.AddDate(0, 0, r.IntN(28))
		if d.After(now) {
			d = now
		}
		fmt.Fprintf(w, "%s,%s,绮美季抛,%d,%d.00\n", d.Format(time.DateOnly), cs[i].ID, 1+r.IntN(20), 100+r.IntN(20000))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	f.Close()
	sum, err := s.Sales.ImportFile(context.Background(), csv, importer.Job{})
	if err != nil {
		return err
	}
	if sum.Imported != benchSales {
		return fmt.Errorf("imported %d sales of %d (%d rejected)", sum.Imported, benchSales, sum.Rejected)
	}
	os.Remove(csv)
	fmt.Fprintf(os.Stderr, "bench: built %d customers and %d sales in %s in %v\n", benchCustomers, benchSales, dir, time.Since(start).Round(time.Second))
	return os.WriteFile(filepath.Join(dir, "sales-done"), nil, 0o644)
}

// reportMs reports the wall time of an op and its CPU time, which a shared
// machine's load changes much less (Badger's background work included).
func reportMs(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(float64((benchcpu.Used()-bench.cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkDashboard: the home dashboard's data with the customer list
// loaded (the window loads it at start). Target: < 1 s. cold-ms is the first
// call after opening the folder, list load included.
func BenchmarkDashboard(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for range b.N {
		if _, err := LoadDashboard(s); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
	b.ReportMetric(float64(bench.cold.Milliseconds()), "cold-ms")
}

func BenchmarkTiers(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for range b.N {
		if r, err := SuggestTiers(s, TierOptions{}); err != nil || len(r.Rows) != benchCustomers {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

func BenchmarkCompose(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for i := range b.N {
		if _, err := Compose(s, Groupings[i%len(Groupings)], "", ""); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

func BenchmarkDevelop(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for range b.N {
		if _, err := Develop(s, "month", "", ""); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

func BenchmarkLifecycle(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for range b.N {
		if _, err := SuggestStages(s, LifecycleRule{}); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

func BenchmarkAnomalies(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for range b.N {
		if _, err := Anomalies(s, AnomalyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

func BenchmarkRanking(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	for i := range b.N {
		if _, err := Rank(s, RankOptions{By: RankBy[i%len(RankBy)]}); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
}

func BenchmarkForecast(b *testing.B) {
	s := benchService(b)
	b.ResetTimer()
	var f *Forecast
	for range b.N {
		var err error
		if f, err = MakeForecast(s, ForecastOptions{Months: 12}); err != nil {
			b.Fatal(err)
		}
	}
	reportMs(b)
	// The slider: one move re-projects 12 months.
	t0 := time.Now()
	for i := range 1000 {
		f.Project(float64(i%100 - 50))
	}
	b.ReportMetric(float64(time.Since(t0).Nanoseconds())/1000/1000, "µs/slider-move")
}
