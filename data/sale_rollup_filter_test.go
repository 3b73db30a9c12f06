package data

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// A store written before the combined rollups gets them on the next
// EnsureRollups; check notices them missing and check --repair restores them.
func TestCombinedRollupsUpgradeAndRepair(t *testing.T) {
	s := openSalesTest(t)
	c := &model.Customer{Name: "甲公司", Tier: "S", Province: "广东"}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	for i, p := range []string{"日抛", "护理液", "日抛"} {
		if err := s.PutSale(&model.Sale{Date: fmt.Sprintf("2024-0%d-05", 1+i%2), CustomerID: c.ID, Product: p, Amount: int64(1000 * (i + 1)), Currency: "CNY"}); err != nil {
			t.Fatal(err)
		}
	}
	months := []string{"2024-01", "2024-02"}
	f := RollupFilter{Tier: "S", Product: "日抛"}
	want := "[{4000 2} {0 0}]"
	if got, err := s.FilteredSeries(months, f); err != nil || fmt.Sprint(got) != want {
		t.Fatalf("series %v %v, want %s", got, err, want)
	}
	// Make it an old store: no combined rollups, no layout mark.
	if err := s.update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pRollup}})
		var del [][]byte
		for it.Rewind(); it.Valid(); it.Next() {
			_, dim, _, _ := parseRollupKey(it.Item().Key())
			if dim == dimSegment {
				del = append(del, it.Item().KeyCopy(nil))
			}
		}
		it.Close()
		for _, k := range del {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return setSetting(txn, settingRollupsLayout, "")
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.DropPrefix([]byte{pTierCustMonth}); err != nil {
		t.Fatal(err)
	}
	problems, err := s.Check()
	if err != nil || len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "sales rollup missing") {
		t.Fatalf("check of an old store: %v %v", problems, err)
	}
	if err := s.EnsureRollups(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FilteredSeries(months, f); err != nil || fmt.Sprint(got) != want {
		t.Errorf("after upgrade %v %v, want %s", got, err, want)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after upgrade: %v %v", problems, err)
	}
	// A wrong combined rollup is found and rebuilt.
	if err := s.update(func(txn *badger.Txn) error {
		return txn.Set(rollupKey("2024-01", dimSegment, segmentValue("S", "广东", "日抛")), encodeAgg(model.Agg{Amount: 1, Orders: 1}))
	}); err != nil {
		t.Fatal(err)
	}
	if problems, _ := s.Check(); len(problems) != 1 {
		t.Errorf("check of a bad rollup: %v", problems)
	}
	r, err := s.RebuildRollups()
	if err != nil || r.Fixed != 1 {
		t.Errorf("repair %+v %v", r, err)
	}
	if got, _ := s.FilteredSeries(months, RollupFilter{Tier: "S", Region: "广东", Product: "日抛"}); fmt.Sprint(got) != want {
		t.Errorf("after repair %v", got)
	}
}
