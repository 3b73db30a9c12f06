package data

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// TestPackRows: a compact row, packed, reads back as the sale Sale.clean
// and the store make of it, on awkward values, in packs cut to fit the
// value threshold.
func TestPackRows(t *testing.T) {
	tags := map[string]saleTags{
		"C1": {"S", "上海"},
		"C2": {},
		"C3": {`A"<&>`, "浙\n江"},
	}
	sales := []*model.Sale{
		{Date: "2024-01-05", CustomerID: "C1", Product: "产品1", Quantity: 3, Amount: 1234, Currency: "CNY"},
		{Date: " 2024-02-29 ", CustomerID: "C2", Product: "  a\tb\x01 ", Amount: -5, Currency: "usd", Note: "x \"y\" <z> & \n\\"},
		{Date: "2023-12-31", CustomerID: "C3", Amount: 0, Note: "备注"},
		{Date: "2023-12-31", CustomerID: "C1", Product: "产品1", Quantity: -1, Amount: 9, Currency: "CNY", Note: strings.Repeat("长", 200)},
	}
	for i := range 200 {
		sales = append(sales, &model.Sale{Date: "2024-03-01", CustomerID: "C2", Amount: int64(i)})
	}
	rows := &SaleRows{}
	for _, s := range sales {
		rows.Add(s)
	}
	tab, err := rows.tables("CNY", func(id string) (saleTags, error) { return tags[id], nil })
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 15, 4, 5, 123456789, time.UTC)
	ids := model.NewIDs(len(sales))
	order := indexOrder(rows, tab)
	packs, byCustomer, ok := packRows(rows, tab, order, ids, packInfo{batch: "B1", dev: "dev", hlc0: 100, created: now}, 1024)
	if !ok {
		t.Fatal("not packed")
	}
	if len(packs) < 5 || len(byCustomer) < 3 {
		t.Errorf("%d packs, %d by-customer entries", len(packs), len(byCustomer))
	}
	j := 0
	for _, p := range packs {
		if len(p.v) >= 1024-64 {
			t.Errorf("pack %q is %d bytes", p.k, len(p.v))
		}
		pk, err := decodePack(p.v)
		if err != nil {
			t.Fatal(err)
		}
		for i, got := range pk.sales {
			row := order[j]
			want := *sales[row]
			want.Batch = "B1"
			if want.Currency == "" {
				want.Currency = "CNY"
			}
			if err := want.Clean(); err != nil {
				t.Fatal(err)
			}
			want.Tier, want.Region = tags[want.CustomerID].tier, tags[want.CustomerID].region
			want.ID, want.Created, want.Updated = string(ids[j*model.IDLen:(j+1)*model.IDLen]), now, now
			if got != want || pk.stamp(i) != string(appendStamp(nil, 100+uint64(j), "dev")) {
				t.Errorf("sale %d (row %d):\n got %+v\nwant %+v", j, row, got, want)
			}
			j++
		}
	}
	if j != len(sales) {
		t.Errorf("%d sales packed, want %d", j, len(sales))
	}
	// A sale that cannot fit in one value is not packed.
	if _, _, ok := packRows(rows, tab, order, ids, packInfo{batch: "B1", dev: "dev", created: now}, 300); ok {
		t.Error("a 600-byte note packed under a 300-byte threshold")
	}
}

// TestStreamSaleRowsTwice: a second streamed import adds to the rollups
// and customer histories the first wrote (stored values merged), with a
// foreign currency and customers of several tiers and regions.
func TestStreamSaleRowsTwice(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetRate("USD", "2023-01-01", "7.1"); err != nil {
		t.Fatal(err)
	}
	var cs []*model.Customer
	for i := range 7 {
		c := &model.Customer{Name: fmt.Sprint("店", i), Tier: []string{"", "S", "A"}[i%3], Province: []string{"上海", "", "浙江", "广东"}[i%4]}
		if err := s.PutCustomer(c); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for round := range 2 {
		b := &model.Batch{Kind: "sales", File: "x.csv", DeferRollups: true}
		if err := s.BeginBatch(b); err != nil {
			t.Fatal(err)
		}
		cache := NewSalesCache()
		cache.DeferRollups()
		rows := &SaleRows{}
		for i := range streamMin + 100 {
			cur := "CNY"
			if i%7 == round {
				cur = "USD"
			}
			rows.Add(&model.Sale{Date: fmt.Sprintf("%d-%02d-%02d", 2023+i%2, 1+(i+round)%12, 1+i%28), CustomerID: cs[(i+round)%len(cs)].ID,
				Product: fmt.Sprint("产品", i%4), Quantity: int64(i % 3), Amount: int64(100 + i), Currency: cur, Note: fmt.Sprint(i % 2)})
		}
		ok, err := s.StreamSaleRows(b.ID, rows, cache)
		if err != nil || !ok {
			t.Fatalf("round %d streamed: %v %v", round, ok, err)
		}
		if err := s.WriteDeferredRollups(cache); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitBatch(b); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Check(); err != nil || len(p) > 0 {
			t.Fatalf("round %d check: %v %v", round, p, err)
		}
	}
	if n, err := s.CountSales(); err != nil || n != 2*(streamMin+100) {
		t.Fatalf("%d sales (%v)", n, err)
	}
}

// TestSaleRowsIntern: each distinct string once, "" first, and a table
// given without an index is indexed before use.
func TestSaleRowsIntern(t *testing.T) {
	for _, c := range []struct {
		start []string
		add   []string
		want  []string
	}{
		{nil, []string{"", "a", "", "b", "a"}, []string{"", "a", "b"}},
		{nil, []string{"a", ""}, []string{"", "a"}},
		{[]string{"x", "y"}, []string{"", "y", ""}, []string{"x", "y", ""}},
	} {
		r := &SaleRows{Strings: c.start}
		for _, s := range c.add {
			if got := r.Strings[r.Intern(s)]; got != s {
				t.Errorf("%v: Intern(%q) gives %q", c.start, s, got)
			}
		}
		if fmt.Sprint(r.Strings) != fmt.Sprint(c.want) {
			t.Errorf("%v + %q: %q, want %q", c.start, c.add, r.Strings, c.want)
		}
	}
}

// TestIndexOrder: rows come out by customer, date, then row.
func TestIndexOrder(t *testing.T) {
	rows := &SaleRows{}
	tags := map[string]saleTags{}
	for i := range 5000 {
		c := fmt.Sprintf("C%02d", i*7%37)
		tags[c] = saleTags{}
		rows.Add(&model.Sale{Date: fmt.Sprintf("2024-%02d-%02d", i%12+1, i*13%28+1), CustomerID: c, Amount: int64(i)})
	}
	tab, err := rows.tables("CNY", func(id string) (saleTags, error) { return tags[id], nil })
	if err != nil {
		t.Fatal(err)
	}
	order := indexOrder(rows, tab)
	key := func(i uint32) string {
		x := rows.Rows[i]
		return fmt.Sprintf("%s %s %08d", tab.custIDs[tab.custLoc[x.Customer]], tab.dates[tab.dateLoc[x.Date]], i)
	}
	if len(order) != rows.Len() {
		t.Fatalf("%d rows in order, want %d", len(order), rows.Len())
	}
	for j := 1; j < len(order); j++ {
		if key(order[j-1]) >= key(order[j]) {
			t.Fatalf("%q before %q", key(order[j-1]), key(order[j]))
		}
	}
}

// TestSumRowsDense: the tables and the maps sum alike.
func TestSumRowsDense(t *testing.T) {
	rows := &SaleRows{}
	tags := map[string]saleTags{"C1": {"S", "上海"}, "C2": {"A", "浙江"}, "C3": {}}
	for i := range 3000 {
		rows.Add(&model.Sale{Date: fmt.Sprintf("20%02d-%02d-01", 23+i%3, i%12+1), CustomerID: fmt.Sprintf("C%d", i%3+1),
			Product: fmt.Sprint("P", i%5), Amount: int64(i*7 - 500), Currency: "CNY"})
	}
	tab, err := rows.tables("CNY", func(id string) (saleTags, error) { return tags[id], nil })
	if err != nil {
		t.Fatal(err)
	}
	rates := &rateTable{base: "CNY"}
	dense, err := sumRows(rows, tab, rates)
	if err != nil {
		t.Fatal(err)
	}
	byMap, err := sumRowsMap(rows, tab, rates)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(dense.cm, byMap.cm) || !maps.Equal(dense.seg, byMap.seg) || len(dense.cm) == 0 {
		t.Errorf("dense %d/%d sums, by map %d/%d", len(dense.cm), len(dense.seg), len(byMap.cm), len(byMap.seg))
	}
}
