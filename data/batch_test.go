package data

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// dump is every customer record in id order: two dumps are equal when the
// archive is.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.EachCustomer(func(c *model.Customer) error {
		j, _ := json.Marshal(c)
		b.Write(j)
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func writeBatch(t *testing.T, s *Store, commit bool) (*model.Batch, *model.Customer) {
	t.Helper()
	old, _ := s.CustomersByName("宝岛眼镜公司")
	before, _ := s.Customer(old[0])
	after := *before
	after.Email = "info@baodao.example.com"
	b := &model.Batch{Kind: "customers", File: "x.csv"}
	if err := s.BeginBatch(b); err != nil {
		t.Fatal(err)
	}
	news := []model.Change{{After: &model.Customer{Name: "杨氏眼镜店"}}, {After: &model.Customer{Name: "天明眼镜公司", TaxID: "91330100MA2B000001"}}}
	if err := s.WriteChunk(b.ID, news); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteChunk(b.ID, []model.Change{{Before: before, After: &after}}); err != nil {
		t.Fatal(err)
	}
	if commit {
		b.New, b.Merged = 2, 1
		if err := s.CommitBatch(b); err != nil {
			t.Fatal(err)
		}
	}
	return b, &after
}

func TestBatchUndoRestoresExactly(t *testing.T) {
	s := openTest(t)
	s.PutCustomer(&model.Customer{Name: "宝岛眼镜公司", Tier: "S"})
	before := dump(t, s)

	b, _ := writeBatch(t, s, true)
	if n, _ := s.CountCustomers(); n != 3 {
		t.Fatalf("after import: %d customers", n)
	}
	if ids, _ := s.CustomersByTaxID("9133 0100 MA2B 000001"); len(ids) != 1 {
		t.Errorf("tax id index: %v", ids)
	}
	if touched, _ := s.Touched(b.ID); len(touched) != 0 {
		t.Fatalf("untouched batch reports %d touched", len(touched))
	}
	ids, _ := s.CustomersByName("杨氏眼镜店")
	c, _ := s.Customer(ids[0])
	c.Owner = "王伟"
	s.PutCustomer(c)
	if touched, _ := s.Touched(b.ID); len(touched) != 1 || touched[0].Name != "杨氏眼镜店" {
		t.Fatalf("touched: %v", touched)
	}

	if err := s.UndoBatch(b.ID); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, s); after != before {
		t.Fatalf("undo did not restore the archive:\nbefore %s\nafter  %s", before, after)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatal(p)
	}
	if got, _ := s.Batch(b.ID); got.State != model.BatchUndone {
		t.Errorf("state %s", got.State)
	}
	if err := s.UndoBatch(b.ID); !errors.Is(err, model.ErrBatchState) {
		t.Errorf("second undo: %v", err)
	}
}

// TestPendingBatchRolledBackAtOpen: an import cut off before its commit
// marker leaves nothing behind once the folder is opened again.
func TestPendingBatchRolledBackAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.PutCustomer(&model.Customer{Name: "宝岛眼镜公司", Tier: "S"})
	before := dump(t, s)
	b, _ := writeBatch(t, s, false)
	s.Close()

	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := dump(t, s); after != before {
		t.Fatalf("pending batch left data:\n%s", after)
	}
	if got, _ := s.Batch(b.ID); got.State != model.BatchRolledBack {
		t.Errorf("state %s", got.State)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatal(p)
	}
}

func TestIndexValues(t *testing.T) {
	s := openTest(t)
	s.PutCustomer(&model.Customer{Name: "宝岛眼镜公司", Phone: "+86 138 0000 0001", TaxID: "91330100MA2B000001"})
	for index, want := range map[string]string{"name": "宝岛眼镜公司", "phone": "13800000001", "tax_id": "91330100MA2B000001"} {
		m, err := s.IndexValues(index)
		if err != nil || len(m[want]) != 1 {
			t.Errorf("%s: %v %v", index, m, err)
		}
	}
}
