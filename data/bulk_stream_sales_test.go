package data

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/oklog/ulid/v2"
)

// TestStreamNewSales: streamed sales and their rollups read, check, log
// and undo like chunked ones; cut off before the commit, they are rolled
// back and the rollups rebuilt.
func TestStreamNewSales(t *testing.T) {
	for _, end := range []string{"commit", "kill"} {
		t.Run(end, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			known := &model.Customer{Name: "宝岛眼镜公司", Tier: "S", Province: "上海"}
			other := &model.Customer{Name: "明视眼镜", Tier: "A", Province: "浙江"}
			for _, c := range []*model.Customer{known, other} {
				if err := s.PutCustomer(c); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.PutSale(&model.Sale{Date: "2024-01-05", CustomerID: known.ID, Product: "产品1", Amount: 1234, Currency: "CNY"}); err != nil {
				t.Fatal(err)
			}
			before := storeDump(t, s)
			b := &model.Batch{Kind: "sales", File: "x.csv", DeferRollups: true}
			if err := s.BeginBatch(b); err != nil {
				t.Fatal(err)
			}
			cache := NewSalesCache()
			cache.Add(other) // known is read from the store
			cache.DeferRollups()
			var sales []*model.Sale
			for i := range streamMin + 50 {
				c := known
				if i%3 == 0 {
					c = other
				}
				sales = append(sales, &model.Sale{Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), CustomerID: c.ID,
					Product: fmt.Sprint("产品", i%5), Quantity: int64(i % 4), Amount: int64(100 + i), Currency: "CNY"})
			}
			ok, err := streamNewSales(s, b.ID, sales, cache)
			if err != nil || !ok {
				t.Fatalf("streamed: %v %v", ok, err)
			}
			if err := s.WriteDeferredRollups(cache); err != nil {
				t.Fatal(err)
			}
			if end == "kill" {
				s.Close()
				if s, err = Open(dir, Options{}); err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				if got := storeDump(t, s); got != before {
					t.Errorf("roll back left the store changed")
				}
				if p, err := s.Check(); err != nil || len(p) > 0 {
					t.Fatalf("check: %v %v", p, err)
				}
				return
			}
			defer s.Close()
			if err := s.CommitBatch(b); err != nil {
				t.Fatal(err)
			}
			if n, err := s.CountSales(); err != nil || n != len(sales)+1 {
				t.Fatalf("%d sales (%v), want %d", n, err, len(sales)+1)
			}
			if got, err := s.Sale(sales[5].ID); err != nil || got.Batch != b.ID || got.Tier != "S" {
				t.Fatalf("sale %+v %v", got, err)
			}
			if p, err := s.Check(); err != nil || len(p) > 0 {
				t.Fatalf("check: %v %v", p, err)
			}
			log, err := s.ChangesSince(0, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, l := range log {
				if strings.Contains(string(l.JSON), `"e":"sale"`) {
					n++
				}
			}
			if n != len(sales)+1 {
				t.Errorf("%d sale creations logged, want %d", n, len(sales)+1)
			}
			if err := s.UndoBatch(b.ID); err != nil {
				t.Fatal(err)
			}
			if got := storeDump(t, s); got != before {
				t.Errorf("undo left the store changed")
			}
		})
	}
}

// streamNewSales is StreamSaleRows for sales given as *Sale; on success it
// sets their Batch, ID, Created and Updated.
func streamNewSales(s *Store, batchID string, sales []*model.Sale, cache *SalesCache) (bool, error) {
	if len(sales) < streamMin || s.db.Opts().InMemory || cache == nil || cache.deferred == nil {
		return false, nil
	}
	rows := &SaleRows{Rows: make([]SaleRow, 0, len(sales))}
	for _, sale := range sales {
		rows.Add(sale)
	}
	ids, order, now, ok, err := s.streamSaleRows(batchID, rows, cache)
	if err != nil || !ok {
		return false, err
	}
	for j, i := range order {
		sale := sales[i]
		sale.Batch, sale.ID, sale.Created, sale.Updated = batchID, string(ids[j*model.IDLen:(j+1)*model.IDLen]), now, now
	}
	return true, nil
}

// TestNewIDs: a bulk's ids ascend, and the ids made before and after it sort
// around it.
func TestNewIDs(t *testing.T) {
	before := model.NewID()
	ids := model.NewIDs(10_000)
	after := model.NewID()
	prev := before
	for i := 0; i < len(ids); i += model.IDLen {
		id := string(ids[i : i+model.IDLen])
		if _, err := ulid.ParseStrict(id); err != nil || id <= prev {
			t.Fatalf("id %d %q after %q: %v", i/model.IDLen, id, prev, err)
		}
		prev = id
	}
	if after <= prev {
		t.Fatalf("NewID %q after the bulk's last %q", after, prev)
	}
}
