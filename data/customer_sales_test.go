package data

import (
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestDeleteCustomerTakesItsSales: deleting a customer removes its sales and
// their rollup contributions in the same transaction, and undo puts them back.
func TestDeleteCustomerTakesItsSales(t *testing.T) {
	s := openTest(t)
	keep := &model.Customer{Name: "杨氏眼镜店", Tier: "S", Province: "江苏"}
	gone := &model.Customer{Name: "宝岛眼镜公司", Tier: "S", Province: "上海"}
	for _, c := range []*model.Customer{keep, gone} {
		if err := s.PutCustomer(c); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range []*model.Customer{keep, gone, gone} {
		if err := s.PutSale(&model.Sale{CustomerID: c.ID, Date: "2025-03-0" + string(rune('1'+i)), Amount: 100000, Product: "绮美季抛"}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.DeleteCustomer(gone.ID)
	if err != nil || len(d.Sales) != 2 {
		t.Fatalf("delete: %v, %d sales", err, len(d.Sales))
	}
	if n, _ := s.CountSales(); n != 1 {
		t.Errorf("%d sales left, want 1", n)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after delete: %v", p)
	}
	if err := s.RestoreCustomer(d); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountSales(); n != 3 {
		t.Errorf("%d sales after undo, want 3", n)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after undo: %v", p)
	}
}
