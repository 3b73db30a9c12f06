package reports

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// BenchmarkSalesCurveCombined times 24-month curves with combined filters
// over 1,000,000 sales (KEHU_SALES_ROWS for fewer) of 10,000 customers,
// written in bulk outside the timing: tier and region (segment rollups),
// tier, region and product, a customer and a product (detail rollups), and
// the top 10 customers of a region (a year of detail rollups).
func BenchmarkSalesCurveCombined(b *testing.B) {
	rows := 1_000_000
	if n, err := strconv.Atoi(os.Getenv("KEHU_SALES_ROWS")); err == nil && n > 0 {
		rows = n
	}
	s := openTest(b)
	var cs []*model.Customer
	for i := range 10_000 {
		cs = append(cs, &model.Customer{Name: fmt.Sprintf("眼镜店%d", i), Tier: model.Tiers[i%4], Province: benchProvinces[i%len(benchProvinces)]})
	}
	if err := s.testStore().InsertNew(cs, nil); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for done := 0; done < rows; {
		sales := make([]*model.Sale, 0, 100_000)
		for i := 0; i < 100_000 && done < rows; i++ {
			sales = append(sales, &model.Sale{Date: start.AddDate(0, 0, done%730).Format(time.DateOnly), CustomerID: cs[done%len(cs)].ID,
				Product: benchProducts[(done/7)%len(benchProducts)], Quantity: 1, Amount: int64(1000 + done%50000)})
			done++
		}
		if err := s.testStore().InsertSales(sales); err != nil {
			b.Fatal(err)
		}
	}
	region, product := benchProvinces[0], benchProducts[0]
	for _, c := range []struct {
		name string
		q    SalesQuery
	}{
		{"tier+region", SalesQuery{Tier: "S", Region: region}},
		{"tier+region+product", SalesQuery{Tier: "S", Region: region, Product: product}},
		{"region+product", SalesQuery{Region: region, Product: product}},
		{"customer+product", SalesQuery{CustomerID: cs[7].ID, Product: product}},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.q.From, c.q.To = "2023-01", "2024-12"
			for range b.N {
				if pts, err := s.Reports.SalesReport(c.q); err != nil || len(pts) != 24 {
					b.Fatal(len(pts), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/curve")
		})
	}
	b.Run("top10-of-region", func(b *testing.B) {
		for range b.N {
			if _, err := s.Reports.BreakdownOf("customer", SalesQuery{From: "2024", To: "2024", Region: region}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/breakdown")
	})
}
