package accounts

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// TestWinBack pins the lost list on 2026-06-10 (current month 2026-06).
// Months silent = months between the last purchase month and June, June
// itself not counted.
//
//	P  2025-03-05 1,000.00  2025-11-20 500.00  2026-02-14 250.00  → 1,750.00, 3 orders, last Feb: silent Mar–May = 3
//	Q  2025-06-01 3,000.00                                        → 3,000.00, last 2025-06: silent 11
//	R  2025-01-10 5,000.00  2026-03-01 100.00                     → last Mar: silent 2, not lost at 3
//	S  2026-06-02 800.00                                          → buying this month
//	T  2024-12-31 200.00                                          → last 2024-12: silent 17
//
// N = 3: lost Q 300000, P 175000, T 20000 (fen), in that order.
// N = 12: only T. N = 1: R joins (silent 2), and its 5,000.00 + 100.00 =
// 510000 fen ranks it first: R, Q, P, T.
func TestWinBack(t *testing.T) {
	s := openTest(t)
	s.c.SetClock(func() time.Time { return accNow })
	ids := map[string]string{}
	for _, c := range []*model.Customer{
		{Name: "P 视光中心", Tier: "B", Owner: "王伟", Contacts: []model.Contact{{Name: "王强", Role: "decision_maker", Phone: "13800000001"}, {Name: "李娜", Role: "user"}}},
		{Name: "Q 眼镜店", Tier: "A", Phone: "0571-1234", Contacts: []model.Contact{{Name: "张敏", Role: "user", Phone: "13900000002"}}},
		{Name: "R 眼镜公司", Tier: "S"},
		{Name: "S 眼镜连锁", Tier: "B"},
		{Name: "T 眼镜批发部", Tier: "C"},
	} {
		addCustomer(t, s, c)
		ids[c.Name[:1]] = c.ID
	}
	// Sales and visits go straight in the store, as the sales and customer
	// services would write them.
	st, done := s.c.Use()
	defer done()
	for _, sl := range []struct {
		who, date string
		amount    int64
	}{
		{"P", "2025-03-05", 100000}, {"P", "2025-11-20", 50000}, {"P", "2026-02-14", 25000},
		{"Q", "2025-06-01", 300000},
		{"R", "2025-01-10", 500000}, {"R", "2026-03-01", 10000},
		{"S", "2026-06-02", 80000},
		{"T", "2024-12-31", 20000},
	} {
		if err := st.PutSale(&model.Sale{CustomerID: ids[sl.who], Date: sl.date, Product: "绮美季抛", Quantity: 1, Amount: sl.amount}); err != nil {
			t.Fatal(err)
		}
	}
	for _, in := range []*model.Interaction{
		{CustomerID: ids["P"], Kind: "visit", Date: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), Contact: "李娜"},
		{CustomerID: ids["P"], Kind: "call", Date: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)},
	} {
		if err := st.PutInteraction(in); err != nil {
			t.Fatal(err)
		}
	}

	rows, total, err := s.WinBack(3, accNow, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []WinBackRow{
		{Name: "Q 眼镜店", PastValue: 300000, Orders: 1, LastPurchase: "2025-06-01", MonthsSilent: 11, Contact: "张敏", Phone: "13900000002"},
		// P's last interaction (03-01) names nobody: its decision maker is the one to call.
		{Name: "P 视光中心", PastValue: 175000, Orders: 3, LastPurchase: "2026-02-14", MonthsSilent: 3, LastContact: "2026-03-01", Contact: "王强", Phone: "13800000001"},
		{Name: "T 眼镜批发部", PastValue: 20000, Orders: 1, LastPurchase: "2024-12-31", MonthsSilent: 17},
	}
	if total != 3 || len(rows) != 3 {
		t.Fatalf("%d rows of %d, want 3", len(rows), total)
	}
	for i, w := range want {
		r := rows[i]
		if r.Name != w.Name || r.PastValue != w.PastValue || r.Orders != w.Orders || r.LastPurchase != w.LastPurchase ||
			r.MonthsSilent != w.MonthsSilent || r.LastContact != w.LastContact || r.Contact != w.Contact || r.Phone != w.Phone {
			t.Errorf("row %d = %+v\nwant %+v", i, *r, w)
		}
	}
	if rows, total, _ := s.WinBack(3, accNow, 2); len(rows) != 2 || total != 3 || rows[1].Name != "P 视光中心" {
		t.Errorf("limit 2: %d rows of %d", len(rows), total)
	}
	if rows, _, _ := s.WinBack(12, accNow, 0); len(rows) != 1 || rows[0].Name != "T 眼镜批发部" {
		t.Errorf("12 months: %v", rows)
	}
	if rows, _, _ := s.WinBack(1, accNow, 0); len(rows) != 4 || rows[0].Name != "R 眼镜公司" || rows[0].PastValue != 510000 {
		t.Errorf("1 month: %d rows, first %+v", len(rows), rows[0])
	}
	if _, _, err := s.WinBack(0, accNow, 0); err == nil {
		t.Error("0 months accepted")
	}

	// Planning a win-back adds an open action due in a week, owner the 负责人.
	a, err := s.PlanWinBack(ids["P"], "回访王强，了解停购原因", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Due != "2026-06-17" || a.Owner != "王伟" || a.Status != "open" || a.Kind != ActionWinBack {
		t.Errorf("planned %+v", a)
	}
	rows, _, _ = s.WinBack(3, accNow, 0)
	if rows[0].Planned || !rows[1].Planned {
		t.Errorf("planned flags %v %v", rows[0].Planned, rows[1].Planned)
	}

	// The setting: default 6, stored, bounded.
	if n := s.WinBackMonths(); n != DefaultWinBackMonths {
		t.Errorf("default %d", n)
	}
	if err := s.SetWinBackMonths(9); err != nil || s.WinBackMonths() != 9 {
		t.Errorf("set 9: %v, %d", err, s.WinBackMonths())
	}
	if err := s.SetWinBackMonths(0); err == nil {
		t.Error("0 stored")
	}
}
