package app

import (
	"github.com/kehu-crm/kehu/app/customers"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

func addNamed(t *testing.T, s *Service, name string) {
	t.Helper()
	if _, err := s.Customers.Add(&model.Customer{Name: name}); err != nil {
		t.Fatal(err)
	}
}

// The window restores into the folder it has open (backup.Service.Restore,
// in app/backup): the store is swapped, and the façade's cached customer
// list follows the new data, as it does after an encryption step.
func TestRestoreDropsCaches(t *testing.T) {
	s := openTest(t)
	addNamed(t, s, "宝岛眼镜公司")
	file := filepath.Join(t.TempDir(), "a.kehubak")
	if _, err := s.Backup.Write(file); err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "备份之后的客户")
	if rows, _, err := s.Customers.List(customers.Query{}); err != nil || len(rows) != 2 { // fills the cache
		t.Fatalf("before restore: %v, %v", rows, err)
	}
	if _, err := s.Backup.Restore(file, ""); err != nil {
		t.Fatal(err)
	}
	rows, _, err := s.Customers.List(customers.Query{})
	if err != nil || len(rows) != 1 || rows[0].Name != "宝岛眼镜公司" {
		t.Fatalf("after restore: %v, %v", rows, err)
	}
	addNamed(t, s, "加密前的客户")
	if err := s.Backup.Encrypt("一个好密码 good"); err != nil {
		t.Fatal(err)
	}
	if rows, _, err := s.Customers.List(customers.Query{}); err != nil || len(rows) != 2 {
		t.Fatalf("after encrypting: %v, %v", rows, err)
	}
}
