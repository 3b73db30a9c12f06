package reports

import (
	"fmt"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// filterFixture stores a small, hand-countable set of sales: 甲 (S, 广东),
// 乙 (S, 浙江), 丙 (A, 广东); 甲 moves to tier A before its March sale,
// which therefore counts under A while its earlier ones stay under S.
func filterFixture(t *testing.T) (*folder, map[string]string) {
	t.Helper()
	s := openTest(t)
	ids := map[string]string{}
	for _, c := range []*model.Customer{
		{Name: "甲公司", Tier: "S", Province: "广东"},
		{Name: "乙公司", Tier: "S", Province: "浙江"},
		{Name: "丙公司", Tier: "A", Province: "广东"},
	} {
		if _, err := s.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
		ids[c.Name[:3]] = c.ID
	}
	add := func(date, who, product string, fen int64) {
		t.Helper()
		if err := s.Sales.Add(&model.Sale{Date: date, CustomerID: ids[who], Product: product, Quantity: 1, Amount: fen}); err != nil {
			t.Fatal(err)
		}
	}
	add("2024-01-10", "甲", "日抛", 10000)
	add("2024-01-20", "甲", "护理液", 2000)
	add("2024-01-15", "乙", "日抛", 30000)
	add("2024-02-03", "丙", "日抛", 5000)
	add("2024-02-04", "丙", "护理液", 700)
	add("2024-02-05", "甲", "日抛", 4000)
	c, err := s.testStore().Customer(ids["甲"])
	if err != nil {
		t.Fatal(err)
	}
	c.Tier = "A"
	if _, err := s.Customers.Update(c); err != nil {
		t.Fatal(err)
	}
	add("2024-03-01", "甲", "日抛", 6000)
	return s, ids
}

func TestCombinedFiltersSumByHand(t *testing.T) {
	s, ids := filterFixture(t)
	a := ids["甲"]
	for _, c := range []struct {
		name string
		q    SalesQuery
		want string // Jan, Feb, Mar as amount/orders
	}{
		{"all", SalesQuery{}, "[{2024-01 42000 3 false} {2024-02 9700 3 false} {2024-03 6000 1 false}]"},
		{"region alone", SalesQuery{Region: "广东"}, "[{2024-01 12000 2 false} {2024-02 9700 3 false} {2024-03 6000 1 false}]"},
		{"tier S in 广东", SalesQuery{Tier: "S", Region: "广东"}, "[{2024-01 12000 2 false} {2024-02 4000 1 false} {2024-03 0 0 false}]"},
		{"tier S, 日抛", SalesQuery{Tier: "S", Product: "日抛"}, "[{2024-01 40000 2 false} {2024-02 4000 1 false} {2024-03 0 0 false}]"},
		{"广东, 日抛", SalesQuery{Region: "广东", Product: "日抛"}, "[{2024-01 10000 1 false} {2024-02 9000 2 false} {2024-03 6000 1 false}]"},
		{"甲, 日抛", SalesQuery{CustomerID: a, Product: "日抛"}, "[{2024-01 10000 1 false} {2024-02 4000 1 false} {2024-03 6000 1 false}]"},
		{"甲 while S", SalesQuery{CustomerID: a, Tier: "S"}, "[{2024-01 12000 2 false} {2024-02 4000 1 false} {2024-03 0 0 false}]"},
		{"甲 as A, 日抛", SalesQuery{CustomerID: a, Tier: "A", Product: "日抛"}, "[{2024-01 0 0 false} {2024-02 0 0 false} {2024-03 6000 1 false}]"},
		{"A, 广东, 护理液", SalesQuery{Tier: "A", Region: "广东", Product: "护理液"}, "[{2024-01 0 0 false} {2024-02 700 1 false} {2024-03 0 0 false}]"},
		{"乙 in 广东: none", SalesQuery{CustomerID: ids["乙"], Region: "广东"}, "[{2024-01 0 0 false} {2024-02 0 0 false} {2024-03 0 0 false}]"},
	} {
		c.q.From, c.q.To = "2024-01", "2024-03"
		pts, err := s.Reports.SalesReport(c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fmt.Sprint(pts); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	q := SalesQuery{From: "2024", To: "2024", Region: "广东"}
	cust, err := s.Reports.BreakdownOf("customer", q)
	if err != nil || fmt.Sprint(cust) != fmt.Sprintf("[{%s 22000 4} {%s 5700 2}]", a, ids["丙"]) {
		t.Errorf("customers in 广东: %v %v", cust, err)
	}
	// By tier, each sale under the tier it was written with: 甲's March sale
	// under A, its earlier ones under S.
	for tier, want := range map[string]string{
		"S": fmt.Sprintf("[{%s 30000 1} {%s 16000 3}]", ids["乙"], a),
		"A": fmt.Sprintf("[{%s 6000 1} {%s 5700 2}]", a, ids["丙"]),
	} {
		if got, err := s.Reports.BreakdownOf("customer", SalesQuery{From: "2024", To: "2024", Tier: tier}); err != nil || fmt.Sprint(got) != want {
			t.Errorf("customers of tier %s: %v %v, want %s", tier, got, err, want)
		}
	}
	q.Product = "日抛"
	cust, err = s.Reports.BreakdownOf("customer", q) // a product: read from the sales
	if err != nil || fmt.Sprint(cust) != fmt.Sprintf("[{%s 20000 3} {%s 5000 1}]", a, ids["丙"]) {
		t.Errorf("customers in 广东 of 日抛: %v %v", cust, err)
	}
	prods, err := s.Reports.BreakdownOf("product", SalesQuery{From: "2024", To: "2024", CustomerID: a, Tier: "S"})
	if err != nil || fmt.Sprint(prods) != "[{日抛 14000 2} {护理液 2000 1}]" {
		t.Errorf("甲's products while S: %v %v", prods, err)
	}
	tiers, err := s.Reports.RevenueByTierOf(q)
	if err != nil || fmt.Sprint(tiers) != "[{S 14000 2} {A 11000 2} {B 0 0} {C 0 0}]" {
		t.Errorf("tiers in 广东 of 日抛: %v %v", tiers, err)
	}
	if got := s.Reports.FilterText(SalesQuery{CustomerID: a, Region: "广东"}); got != "Customer: 甲公司 · Region: 广东" {
		t.Errorf("filter text %q", got)
	}
	// Deleting a sale takes it out of the combined rollups too, and check
	// agrees with the stored rollups all along.
	list, err := s.testStore().CustomerSales(a, "2024-03-01", "2024-03-31")
	if err != nil || len(list) != 1 {
		t.Fatalf("甲's March: %v %v", list, err)
	}
	if _, err := s.Sales.Delete(list[0].ID); err != nil {
		t.Fatal(err)
	}
	pts, _ := s.Reports.SalesReport(SalesQuery{From: "2024-03", To: "2024-03", CustomerID: a, Product: "日抛"})
	if fmt.Sprint(pts) != "[{2024-03 0 0 false}]" {
		t.Errorf("after delete: %v", pts)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Errorf("check: %v %v", p, err)
	}
}
