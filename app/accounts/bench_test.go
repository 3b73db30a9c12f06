package accounts

import (
	"fmt"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/benchcpu"
	"github.com/kehu-crm/kehu/app/core"
)

// BenchmarkAccounts1M times the win-back list, the overdue actions and their
// count (the dashboard tile), and the key-account list on 100,000 customers
// (12% of them tier S or A) with 1,000,000 sales over 36 months and 20,000
// actions, written in bulk outside the timing. The loop times WinBack (6
// months, top 500); the others are one run each, reported as metrics.
func BenchmarkAccounts1M(b *testing.B) {
	c, err := core.Open(b.TempDir(), core.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	s := New(c)
	st, done := c.Use()
	done() // single-threaded set-up: nothing swaps the store
	const nc = 100_000
	cs := make([]*model.Customer, nc)
	for i := range cs {
		tier := "C"
		switch i % 25 {
		case 0:
			tier = "S"
		case 1, 2:
			tier = "A"
		case 3, 4, 5, 6, 7:
			tier = "B"
		}
		cs[i] = &model.Customer{Name: fmt.Sprintf("眼镜店%d", i), Tier: tier, Contacts: []model.Contact{{Name: "王伟", Role: "user"}}}
	}
	if err := st.InsertNew(cs, nil); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for part := range 10 {
		sales := make([]*model.Sale, 0, 100_000)
		for i := range 100_000 {
			n := part*100_000 + i
			// Every tenth customer stops buying a year before now.
			days := n % 1095
			if c := n % nc; c%10 == 0 {
				days %= 730
			}
			sales = append(sales, &model.Sale{Date: start.AddDate(0, 0, days).Format(time.DateOnly), CustomerID: cs[n%nc].ID,
				Product: benchProducts[n%len(benchProducts)], Quantity: 1, Amount: int64(1000 + n%50000)})
		}
		if err := st.InsertSales(sales); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 20_000 {
		a := &model.Action{CustomerID: cs[(i*5)%nc].ID, Text: "回访", Due: now.AddDate(0, 0, i%60-30).Format(time.DateOnly)}
		if err := st.PutAction(a); err != nil {
			b.Fatal(err)
		}
	}
	// A store in use has its rollups in the current layout (the first
	// analysis after an upgrade builds them once); bulk-written sales here
	// leave that to the first reader, which must not be the timed one.
	if err := st.EnsureRollups(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu0 := benchcpu.Used()
	var lost int
	for range b.N {
		rows, total, err := s.WinBack(6, now, 500)
		if err != nil || len(rows) != 500 {
			b.Fatal(len(rows), err)
		}
		lost = total
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/winback")
	b.ReportMetric(float64((benchcpu.Used()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/winback")
	b.ReportMetric(float64(lost), "lost")
	t0 := time.Now()
	n, err := s.OverdueActionCount(now)
	if err != nil || n == 0 {
		b.Fatal(n, err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms/overdue-count")
	t0 = time.Now()
	if rows, err := s.OverdueActions(now); err != nil || len(rows) != n {
		b.Fatal(len(rows), err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms/overdue-list")
	t0 = time.Now()
	if rows, err := s.KeyAccounts(now); err != nil || len(rows) != nc*3/25 {
		b.Fatal(len(rows), err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "ms/key-accounts")
}

// benchProducts are the demo's product lines (app's demoProducts).
var benchProducts = []string{"绮美季抛", "绮美年抛", "加美日抛", "加美月抛", "护理液"}
