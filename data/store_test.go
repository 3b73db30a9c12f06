package data

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCustomerCRUD(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "宝岛眼镜公司", Phone: "+86 138-0000-0001", Tier: "S", Owner: "王伟",
		Contacts: []model.Contact{{Name: "李娜", Role: "decision_maker", Phone: "13900000002"}}}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	if len(c.ID) != 26 || c.Created.IsZero() {
		t.Fatalf("id %q created %v", c.ID, c.Created)
	}
	got, err := s.Customer(c.ID)
	if err != nil || got.Name != c.Name || got.Contacts[0].Name != "李娜" {
		t.Fatalf("get: %+v, %v", got, err)
	}
	for _, tc := range []struct {
		find func(string) ([]string, error)
		q    string
		n    int
	}{
		{s.CustomersByName, " 宝岛眼镜公司 ", 1},
		{s.CustomersByPhone, "13800000001", 1},
		{s.CustomersByPhone, "139 0000 0002", 1},
		{s.CustomersByTier, "S", 1},
		{s.CustomersByTier, "A", 0},
		{s.CustomersByOwner, "王伟", 1},
	} {
		ids, err := tc.find(tc.q)
		if err != nil || len(ids) != tc.n {
			t.Errorf("lookup %q: %v, %v; want %d", tc.q, ids, err, tc.n)
		}
	}

	c.Tier = "A"
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.CustomersByTier("S"); len(ids) != 0 {
		t.Errorf("old tier index kept: %v", ids)
	}
	in := &model.Interaction{CustomerID: c.ID, Kind: "visit", Summary: "拜访", FollowUp: "2026-01-05"}
	if err := s.PutInteraction(in); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.FollowUpsUntil("2026-12-31"); len(f) != 1 || f[0].CustomerID != c.ID || f[0].InteractionID != in.ID {
		t.Errorf("follow-ups: %+v", f)
	}
	d, err := s.DeleteCustomer(c.ID)
	if err != nil || len(d.Interactions) != 1 {
		t.Fatalf("delete: %+v, %v", d, err)
	}
	if _, err := s.Customer(c.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after delete: %v", p)
	}
	if err := s.RestoreCustomer(d); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Interactions(c.ID); len(l) != 1 {
		t.Errorf("restored interactions: %d", len(l))
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after restore: %v", p)
	}
	if err := s.PutCustomer(&model.Customer{Name: "  "}); !errors.Is(err, model.ErrNoName) {
		t.Errorf("blank name: %v", err)
	}
}

// TestIndexConsistency makes 1,000 random edits and then checks that every
// index entry has its record and every record its entries.
func TestIndexConsistency(t *testing.T) {
	s := openTest(t)
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"宝岛眼镜", "杨氏眼镜店", "ＡＢＣ Optics", "abc optics", "天明眼镜公司"}
	owners := []string{"", "王伟", "李娜", "张敏"}
	var ids []string
	for i := range 1000 {
		switch op := r.IntN(10); {
		case op < 4 || len(ids) == 0:
			c := &model.Customer{Name: fmt.Sprintf("%s %d", names[r.IntN(len(names))], r.IntN(50)),
				Tier: model.Tiers[r.IntN(4)], Owner: owners[r.IntN(len(owners))], Phone: fmt.Sprintf("138%08d", r.IntN(100))}
			if err := s.PutCustomer(c); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		case op < 7:
			c, err := s.Customer(ids[r.IntN(len(ids))])
			if err != nil {
				t.Fatal(err)
			}
			c.Tier, c.Owner = model.Tiers[r.IntN(4)], owners[r.IntN(len(owners))]
			c.Name = names[r.IntN(len(names))]
			c.Contacts = append(c.Contacts, model.Contact{Name: "c", Phone: fmt.Sprintf("139%08d", i)})
			if err := s.PutCustomer(c); err != nil {
				t.Fatal(err)
			}
		case op < 9:
			in := &model.Interaction{CustomerID: ids[r.IntN(len(ids))], Kind: "call", FollowUp: fmt.Sprintf("2026-0%d-1%d", 1+r.IntN(9), r.IntN(9))}
			if err := s.PutInteraction(in); err != nil {
				t.Fatal(err)
			}
		default:
			k := r.IntN(len(ids))
			if _, err := s.DeleteCustomer(ids[k]); err != nil {
				t.Fatal(err)
			}
			ids = append(ids[:k], ids[k+1:]...)
		}
	}
	p, err := s.Check()
	if err != nil || len(p) != 0 {
		t.Fatalf("check: %v %v", err, p)
	}
	if n, _ := s.CountCustomers(); n != len(ids) {
		t.Fatalf("count %d, want %d", n, len(ids))
	}

	// A stray index entry is found and repaired.
	s.db.Update(func(txn *badger.Txn) error { return txn.Set(indexKey(pIdxTier, "S", "nosuchid"), nil) })
	if p, _ := s.Check(); len(p) != 1 {
		t.Fatalf("stray entry: %v", p)
	}
	if _, _, err := s.RepairIndexes(); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after repair: %v", p)
	}
}

func TestMigration(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.PutCustomer(&model.Customer{Name: "天明眼镜公司"})
	s.Close()

	// A folder of schema 1 (before packed sales) opens, upgraded.
	s, _ = Open(dir, Options{})
	s.db.Update(func(txn *badger.Txn) error { return writeSchema(txn, 1) })
	s.Close()
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Schema(); v != SchemaVersion {
		t.Fatalf("schema %d after upgrade from 1", v)
	}
	s.Close()

	saved := migrations
	defer func() { migrations = saved }()
	ran := 0
	migrations = append(slices.Clone(saved), func(txn *badger.Txn) error { ran++; return nil })
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Schema(); v != SchemaVersion+1 || ran != 1 {
		t.Fatalf("schema %d after migration, ran %d", v, ran)
	}
	s.Close()

	migrations = saved // this build does not know the newer schema: refused
	if _, err := Open(dir, Options{}); !errors.Is(err, model.ErrNewerSchema) {
		t.Fatalf("newer schema: %v", err)
	}
}

func TestForeignFolder(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("other"), []byte("app")) })
	db.Close()
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "not a Kehu data folder") {
		t.Fatalf("foreign folder: %v", err)
	}
}

// TestLocked opens the folder in a second process: it must get LockedError
// at once, not Badger's raw error or a hang.
func TestLocked(t *testing.T) {
	if os.Getenv("KEHU_LOCK_CHILD") != "" {
		_, err := Open(os.Getenv("KEHU_LOCK_CHILD"), Options{})
		var le *model.LockedError
		if errors.As(err, &le) {
			fmt.Print(le.Error())
			os.Exit(0)
		}
		fmt.Print(err)
		os.Exit(3)
	}
	dir := filepath.Join(t.TempDir(), "数据 folder")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLocked$")
	cmd.Env = append(os.Environ(), "KEHU_LOCK_CHILD="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v: %s", err, out)
	}
	if want := "Kehu is already open on this data folder: " + dir; string(out) != want {
		t.Fatalf("child said %q, want %q", out, want)
	}
}
