package data

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// TestCheckFinds damages a healthy store in one way at a time, behind the
// store's back, and wants Check to name the damage and RepairIndexes plus
// RepairMarkers to clear what is derived data.
func TestCheckFinds(t *testing.T) {
	for _, tc := range []struct {
		name     string
		damage   func(txn *badger.Txn, c *model.Customer, k *model.Complaint, sale *model.Sale) error
		want     string
		repaired bool // check --repair clears it
	}{
		{"customer index entry lost", func(txn *badger.Txn, c *model.Customer, _ *model.Complaint, _ *model.Sale) error {
			return txn.Delete(indexKey(pIdxName, model.Normalize(c.Name), c.ID))
		}, "record without index entry", true},
		{"stray index entry", func(txn *badger.Txn, c *model.Customer, _ *model.Complaint, _ *model.Sale) error {
			return txn.Set(indexKey(pIdxPhone, "13900000000", "nosuchid"), nil)
		}, "index entry without record", true},
		{"complaint index entry lost", func(txn *badger.Txn, _ *model.Customer, k *model.Complaint, _ *model.Sale) error {
			return txn.Delete(complaintIndexKeys(k)[0])
		}, "record without index entry", true},
		{"sale index entry lost", func(txn *badger.Txn, _ *model.Customer, _ *model.Complaint, sale *model.Sale) error {
			return txn.Delete(saleByCustomerKey(sale))
		}, "record without index entry", true},
		{"rollup off", func(txn *badger.Txn, _ *model.Customer, _ *model.Complaint, sale *model.Sale) error {
			return txn.Set(rollupKey(sale.Month(), "all", ""), encodeAgg(model.Agg{Amount: 1, Orders: 1}))
		}, "rollup", true},
		{"batch in an unknown state", func(txn *badger.Txn, _ *model.Customer, _ *model.Complaint, _ *model.Sale) error {
			return putJSON(txn, batchKey("b2"), &model.Batch{ID: "b2", Kind: "customers", State: "half"})
		}, `unknown state "half"`, false},
		{"undo records without batch", func(txn *badger.Txn, c *model.Customer, _ *model.Complaint, _ *model.Sale) error {
			return putJSON(txn, memberKey("gone", c.ID), &Member{CustomerID: c.ID, New: true})
		}, "undo records without their batch", true},
		{"interaction of no customer", func(txn *badger.Txn, _ *model.Customer, _ *model.Complaint, _ *model.Sale) error {
			return putInteraction(txn, &model.Interaction{ID: "i1", CustomerID: "ghost", Kind: "call"})
		}, `its customer "ghost" does not exist`, false},
		{"sale of no customer", func(txn *badger.Txn, _ *model.Customer, _ *model.Complaint, sale *model.Sale) error {
			cp := *sale
			cp.ID, cp.CustomerID = "s-ghost", "ghost"
			b, err := cp.Marshal()
			if err != nil {
				return err
			}
			return txn.Set(saleKey(cp.ID), b)
		}, `its customer "ghost" does not exist`, false},
		{"schema version", func(txn *badger.Txn, _ *model.Customer, _ *model.Complaint, _ *model.Sale) error {
			return writeSchema(txn, 0)
		}, "schema version 0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			c := &model.Customer{Name: "宝岛眼镜公司", Phone: "13800000001", Tier: "A"}
			if err := s.PutCustomer(c); err != nil {
				t.Fatal(err)
			}
			k := &model.Complaint{ID: model.NewID(), CustomerID: c.ID, Channel: "phone", Category: "delivery", Severity: "high", Text: "到货晚了", Status: "new"}
			if err := s.AddComplaint(k); err != nil {
				t.Fatal(err)
			}
			sale := &model.Sale{Date: "2025-03-01", CustomerID: c.ID, Amount: 12345, Currency: "CNY"}
			if err := s.PutSale(sale); err != nil {
				t.Fatal(err)
			}
			if p, err := s.Check(); err != nil || len(p) > 0 {
				t.Fatalf("healthy store: %v %v", err, p)
			}
			if err := s.db.Update(func(txn *badger.Txn) error { return tc.damage(txn, c, k, sale) }); err != nil {
				t.Fatal(err)
			}
			p, err := s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(p, "\n"), tc.want) {
				t.Fatalf("check says %q, want a line with %q", p, tc.want)
			}
			if _, _, err := s.RepairIndexes(); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RebuildRollups(); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.RepairMarkers(); err != nil {
				t.Fatal(err)
			}
			p, err = s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if tc.repaired && len(p) > 0 {
				t.Fatalf("after repair: %q", p)
			}
			if !tc.repaired && len(p) == 0 {
				t.Fatalf("repair cleared %q, which it should leave for a person", tc.want)
			}
		})
	}
}

// TestRepairFinishesPendingBatch: a batch left pending (its process killed)
// is rolled back by open, and by --repair too.
func TestRepairFinishesPendingBatch(t *testing.T) {
	s := openTest(t)
	if err := s.BeginBatch(&model.Batch{Kind: "customers"}); err != nil {
		t.Fatal(err)
	}
	n, m, err := s.RepairMarkers()
	if err != nil || n != 1 || m != 0 {
		t.Fatalf("repair: %d batches, %d records, %v", n, m, err)
	}
	bs, err := s.Batches()
	if err != nil || len(bs) != 1 || bs[0].State != model.BatchRolledBack {
		t.Fatalf("batches after repair: %+v %v", bs, err)
	}
}
