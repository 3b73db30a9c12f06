package cli

import (
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// TestCheckRepairSaysWhatItFixed damages a demo folder behind Kehu's back —
// a lost name index entry and undo records of an import that does not exist —
// and wants `check` to list both (exit 1) and `check --repair` to say what it
// fixed, after which `check` is clean.
func TestCheckRepairSaysWhatItFixed(t *testing.T) {
	dir := demoDir(t)
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("n")})
		it.Rewind()
		k := it.Item().KeyCopy(nil)
		it.Close()
		if err := txn.Delete(k); err != nil {
			return err
		}
		return txn.Set([]byte("egone\x00someone"), []byte(`{"customer_id":"someone","new":true}`))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, out, errs := run(t, dir, "check")
	if code != 1 || !strings.Contains(out, "record without index entry") || !strings.Contains(out, "undo records without their batch") ||
		!strings.Contains(errs, "2 problems found") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
	out = mustRun(t, dir, "check", "--repair")
	for _, want := range []string{"Indexes rebuilt:", "undo records without their import removed: 1.", "Repaired: 2 problems fixed, none left."} {
		if !strings.Contains(out, want) {
			t.Fatalf("check --repair said\n%s\nwant %q", out, want)
		}
	}
	if out := mustRun(t, dir, "check"); !strings.Contains(out, "OK: 307 customers") {
		t.Fatalf("check after repair: %s", out)
	}
	if out := mustRun(t, dir, "check", "--repair", "--lang", "zh"); !strings.Contains(out, "已删除失去对应导入批次的撤销记录：0 条") {
		t.Fatalf("check --repair in Chinese: %s", out)
	}
}
