package data

import (
	"slices"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

type history struct {
	months []int
	aggs   []model.Agg
}

func histories(t *testing.T, s *Store) map[string]history {
	t.Helper()
	out := map[string]history{}
	if err := s.EachCustomerHistory(func(id []byte, months []int, aggs []model.Agg) error {
		out[string(id)] = history{slices.Clone(months), slices.Clone(aggs)}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// The transposed customer rollup follows every write exactly, is checked
// and rebuilt with the other rollups, and a store without it gets it.
func TestCustomerHistory(t *testing.T) {
	s := openSalesTest(t)
	a, b := &model.Customer{Name: "宝岛眼镜"}, &model.Customer{Name: "杨氏眼镜店"}
	for _, c := range []*model.Customer{a, b} {
		if err := s.PutCustomer(c); err != nil {
			t.Fatal(err)
		}
	}
	add := func(c *model.Customer, date string, amount int64) *model.Sale {
		x := &model.Sale{Date: date, CustomerID: c.ID, Product: "镜片", Quantity: 1, Amount: amount}
		if err := s.PutSale(x); err != nil {
			t.Fatal(err)
		}
		return x
	}
	first := add(a, "2024-11-05", 100_00)
	add(a, "2024-11-20", 50_00)
	add(a, "2025-02-01", 300_00)
	last := add(a, "2025-07-31", 70_00)
	add(b, "2025-03-03", 10_00)
	m := func(y, mo int) int { return y*12 + mo - 1 }
	h := histories(t, s)
	if got := h[a.ID]; !slices.Equal(got.months, []int{m(2024, 11), m(2025, 2), m(2025, 7)}) ||
		!slices.Equal(got.aggs, []model.Agg{{Amount: 150_00, Orders: 2}, {Amount: 300_00, Orders: 1}, {Amount: 70_00, Orders: 1}}) {
		t.Errorf("a: %+v", got)
	}
	if got := h[b.ID]; !slices.Equal(got.months, []int{m(2025, 3)}) || got.aggs[0] != (model.Agg{Amount: 10_00, Orders: 1}) {
		t.Errorf("b: %+v", got)
	}
	// Deleting the first and the last sale moves the span in; a month with
	// sales left keeps its entry.
	for _, x := range []*model.Sale{first, last} {
		if _, err := s.DeleteSale(x.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := histories(t, s)[a.ID]; !slices.Equal(got.months, []int{m(2024, 11), m(2025, 2)}) || got.aggs[0] != (model.Agg{Amount: 50_00, Orders: 1}) {
		t.Errorf("a after deletes: %+v", got)
	}
	if p, err := s.Check(); err != nil || len(p) != 0 {
		t.Fatalf("check: %v %v", p, err)
	}
	// A wrong entry and a missing one are found, and repaired.
	s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(historyKey(b.ID), encodeHistory([]monthAgg{{m(2025, 3), model.Agg{Amount: 1, Orders: 1}}})); err != nil {
			return err
		}
		return txn.Set(historyKey(a.ID), encodeHistory([]monthAgg{{m(2024, 11), model.Agg{Amount: 50_00, Orders: 1}}})) // 2025-02 gone
	})
	if p, _ := s.Check(); len(p) != 2 {
		t.Fatalf("check found %d problems, want 2: %v", len(p), p)
	}
	if r, err := s.RebuildRollups(); err != nil || r.Fixed != 2 {
		t.Fatalf("rebuild: %+v %v", r, err)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after rebuild: %v", p)
	}
	// A store from before (layout 2, no transposed rollup) gets it.
	s.db.DropPrefix([]byte{pCustMonth})
	s.update(func(txn *badger.Txn) error { return setSetting(txn, settingRollupsLayout, "2") })
	if err := s.EnsureRollups(); err != nil {
		t.Fatal(err)
	}
	if got := histories(t, s); len(got) != 2 || len(got[a.ID].months) != 2 {
		t.Errorf("after EnsureRollups: %+v", got)
	}
	// Layout 3 kept the customer rollup month-major too (r|month|customer|id):
	// the rebuild drops those keys, and the customer's series and the
	// breakdown by customer read the histories.
	old := rollupKey("2025-02", model.DimCustomer, a.ID)
	s.db.Update(func(txn *badger.Txn) error { return txn.Set(old, encodeAgg(model.Agg{Amount: 300_00, Orders: 1})) })
	s.update(func(txn *badger.Txn) error { return setSetting(txn, settingRollupsLayout, "3") })
	if err := s.EnsureRollups(); err != nil {
		t.Fatal(err)
	}
	if err := s.db.View(func(txn *badger.Txn) error { _, err := txn.Get(old); return err }); err != badger.ErrKeyNotFound {
		t.Errorf("month-major customer rollup after EnsureRollups: %v", err)
	}
	if p, err := s.Check(); err != nil || len(p) != 0 {
		t.Fatalf("check: %v %v", p, err)
	}
	months := []string{"2024-11", "2025-01", "2025-02", "2025-03"}
	if got, err := s.RollupSeries(months, model.DimCustomer, a.ID); err != nil || !slices.Equal(got, []model.Agg{{Amount: 50_00, Orders: 1}, {}, {Amount: 300_00, Orders: 1}, {}}) {
		t.Errorf("series of a: %v %v", got, err)
	}
	if got, err := s.RollupBreakdown(months[2:], model.DimCustomer); err != nil || len(got) != 2 || got[a.ID] != (model.Agg{Amount: 300_00, Orders: 1}) || got[b.ID] != (model.Agg{Amount: 10_00, Orders: 1}) {
		t.Errorf("breakdown by customer: %v %v", got, err)
	}
}

func TestMergeHistory(t *testing.T) {
	h := merge(nil, []monthAgg{{5, model.Agg{Amount: 10, Orders: 1}}, {2, model.Agg{Amount: 3, Orders: 1}}, {9, model.Agg{Amount: 1, Orders: 1}}})
	h = merge(h, []monthAgg{{5, model.Agg{Amount: -10, Orders: -1}}, {7, model.Agg{Amount: 4, Orders: 2}}, {2, model.Agg{Amount: 3, Orders: 1}}})
	want := []monthAgg{{2, model.Agg{Amount: 6, Orders: 2}}, {7, model.Agg{Amount: 4, Orders: 2}}, {9, model.Agg{Amount: 1, Orders: 1}}}
	if !slices.Equal(h, want) {
		t.Errorf("merged %v, want %v", h, want)
	}
	if got, err := decodeHistory(encodeHistory(h)); err != nil || !slices.Equal(got, h) {
		t.Errorf("round trip %v %v", got, err)
	}
	if _, err := decodeHistory(make([]byte, 21)); err == nil {
		t.Error("a 21-byte history decoded")
	}
}

func TestMonthIndex(t *testing.T) {
	for _, c := range []struct {
		m    string
		want int
	}{{"2025-01", 2025 * 12}, {"2024-12", 2025*12 - 1}, {"2025-1", -1}, {"2025/01", -1}, {"20x5-01", -1}} {
		if got := MonthIndex([]byte(c.m)); got != c.want {
			t.Errorf("%s: %d, want %d", c.m, got, c.want)
		}
	}
}
