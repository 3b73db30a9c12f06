package app

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// demoProducts are 杭州加美科技's lines with a unit price in fen.
var demoProducts = []struct {
	name  string
	price int64
	share float64 // of a typical customer's revenue
}{
	{"绮美季抛", 12800, 0.28},
	{"绮美年抛", 29800, 0.18},
	{"加美日抛", 15800, 0.24},
	{"加美月抛", 8900, 0.20},
	{"护理液", 3500, 0.10},
}

// demoSeason is each month's weight: stocking up before the Spring Festival
// (January), its holiday (February), the summer holidays (July, August) and
// the year's end; the weights average 1.
var demoSeason = [12]float64{1.25, 0.70, 0.95, 0.95, 1.00, 1.00, 1.12, 1.18, 0.98, 0.92, 0.95, 1.00}

// demoSales writes months of sales for the demo customers, shaped by each
// one's lifecycle stage so the curves tell the lifecycle's story:
// development customers grow, stable ones stay flat, declining ones fall,
// lost ones stop, new (exploration) ones start recently. Each customer's last
// twelve months come to about its annual revenue (the named chains' 万元
// figures). Written in bulk, the rollups summed in memory.
func (s *Service) demoSales(cs []*model.Customer, o DemoOptions) error {
	store, done := s.c.Use()
	defer done()
	months := o.Months
	if months == 0 {
		months = 36
	}
	if months < 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x73616c6573))
	// Dates are the computer's local days: no sale is dated after the day
	// the user sees as today, wherever UTC's date is.
	now := o.Now
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var sales []*model.Sale
	for _, c := range cs {
		annual := float64(c.Revenue) // fen a year
		if annual <= 0 {
			continue
		}
		// Yearly growth, and the months the customer bought in.
		growth, start, stop := 0.0, months-1, 0
		switch c.Stage {
		case "development":
			growth = 0.25 + r.Float64()*0.2
		case "decline":
			growth = -0.3 - r.Float64()*0.15
		case "lost":
			growth = -0.2
			stop = 4 + r.IntN(8) // silent for the last 4–11 months
		case "exploration":
			start = min(months-1, 2+r.IntN(8))
			growth = 0.6
		default:
			growth = r.Float64()*0.06 - 0.03
		}
		// Products: most customers buy three or four lines.
		var lines []int
		var weight float64
		for i, p := range demoProducts {
			if i == 0 || r.Float64() < 0.75 {
				lines = append(lines, i)
				weight += p.share
			}
		}
		for back := start; back >= stop; back-- {
			m := thisMonth.AddDate(0, -back, 0)
			// The level a year from now's month back: annual/12 at the end.
			level := annual / 12 * math.Pow(1+growth, -float64(back)/12)
			amount := level * demoSeason[m.Month()-1] * (0.88 + r.Float64()*0.24)
			days := time.Date(m.Year(), m.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if back == 0 {
				days = now.Day()
			}
			for _, i := range lines {
				p := demoProducts[i]
				part := amount * p.share / weight
				orders := 1 + int(part/6_000_000) // about one order per 6万元
				orders = min(orders, 8)
				for range orders {
					qty := int64(math.Round(part / float64(orders) / float64(p.price)))
					if qty <= 0 {
						if r.IntN(3) != 0 {
							continue
						}
						qty = 1
					}
					d := m.AddDate(0, 0, r.IntN(days))
					sales = append(sales, &model.Sale{Date: d.Format(time.DateOnly), CustomerID: c.ID, Product: p.name,
						Quantity: qty, Amount: qty * p.price, Currency: model.DefaultBaseCurrency,
						Created: d.Add(time.Duration(9+r.IntN(9)) * time.Hour), Updated: time.Time{}})
				}
			}
		}
	}
	return store.InsertSales(sales)
}
