package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

// TestRoundTripStreamed: an export big enough that its import streams the
// new customers (past data's stream threshold) keeps their ids, out of id
// order as a CSV sorted by name has them.
func TestRoundTripStreamed(t *testing.T) {
	src := openCustomers(t, t.TempDir())
	const n = 2100
	var want []*model.Customer
	for i := range n {
		c := &model.Customer{Name: fmt.Sprintf("眼镜店%04d", n-i), Tier: model.Tiers[i%4], Fit: "high", Phone: fmt.Sprintf("139%08d", i)}
		if _, err := src.Add(c); err != nil {
			t.Fatal(err)
		}
		want = append(want, c)
	}
	file := filepath.Join(t.TempDir(), "客户.csv")
	if err := os.WriteFile(file, export(t, CSV, want, Options{Lang: "zh"}), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := openCustomers(t, filepath.Join(t.TempDir(), "data"))
	sum, err := dst.ImportFile(context.Background(), file, customers.ImportOptions{})
	if err != nil || sum.New != n {
		t.Fatalf("%+v %v", sum, err)
	}
	for _, w := range []*model.Customer{want[0], want[n/2], want[n-1]} {
		got, err := dst.Get(w.ID)
		if err != nil || got.Name != w.Name || got.Tier != w.Tier || got.Fit != "high" {
			t.Errorf("%s: %+v %v", w.ID, got, err)
		}
	}
	if _, n2, err := dst.List(customers.Query{}); err != nil || n2 != n {
		t.Errorf("%d customers, %v", n2, err)
	}
}
