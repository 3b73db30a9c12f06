package data

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// packPair opens two stores with the same customers and writes the same
// sales to each, one batch each: as records (WriteSalesChunk) and packed
// (WritePackedSales, packs of 1,000, so 2,500 sales make three).
func packPair(t *testing.T) (rec, pk *Store, cs []*model.Customer) {
	t.Helper()
	cs = []*model.Customer{
		{ID: model.NewID(), Name: "杭州宝丽眼镜有限公司", Province: "浙江", Tier: "A"},
		{ID: model.NewID(), Name: "宁波明视眼镜", Province: "浙江", Tier: "B"},
		{ID: model.NewID(), Name: "上海亮点眼镜", Province: "上海"},
	}
	sales := func() []*model.Sale {
		var out []*model.Sale
		for i := range 2500 {
			out = append(out, &model.Sale{Date: fmt.Sprintf("202%d-%02d-%02d", 3+i%2, 1+i%12, 1+i%28), CustomerID: cs[i%3].ID,
				Product: []string{"护理液", "绮美季抛", ""}[i%3], Quantity: int64(i % 5), Amount: int64(100 + i*7), Note: []string{"", "备注, 一"}[i%2]})
		}
		return out
	}
	for i, write := range []func(s *Store, batch string, sales []*model.Sale) error{
		func(s *Store, batch string, sales []*model.Sale) error { return s.WriteSalesChunk(batch, sales, nil) },
		func(s *Store, batch string, sales []*model.Sale) error { return s.WritePackedSales(batch, sales, nil) },
	} {
		s := openTest(t)
		for _, c := range cs {
			cp := *c
			if err := s.PutCustomer(&cp); err != nil {
				t.Fatal(err)
			}
		}
		b := &model.Batch{Kind: "sales", File: "x.csv"}
		if err := s.BeginBatch(b); err != nil {
			t.Fatal(err)
		}
		if err := write(s, b.ID, sales()); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitBatch(b); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			rec = s
		} else {
			pk = s
		}
	}
	return rec, pk, cs
}

// content is a sale without what differs between two stores (id, times,
// batch), for comparing them.
func content(s *model.Sale) string {
	return fmt.Sprintf("%s|%s|%s|%d|%d|%s|%s|%s|%s", s.CustomerID, s.Date, s.Product, s.Quantity, s.Amount, s.Currency, s.Note, s.Tier, s.Region)
}

func allContent(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	var last string
	if err := s.EachSale(func(sale *model.Sale) error {
		if sale.ID <= last {
			t.Errorf("EachSale: %s after %s", sale.ID, last)
		}
		last = sale.ID
		out = append(out, content(sale))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func rollups(t *testing.T, s *Store) map[string]model.Agg {
	t.Helper()
	m := map[string]model.Agg{}
	if err := s.db.View(func(txn *badger.Txn) error {
		return eachStoredRollup(txn, func(k string, a model.Agg, err error) {
			if err != nil {
				t.Error(err)
			}
			m[k] = a
		})
	}); err != nil {
		t.Fatal(err)
	}
	return m
}

// same checks that the packed store reads as the record store does.
func same(t *testing.T, rec, pk *Store, cs []*model.Customer) {
	t.Helper()
	nr, err1 := rec.CountSales()
	np, err2 := pk.CountSales()
	if err := errors.Join(err1, err2); err != nil || nr != np {
		t.Fatalf("CountSales: records %d, packed %d (%v)", nr, np, err)
	}
	if a, b := allContent(t, rec), allContent(t, pk); !slices.Equal(a, b) {
		t.Fatalf("EachSale differs: %d vs %d sales", len(a), len(b))
	}
	if a, b := rollups(t, rec), rollups(t, pk); len(a) != len(b) || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("rollups differ: %d vs %d keys", len(a), len(b))
	}
	for _, c := range cs {
		if _, err := rec.Customer(c.ID); errors.Is(err, model.ErrNotFound) {
			continue
		}
		for _, span := range [][2]string{{"", ""}, {"2023-03-01", "2024-02-28"}} {
			a, err1 := rec.CustomerSales(c.ID, span[0], span[1])
			b, err2 := pk.CustomerSales(c.ID, span[0], span[1])
			if err := errors.Join(err1, err2); err != nil || len(a) != len(b) {
				t.Fatalf("CustomerSales %s %v: %d vs %d (%v)", c.Name, span, len(a), len(b), err)
			}
			for i := range a {
				if content(a[i]) != content(b[i]) && a[i].Date != b[i].Date {
					t.Fatalf("CustomerSales %s %d: %s vs %s", c.Name, i, content(a[i]), content(b[i]))
				}
				if i > 0 && cmp.Or(strings.Compare(b[i-1].Date, b[i].Date), strings.Compare(b[i-1].ID, b[i].ID)) > 0 {
					t.Fatalf("CustomerSales %s out of order at %d", c.Name, i)
				}
			}
		}
	}
	if p, err := pk.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", p, err)
	}
	counts, err := pk.Counts()
	if err != nil || counts.Sales != np {
		t.Fatalf("backup counts %d sales, store %d (%v)", counts.Sales, np, err)
	}
}

// TestPackedSales: packed sales read, count, roll up, check, edit, delete,
// retag and undo exactly as the same sales written as records.
func TestPackedSales(t *testing.T) {
	rec, pk, cs := packPair(t)
	same(t, rec, pk, cs)
	var packs, records int
	pk.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			switch it.Item().Key()[0] {
			case pSalePack:
				packs++
			case pSale, pSaleByCustomer:
				records++
			}
		}
		return nil
	})
	if packs != 3 || records != 0 {
		t.Fatalf("%d packs, %d sale records and index entries; want 3, 0", packs, records)
	}

	// The same edits on both: the first sale of each customer edited, the
	// second deleted, an edited one deleted, then retagged.
	edit := func(s *Store) {
		t.Helper()
		for _, c := range cs {
			list, err := s.CustomerSales(c.ID, "", "")
			if err != nil {
				t.Fatal(err)
			}
			e := *list[0]
			e.Amount, e.Note = 1, "改"
			if err := s.PutSale(&e); err != nil {
				t.Fatal(err)
			}
			if got, err := s.Sale(e.ID); err != nil || got.Amount != 1 {
				t.Fatalf("edited sale reads %+v %v", got, err)
			}
			if _, err := s.DeleteSale(list[1].ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Sale(list[1].ID); !errors.Is(err, model.ErrNotFound) {
				t.Fatalf("deleted sale: %v", err)
			}
			if _, err := s.DeleteSale(e.ID); err != nil {
				t.Fatal(err)
			}
		}
		c := *cs[1]
		c.Tier = "S"
		if err := s.PutCustomer(&c); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RetagSales(c.ID); err != nil || n != 833-2 {
			t.Fatalf("retagged %d (%v)", n, err)
		}
		// Deleting a customer takes its sales, packed ones too.
		if d, err := s.DeleteCustomer(cs[2].ID); err != nil || len(d.Sales) != 833-2 {
			t.Fatalf("deleted customer: %v, %+v", err, d)
		}
	}
	edit(rec)
	edit(pk)
	same(t, rec, pk, cs)

	// Undo takes back every packed sale and its rollups.
	for _, s := range []*Store{rec, pk} {
		bs, err := s.Batches()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.UndoBatch(bs[len(bs)-1].ID); err != nil {
			t.Fatal(err)
		}
	}
	same(t, rec, pk, cs)
	if n, _ := pk.CountSales(); n != 0 {
		t.Fatalf("%d sales after undo", n)
	}
	pk.db.View(func(txn *badger.Txn) error {
		for _, p := range []byte{pSalePack, pPackByCustomer, pSaleGone} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			it.Rewind()
			if it.Valid() {
				t.Errorf("after undo, %q is left", it.Item().Key())
			}
			it.Close()
		}
		return nil
	})
}

// TestPackedSalesLog: a packed sale is logged, has registers and reaches
// another device as a logged record does.
func TestPackedSalesLog(t *testing.T) {
	_, pk, cs := packPair(t)
	list, err := pk.CustomerSales(cs[0].ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	log := logEntries(t, pk)
	byID := map[string]model.SyncChange{}
	for _, ch := range log {
		byID[ch.ID] = ch
	}
	for _, sale := range list[:3] {
		ch, ok := byID[sale.ID]
		if !ok || ch.Entity != model.KindSale || string(ch.Fields["amount"].Value) != fmt.Sprint(sale.Amount) {
			t.Fatalf("log of %s: %+v", sale.ID, ch)
		}
		pk.db.View(func(txn *badger.Txn) error {
			regs, err := loadRegs(txn, model.KindSale, sale.ID)
			if err != nil || regs[fieldExists].Stamp != ch.Stamp || len(regs) != len(ch.Fields) {
				t.Errorf("registers of %s: %v %v, log stamp %s", sale.ID, regs, err, ch.Stamp)
			}
			return nil
		})
	}
	// An edit logs its change against the import's stamp.
	e := *list[0]
	e.Amount = 5
	if err := pk.PutSale(&e); err != nil {
		t.Fatal(err)
	}
	log = logEntries(t, pk)
	last := log[len(log)-1]
	if fc := last.Fields["amount"]; last.ID != e.ID || string(fc.Value) != "5" || fc.Base != byID[e.ID].Stamp {
		t.Fatalf("edit logs %+v", last)
	}
	if _, ok := last.Fields["product"]; ok {
		t.Errorf("edit logs an unchanged field")
	}
	other := openTest(t)
	dev, _ := pk.DeviceID()
	for i := 0; i < len(log); i += 500 {
		if _, err := other.ApplyChanges(dev, fmt.Sprint("f", i, ".jsonl"), log[i:min(i+500, len(log))]); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := allContent(t, pk), allContent(t, other); !slices.Equal(a, b) {
		t.Fatalf("other device: %d sales, want %d", len(b), len(a))
	}
	if cf, _ := other.Conflicts(); len(cf) > 0 {
		t.Errorf("conflicts: %+v", cf[0])
	}
}
