package data

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

func openSalesTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bigConvert is the reference conversion: exact rationals, half away from zero.
func bigConvert(amount int64, rate string) int64 {
	r, ok := new(big.Rat).SetString(rate)
	if !ok {
		panic(rate)
	}
	x := new(big.Rat).Mul(new(big.Rat).SetInt64(amount), r)
	neg := x.Sign() < 0
	x.Abs(x)
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

func TestConvertAmount(t *testing.T) {
	for _, c := range []struct {
		amount int64
		rate   string
		want   int64
	}{
		{100, "7.2345", 723},                   // 723.45 fen → 723
		{150, "7.2345", 1085},                  // 1085.175 → 1085
		{12345, "7.1", 87650},                  // 87649.5 → 87650 (half away from zero)
		{-12345, "7.1", -87650},                // and below zero
		{1, "0.5", 1},                          // 0.5 → 1
		{-1, "0.5", -1},                        //
		{3, "0.1666666", 0},                    // 0.4999998 → 0
		{123456789012, "7.2345", 893148140107}, // 893148140107.314
		{1, "1", 1},
	} {
		got, err := model.ConvertAmount(c.amount, c.rate)
		if err != nil || got != c.want || got != bigConvert(c.amount, c.rate) {
			t.Errorf("ConvertAmount(%d, %s) = %d, %v; want %d (big.Rat %d)", c.amount, c.rate, got, err, c.want, bigConvert(c.amount, c.rate))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		a := r.Int64N(1e12) - 5e11
		rate := fmt.Sprintf("%d.%04d", r.IntN(20), 1+r.IntN(9999))
		if got, _ := model.ConvertAmount(a, rate); got != bigConvert(a, rate) {
			t.Fatalf("ConvertAmount(%d, %s) = %d, want %d", a, rate, got, bigConvert(a, rate))
		}
	}
	for _, bad := range []string{"", "0", "-1", "abc", "1.2.3", "7.1234567890"} {
		if _, err := model.ConvertAmount(100, bad); !errors.Is(err, model.ErrBadRate) {
			t.Errorf("rate %q: %v", bad, err)
		}
	}
}

// TestRollupsRandom runs 1,000 random writes, edits and deletes of sales in
// two currencies and checks the rollups against a recomputation each 100
// steps, and every month against an independent sum.
func TestRollupsRandom(t *testing.T) {
	s := openSalesTest(t)
	tiers := []string{"S", "A", "B", "C", ""}
	provinces := []string{"浙江", "江苏", "上海", ""}
	var custs []*model.Customer
	for i := range 12 {
		c := &model.Customer{Name: fmt.Sprintf("客户%d", i), Tier: tiers[i%len(tiers)], Province: provinces[i%len(provinces)]}
		if err := s.PutCustomer(c); err != nil {
			t.Fatal(err)
		}
		custs = append(custs, c)
	}
	if err := s.SetRate("USD", "2023-01-01", "7.0123"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRate("USD", "2024-01-01", "7.2345"); err != nil {
		t.Fatal(err)
	}
	rate := func(date string) string {
		if date >= "2024-01-01" {
			return "7.2345"
		}
		return "7.0123"
	}
	products := []string{"绮美季抛", "加美日抛", "护理液"}
	r := rand.New(rand.NewPCG(3, 4))
	live := map[string]*model.Sale{}
	var ids []string
	randomSale := func(sale *model.Sale) {
		day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(730))
		sale.Date = day.Format(time.DateOnly)
		sale.CustomerID = custs[r.IntN(len(custs))].ID
		sale.Product = products[r.IntN(len(products))]
		sale.Quantity = int64(1 + r.IntN(50))
		sale.Amount = r.Int64N(2_000_000) - 100_000 // returns too
		sale.Currency = "CNY"
		if r.IntN(4) == 0 {
			sale.Currency = "USD"
		}
	}
	for step := 1; step <= 1000; step++ {
		switch op := r.IntN(10); {
		case op < 6 || len(ids) == 0:
			sale := &model.Sale{}
			randomSale(sale)
			if err := s.PutSale(sale); err != nil {
				t.Fatal(err)
			}
			live[sale.ID] = sale
			ids = append(ids, sale.ID)
		case op < 8:
			id := ids[r.IntN(len(ids))]
			if live[id] == nil {
				continue
			}
			sale := *live[id]
			randomSale(&sale)
			if err := s.PutSale(&sale); err != nil {
				t.Fatal(err)
			}
			live[id] = &sale
		default:
			id := ids[r.IntN(len(ids))]
			_, err := s.DeleteSale(id)
			if live[id] == nil {
				if !errors.Is(err, model.ErrNotFound) {
					t.Fatalf("delete of a deleted sale: %v", err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			delete(live, id)
		}
		if step%100 == 0 {
			if p, err := s.Check(); err != nil || len(p) > 0 {
				t.Fatalf("step %d: %v %v", step, err, p)
			}
		}
	}
	// An independent sum per month and per tier.
	want := map[string]model.Agg{}
	for _, sale := range live {
		amt := sale.Amount
		if sale.Currency == "USD" {
			amt = bigConvert(amt, rate(sale.Date))
		}
		for _, k := range []string{sale.Date[:7], sale.Date[:7] + "/" + sale.Tier} {
			a := want[k]
			a.Amount += amt
			a.Orders++
			want[k] = a
		}
	}
	months, _ := model.Months("2023-01", "2024-12")
	got, err := s.RollupSeries(months, model.DimAll, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range months {
		if got[i] != want[m] {
			t.Errorf("%s: rollup %+v, sales give %+v", m, got[i], want[m])
		}
		for _, tier := range tiers {
			g, _ := s.RollupSeries([]string{m}, model.DimTier, tier)
			if g[0] != want[m+"/"+tier] {
				t.Errorf("%s tier %q: rollup %+v, sales give %+v", m, tier, g[0], want[m+"/"+tier])
			}
		}
	}
	// A changed rate rebuilds the rollups.
	if err := s.SetRate("USD", "2024-06-01", "6.9"); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("after a new rate: %v %v", err, p)
	}
	// Removing a rate sales need is refused.
	if err := s.SetRate("USD", "2023-01-01", ""); !errors.Is(err, model.ErrNoRate) {
		t.Errorf("removing the first USD rate: %v", err)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("after a refused removal: %v %v", err, p)
	}
	// A damaged rollup is found and rebuilt.
	if err := s.update(func(txn *badger.Txn) error {
		return txn.Set(rollupKey("2023-05", model.DimAll, ""), encodeAgg(model.Agg{Amount: 1, Orders: 1}))
	}); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Check(); len(p) == 0 {
		t.Error("Check missed a damaged rollup")
	}
	rep, err := s.RebuildRollups()
	if err != nil || rep.Fixed != 1 || rep.Sales != len(live) {
		t.Errorf("rebuild: %+v %v", rep, err)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("after rebuild: %v %v", err, p)
	}
	// The base currency cannot change under recorded sales.
	if err := s.SetBaseCurrency("USD"); !errors.Is(err, model.ErrHasSales) {
		t.Errorf("base currency change: %v", err)
	}
}
