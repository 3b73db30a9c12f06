package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// benchProvinces and benchProducts are the demo's provinces and products
// (app/demo.go, app/demo_sales.go), in their order, so the benchmarks spread
// their sales as they did when they ran in app over the demo's lists.
var (
	benchProvinces = []string{"浙江", "江苏", "上海", "安徽", "福建", "山东", "广东", "江西", "湖北", "北京", "四川"}
	benchProducts  = []string{"绮美季抛", "绮美年抛", "加美日抛", "加美月抛", "护理液"}
)

// BenchmarkSalesCurve1M times the monthly curve (24 months, then 24 months of
// one customer, then revenue by tier) over 1,000,000 sales, written in bulk
// outside the timing. Target: < 50 ms a curve.
func BenchmarkSalesCurve1M(b *testing.B) {
	s := openTest(b)
	var cs []*model.Customer
	for i := range 10_000 {
		cs = append(cs, &model.Customer{Name: fmt.Sprintf("眼镜店%d", i), Tier: model.Tiers[i%4], Province: benchProvinces[i%len(benchProvinces)]})
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
				Product: benchProducts[n%len(benchProducts)], Quantity: 1, Amount: int64(1000 + n%50000)})
		}
		if err := s.testStore().InsertSales(sales); err != nil {
			b.Fatal(err)
		}
	}
	q := SalesQuery{From: "2023-01", To: "2024-12"}
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
	if _, err := s.Reports.SalesReport(SalesQuery{From: "2023-01", To: "2024-12", CustomerID: cs[7].ID}); err != nil {
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
