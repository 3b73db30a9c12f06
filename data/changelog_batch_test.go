package data

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// TestBatchLog: the records an import creates are logged compactly, yet the
// log reads, the registers hold, later edits and deletions log, and another
// device applies exactly what logging each record gave: one creation per
// record with all its fields, its own HLC and stamp.
func TestBatchLog(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := &model.Batch{Kind: "sales", File: "x.csv"}
	if err := a.BeginBatch(b); err != nil {
		t.Fatal(err)
	}
	cs := []*model.Customer{
		{ID: model.NewID(), Name: "杭州宝丽眼镜有限公司", Phone: "13800138000", City: "杭州", Tier: "A"},
		{ID: model.NewID(), Name: "宁波明视眼镜", Contacts: []model.Contact{{Name: "李娜", Phone: "13900000002"}}},
		{ID: model.NewID(), Name: "温州亮点眼镜"},
	}
	var changes []model.Change
	for _, c := range cs {
		changes = append(changes, model.Change{After: c})
	}
	if err := a.WriteChunk(b.ID, changes); err != nil {
		t.Fatal(err)
	}
	cache := NewSalesCache()
	cache.Add(cs...)
	sales := []*model.Sale{
		{Date: "2024-03-01", CustomerID: cs[0].ID, Product: "护理液", Amount: 1234, Currency: "CNY"},
		{Date: "2024-04-02", CustomerID: cs[1].ID, Product: "绮美季抛", Quantity: 3, Amount: 99, Currency: "CNY"},
	}
	if err := a.WriteSalesChunk(b.ID, sales, cache); err != nil {
		t.Fatal(err)
	}
	if err := a.CommitBatch(b); err != nil {
		t.Fatal(err)
	}

	log := logEntries(t, a)
	if len(log) != len(cs)+len(sales) {
		t.Fatalf("%d entries, want %d", len(log), len(cs)+len(sales))
	}
	byID := map[string]model.SyncChange{}
	var last string
	for i, ch := range log {
		if ch.Stamp <= last {
			t.Errorf("entry %d: stamp %s after %s", i, ch.Stamp, last)
		}
		last = ch.Stamp
		byID[ch.ID] = ch
		key := customerKey(ch.ID)
		if ch.Entity == model.KindSale {
			key = saleKey(ch.ID)
		}
		var rec map[string]json.RawMessage
		if err := a.db.View(func(txn *badger.Txn) error {
			v, err := rawValue(txn, key)
			if err != nil {
				return err
			}
			return json.Unmarshal(v, &rec)
		}); err != nil {
			t.Fatal(err)
		}
		if len(ch.Fields) != len(rec)+1 || string(ch.Fields[fieldExists].Value) != "true" {
			t.Errorf("%s %s: fields %v, record %d fields", ch.Entity, ch.ID, fieldNames(ch), len(rec))
		}
		for f, v := range rec {
			if fc := ch.Fields[f]; string(fc.Value) != string(v) || fc.Base != "" {
				t.Errorf("%s %s: %s logged %s base %q, stored %s", ch.Entity, ch.ID, f, fc.Value, fc.Base, v)
			}
		}
		// The registers are those a logged creation leaves.
		if err := a.db.View(func(txn *badger.Txn) error {
			regs, err := loadRegs(txn, ch.Entity, ch.ID)
			if err != nil {
				return err
			}
			if len(regs) != len(ch.Fields) {
				t.Errorf("%s: %d registers for %d fields", ch.ID, len(regs), len(ch.Fields))
			}
			for f, fc := range ch.Fields {
				if r := regs[f]; r.Stamp != ch.Stamp || string(r.Value) != string(fc.Value) || r.Base != "" {
					t.Errorf("%s register %s = %+v, change %+v", ch.ID, f, r, fc)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}

	// An edit logs what changed against the import's stamp; so does a deletion.
	cs[0].Phone = "13911112222"
	if err := a.PutCustomer(cs[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeleteSale(sales[1].ID); err != nil {
		t.Fatal(err)
	}
	log = logEntries(t, a)
	edit, del := log[len(log)-2], log[len(log)-1]
	if fc := edit.Fields["phone"]; edit.ID != cs[0].ID || fc.Base != byID[cs[0].ID].Stamp || string(fc.Value) != `"13911112222"` {
		t.Errorf("edit logs %+v", edit)
	}
	if _, ok := edit.Fields["name"]; ok {
		t.Errorf("edit logs an unchanged field: %v", fieldNames(edit))
	}
	if fc := del.Fields["product"]; del.ID != sales[1].ID || fc.Base != byID[sales[1].ID].Stamp || string(fc.Value) != "null" {
		t.Errorf("deletion logs %+v", del)
	}
	if len(log) != len(cs)+len(sales)+1 { // the deleted sale's creation is left out
		t.Errorf("%d entries after edit and deletion", len(log))
	}

	// Another device ends up with the same records.
	other := openTest(t)
	devA, _ := a.DeviceID()
	if _, err := other.ApplyChanges(devA, "f1.jsonl", log); err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		got, err := other.Customer(c.ID)
		want, _ := a.Customer(c.ID)
		if err != nil || got.Name != want.Name || got.Phone != want.Phone || len(got.Contacts) != len(want.Contacts) {
			t.Errorf("other has %+v (%v), want %+v", got, err, want)
		}
	}
	if n, _ := other.CountSales(); n != 1 {
		t.Errorf("other has %d sales, want 1", n)
	}
	if cf, _ := other.Conflicts(); len(cf) > 0 {
		t.Errorf("conflicts: %+v", cf[0])
	}

	// A reopened store's clock starts past the whole batch entry, even when
	// the wall clock went back.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.SetWallClock(func() time.Time { return time.Unix(0, 0) })
	extra := &model.Customer{Name: "新店"}
	if err := a.PutCustomer(extra); err != nil {
		t.Fatal(err)
	}
	log = logEntries(t, a)
	if got := log[len(log)-1]; got.ID != extra.ID || got.Stamp <= log[len(log)-2].Stamp || got.Stamp <= byID[cs[2].ID].Stamp {
		t.Errorf("after reopening: %s", got.Stamp)
	}
}
