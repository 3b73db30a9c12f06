package data

import (
	"fmt"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestDeferredRollups: a sales import that sums its rollups and writes them
// once leaves them exact when committed, undone, cancelled, or cut off
// before or after writing them.
func TestDeferredRollups(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rollups bool // WriteDeferredRollups before the end
		end     string
	}{
		{"committed then undone", true, "commit"},
		{"cancelled", true, "cancel"},
		{"killed before its rollups", false, "kill"},
		{"killed after its rollups", true, "kill"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			known := &model.Customer{Name: "宝岛眼镜公司", Tier: "S", Province: "上海"}
			if err := s.PutCustomer(known); err != nil {
				t.Fatal(err)
			}
			if err := s.PutSale(&model.Sale{Date: "2024-01-05", CustomerID: known.ID, Product: "护理液", Amount: 1234, Currency: "CNY"}); err != nil {
				t.Fatal(err)
			}
			before := storeDump(t, s)
			b := &model.Batch{Kind: "sales", File: "x.csv", DeferRollups: true}
			if err := s.BeginBatch(b); err != nil {
				t.Fatal(err)
			}
			cache := NewSalesCache()
			cache.DeferRollups()
			for c := range 3 {
				var sales []*model.Sale
				for i := range 50 {
					sales = append(sales, &model.Sale{Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+c), CustomerID: known.ID,
						Product: fmt.Sprint("产品", i%5), Amount: int64(100 + i), Currency: "CNY"})
				}
				if err := s.WriteSalesChunk(b.ID, sales, cache); err != nil {
					t.Fatal(err)
				}
			}
			if tc.rollups {
				if err := s.WriteDeferredRollups(cache); err != nil {
					t.Fatal(err)
				}
			}
			switch tc.end {
			case "commit":
				if err := s.CommitBatch(b); err != nil {
					t.Fatal(err)
				}
				if p, err := s.Check(); err != nil || len(p) > 0 {
					t.Fatalf("check after commit: %v %v", p, err)
				}
				if err := s.UndoBatch(b.ID); err != nil {
					t.Fatal(err)
				}
			case "cancel":
				if err := s.RollBackBatch(b.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := s.RebuildRollups(); err != nil { // the import let go
					t.Fatal(err)
				}
			case "kill":
				s.Close()
				if s, err = Open(dir, Options{}); err != nil {
					t.Fatal(err)
				}
			}
			defer s.Close()
			if got := storeDump(t, s); got != before {
				t.Errorf("the store changed:\n%s\nwant\n%s", got, before)
			}
			if p, err := s.Check(); err != nil || len(p) > 0 {
				t.Fatalf("check: %v %v", p, err)
			}
		})
	}
}
