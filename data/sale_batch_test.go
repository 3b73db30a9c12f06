package data

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// storeDump is every key and value but the batches': two dumps are equal
// when the archive, its indexes and its rollups are.
func storeDump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if k[0] == pBatch || k[0] == pSetting || syncBookkeeping(k) {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%q=%q\n", k, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// salesBatchFixture makes a store with a customer and two sales, then
// writes a pending sales batch of n sales in chunks of chunk (the last one
// or two members in the older one-member-per-sale JSON form).
func salesBatchFixture(t *testing.T, dir string, n, chunk int) (*Store, *model.Batch, string) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	known := &model.Customer{Name: "宝岛眼镜公司", Tier: "S", Province: "上海"}
	if err := s.PutCustomer(known); err != nil {
		t.Fatal(err)
	}
	for i, p := range []string{"护理液", "绮美季抛"} {
		if err := s.PutSale(&model.Sale{Date: "2024-01-0" + fmt.Sprint(i+1), CustomerID: known.ID, Product: p, Amount: 1234, Currency: "CNY"}); err != nil {
			t.Fatal(err)
		}
	}
	before := storeDump(t, s)
	b := &model.Batch{Kind: "sales", File: "x.csv"}
	if err := s.BeginBatch(b); err != nil {
		t.Fatal(err)
	}
	fresh := &model.Customer{ID: model.NewID(), Name: "新眼镜店"}
	if err := s.WriteChunk(b.ID, []model.Change{{After: fresh}}); err != nil {
		t.Fatal(err)
	}
	cache := NewSalesCache()
	cache.Add(fresh)
	var sales []*model.Sale
	for i := range n {
		c := known
		if i%3 == 0 {
			c = fresh
		}
		sales = append(sales, &model.Sale{Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), CustomerID: c.ID,
			Product: fmt.Sprint("产品", i%7), Quantity: int64(i), Amount: int64(100 + i), Currency: "CNY"})
	}
	for i := 0; i < len(sales); i += chunk {
		if err := s.WriteSalesChunk(b.ID, sales[i:min(i+chunk, len(sales))], cache); err != nil {
			t.Fatal(err)
		}
	}
	// The older form: one JSON member per sale.
	old := &model.Sale{Date: "2023-12-31", CustomerID: known.ID, Product: "旧", Amount: 77, Currency: "CNY"}
	if err := s.updateNoSync(func(txn *badger.Txn) error {
		w, err := newSalesWriter(txn)
		if err != nil {
			return err
		}
		old.Batch = b.ID
		if err := w.put(old); err != nil {
			return err
		}
		if err := putJSON(txn, memberKey(b.ID, old.ID), &Member{SaleID: old.ID, New: true, Updated: old.Updated}); err != nil {
			return err
		}
		return w.flush()
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.CountSales(); got != n+3 {
		t.Fatalf("%d sales written, want %d", got, n+3)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check of the pending batch: %v %v", err, p)
	}
	return s, b, before
}

// TestSalesBatchRolledBackAtOpen: a sales import cut off before its commit
// leaves nothing behind, rollups included, once the folder is opened again.
func TestSalesBatchRolledBackAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, b, before := salesBatchFixture(t, dir, 2345, 1000)
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := storeDump(t, s); after != before {
		t.Fatalf("pending batch left data:\n%s\nwant\n%s", after, before)
	}
	if got, _ := s.Batch(b.ID); got.State != model.BatchRolledBack {
		t.Errorf("state %s", got.State)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatal(p)
	}
}

// TestSalesBatchUndoExact: undo after edits and deletes of imported sales
// restores the store exactly.
func TestSalesBatchUndoExact(t *testing.T) {
	s, b, before := salesBatchFixture(t, t.TempDir(), 1500, 700)
	defer s.Close()
	b.New = 1501
	if err := s.CommitBatch(b); err != nil {
		t.Fatal(err)
	}
	var edited, deleted string
	if err := s.EachSale(func(sale *model.Sale) error {
		if sale.Batch == b.ID && edited == "" {
			edited = sale.ID
		} else if sale.Batch == b.ID && deleted == "" {
			deleted = sale.ID
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sale, _ := s.Sale(edited)
	sale.Amount, sale.Product, sale.Date = 999999, "改", "2022-02-02"
	if err := s.PutSale(sale); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteSale(deleted); err != nil {
		t.Fatal(err)
	}
	if touched, err := s.Touched(b.ID); err != nil || len(touched) != 0 {
		t.Fatalf("touched %v %v", touched, err)
	}
	if err := s.UndoBatch(b.ID); err != nil {
		t.Fatal(err)
	}
	if after := storeDump(t, s); after != before {
		t.Fatalf("undo left:\n%s\nwant\n%s", after, before)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatal(p)
	}
}

// TestRevertMembersSplits: a member too big for one transaction is taken
// back over several.
func TestRevertMembersSplits(t *testing.T) {
	s, b, before := salesBatchFixture(t, t.TempDir(), 30000, 2000)
	defer s.Close()
	// Fold every chunk member into one.
	var ids []string
	var keys [][]byte
	if err := s.eachMember(b.ID, func(txn *badger.Txn, m *Member) error {
		if len(m.SaleIDs) > 0 {
			ids = append(ids, m.SaleIDs...)
			keys = append(keys, m.key)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 30000 {
		t.Fatalf("%d sale ids in members", len(ids))
	}
	if err := s.updateNoSync(func(txn *badger.Txn) error {
		for _, k := range keys {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return txn.Set(memberKey(b.ID, ids[0]), encodeSaleList(ids))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.RollBackBatch(b.ID); err != nil {
		t.Fatal(err)
	}
	if after := storeDump(t, s); after != before {
		t.Fatalf("roll back left data")
	}
}

// TestSaleListUnderValueThreshold: a full sale list stays out of the value log.
func TestSaleListUnderValueThreshold(t *testing.T) {
	ids := make([]string, saleListLen)
	for i := range ids {
		ids[i] = model.NewID()
	}
	if n := len(encodeSaleList(ids)); int64(n) >= options("", Options{}, nil).ValueThreshold {
		t.Fatalf("a sale list of %d ids takes %d bytes", saleListLen, n)
	}
}
