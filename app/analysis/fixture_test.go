package analysis

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/app/sales"
)

// openServices opens the data folder dir with the services the analyses
// take, wired as app.OpenWith wires them (a small copy: these tests do not
// import app); FollowUpsDue is the façade's three lines over the store.
// The clock is the core's: c.SetClock pins it.
func openServices(dir string) (*Services, *core.Core, error) {
	c, err := core.Open(dir, core.Options{})
	if err != nil {
		return nil, nil, err
	}
	cs, err := complaints.New(c)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	s := &Services{Customers: customers.New(c), Sales: sales.New(c), Reports: reports.New(c, cs), Complaints: cs, Accounts: accounts.New(c),
		Now: c.Now,
		FollowUpsDue: func(date string) (int, error) {
			st, done := c.Use()
			defer done()
			return st.CountFollowUpsUntil(date)
		},
	}
	return s, c, nil
}

// openTest is openServices on a new folder, closed when the test ends, its
// clock on now.
func openTest(t testing.TB, now time.Time) *Services {
	t.Helper()
	s, c, err := openServices(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetClock(func() time.Time { return now })
	return s
}

// The fixture, shared by every test: six customers, sales once a month on
// the 10th, the clock on 2025-07-15 (this month 2025-07, the last complete
// month 2025-06). Amounts in yuan (×100 in fen):
//
//	甲 A  C  low  浙江 chain       stable       1000 a month 2023-07 … 2025-07
//	乙 B  A       江苏 wholesaler  stable        500 a month 2023-07 … 2024-12, 200 2025-01 … 2025-06
//	丙 C  B       浙江 retailer    development   300 a month 2025-02 … 2025-07
//	丁 D  C       上海 retailer    lost          400 a month 2023-07 … 2024-10
//	戊 E  -       浙江 -           exploration   no sales
//	己 F  B       江苏 agent       stable        100 a month 2024-07 … 2024-12, 150 2025-01 … 2025-06
//
// Monthly totals: 2023-07 … 2024-06 1900 (甲+乙+丁); 2024-07 … 10 2000 (+己);
// 2024-11, 12 1600; 2025-01 1350; 2025-02 … 06 1650; 2025-07 1300 (甲+丙).
var fixtureNow = time.Date(2025, 7, 15, 10, 0, 0, 0, time.UTC)

type fixCustomer struct {
	name, tier, fit, province, typ, source, stage, created string
	runs                                                   []run
}

type run struct {
	from, to string
	yuan     int64
}

var fixture = []fixCustomer{
	{"甲", "C", "low", "浙江", "chain", "referral", "stable", "2023-06-10", []run{{"2023-07", "2025-07", 1000}}},
	{"乙", "A", "", "江苏", "wholesaler", "b2b", "stable", "2023-07-01", []run{{"2023-07", "2024-12", 500}, {"2025-01", "2025-06", 200}}},
	{"丙", "B", "high", "浙江", "retailer", "exhibition", "development", "2025-01-20", []run{{"2025-02", "2025-07", 300}}},
	{"丁", "C", "", "上海", "retailer", "", "lost", "2023-05-05", []run{{"2023-07", "2024-10", 400}}},
	{"戊", "", "", "浙江", "", "", "exploration", "2025-07-01", nil},
	{"己", "B", "", "江苏", "agent", "referral", "stable", "2024-06-15", []run{{"2024-07", "2024-12", 100}, {"2025-01", "2025-06", 150}}},
}

// openFixture builds the fixture in a fresh store; ids maps names to ids.
func openFixture(t testing.TB) (*Services, map[string]string) {
	t.Helper()
	s := openTest(t, fixtureNow)
	ids := map[string]string{}
	for _, f := range fixture {
		c := &model.Customer{Name: f.name, Tier: f.tier, Fit: f.fit, Province: f.province, Type: f.typ, Source: f.source, Stage: f.stage}
		if _, err := s.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
		c.Created, _ = time.Parse(time.DateOnly, f.created)
		if _, err := s.Customers.Update(c); err != nil {
			t.Fatal(err)
		}
		ids[f.name] = c.ID
		for _, r := range f.runs {
			from, _ := parseMonth(r.from)
			to, _ := parseMonth(r.to)
			for m := from; m <= to; m++ {
				if err := s.Sales.Add(&model.Sale{Date: m.String() + "-10", CustomerID: c.ID, Product: "绮美季抛", Quantity: 1, Amount: r.yuan * 100}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return s, ids
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }
