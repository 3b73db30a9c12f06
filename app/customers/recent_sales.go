package customers

import (
	"slices"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// RecentMonths is how far back RecentSales sums: this month and the 11
// before (近12个月销售额).
const RecentMonths = 12

// recentCache is the last RecentSales, valid while the store has not
// changed and the month is the same.
type recentCache struct {
	mu      sync.Mutex
	version uint64
	month   int
	sums    map[string]int64
}

// RecentSales returns each customer's sales of the last 12 months (this
// month and the 11 before, local months), in minor units of the base
// currency, from the per-customer rollups: the revenue the sales show,
// beside the annual revenue the customer declared. Customers without sales
// in that time are missing from the map.
func (s *Service) RecentSales() (map[string]int64, error) {
	store, done := s.c.Use()
	defer done()
	now := s.c.Now().In(time.Local)
	month := now.Year()*12 + int(now.Month()) - 1
	version, err := store.Stamp()
	if err != nil {
		return nil, err
	}
	s.recent.mu.Lock()
	defer s.recent.mu.Unlock()
	if s.recent.sums != nil && s.recent.version == version && s.recent.month == month {
		return s.recent.sums, nil
	}
	sums := map[string]int64{}
	err = store.EachCustomerHistory(func(id []byte, months []int, aggs []model.Agg) error {
		var sum int64
		for i, m := range months {
			if m > month-RecentMonths && m <= month {
				sum += aggs[i].Amount
			}
		}
		if sum != 0 {
			sums[string(id)] = sum
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.recent.version, s.recent.month, s.recent.sums = version, month, sums
	return sums, nil
}

// sortByRecent orders rows by their recent sales (largest first when
// desc), then by name as every list order does.
func sortByRecent(rows []*Row, sums map[string]int64, desc bool) {
	byName := compareBy("name", false)
	slices.SortStableFunc(rows, func(a, b *Row) int {
		x, y := sums[a.ID], sums[b.ID]
		c := 0
		switch {
		case x < y:
			c = -1
		case x > y:
			c = 1
		}
		if desc {
			c = -c
		}
		if c == 0 {
			return byName(a, b)
		}
		return c
	})
}
