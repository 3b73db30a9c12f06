package app

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

// TestRecentSales: the last 12 months' sales a customer (this month and the
// 11 before), updated by a new sale, and the list sorted by them.
func TestRecentSales(t *testing.T) {
	s := openTest(t)
	s.SetClock(func() time.Time { return time.Date(2026, 6, 15, 4, 0, 0, 0, time.UTC) })
	big := &model.Customer{Name: "甲眼镜", Revenue: 100, Currency: "CNY"}
	small := &model.Customer{Name: "乙眼镜", Revenue: 900000, Currency: "CNY"}
	none := &model.Customer{Name: "丙眼镜"}
	for _, c := range []*model.Customer{big, small, none} {
		if _, err := s.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, sale := range []*model.Sale{
		{CustomerID: big.ID, Date: "2026-06-01", Amount: 50000},
		{CustomerID: big.ID, Date: "2025-07-31", Amount: 20000},
		{CustomerID: big.ID, Date: "2025-06-30", Amount: 99999}, // 13 months back: out
		{CustomerID: small.ID, Date: "2026-01-10", Amount: 10000},
	} {
		sale.Currency = "CNY"
		if err := s.Sales.Add(sale); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := s.Customers.RecentSales()
	if err != nil || sums[big.ID] != 70000 || sums[small.ID] != 10000 || sums[none.ID] != 0 {
		t.Fatalf("%v %v", sums, err)
	}
	if err := s.Sales.Add(&model.Sale{CustomerID: small.ID, Date: "2026-06-02", Amount: 90000, Currency: "CNY"}); err != nil {
		t.Fatal(err)
	}
	rows, n, err := s.Customers.List(customers.Query{Sort: customers.SortRecent, Desc: true, Limit: 2})
	if err != nil || n != 3 || len(rows) != 2 || rows[0].Name != "乙眼镜" || rows[1].Name != "甲眼镜" {
		t.Fatalf("sorted by recent sales: %d rows of %d, %v", len(rows), n, err)
	}
}
