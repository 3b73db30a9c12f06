package data

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// TestCheckFindsRefusedRecords: a record that came in before the one
// validation, or through a backup made by hand (a sale of year 0, a name
// holding NUL), is named by check, and kept.
func TestCheckFindsRefusedRecords(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p, err := s.Check(); err != nil || len(p) != 0 {
		t.Fatalf("empty store: %v, %v", p, err)
	}
	sale, _ := json.Marshal(&model.Sale{ID: "01JSALE0", CustomerID: "01JCUST0", Date: "0000-01-01", Amount: 100, Currency: "CNY"})
	cust, _ := json.Marshal(&model.Customer{ID: "01JCUST1", Name: "坏\x00名字"})
	err = s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(saleKey("01JSALE0"), sale); err != nil {
			return err
		}
		return txn.Set(customerKey("01JCUST1"), cust)
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(p, "\n")
	for _, want := range []string{"record Kehu would refuse: sale 01JSALE0: date", "record Kehu would refuse: customer 01JCUST1: name"} {
		if !strings.Contains(all, want) {
			t.Errorf("check says:\n%s\nwant a line with %q", all, want)
		}
	}
	if _, err := s.db.NewTransaction(false).Get(saleKey("01JSALE0")); err != nil {
		t.Errorf("the refused sale was removed: %v", err)
	}
}
