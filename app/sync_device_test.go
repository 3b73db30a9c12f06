package app_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// copyFolder copies a closed data folder as Explorer would.
func copyFolder(t *testing.T, from, to string) {
	t.Helper()
	must(t, filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	}))
}

func openAt(t *testing.T, dir string) *app.Service {
	t.Helper()
	s, err := app.Open(dir)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCopiedFolderNewDevice: a copied data folder gets its own device id
// (the original keeps its), takes the original's files like any other's
// and sends the changes it made as the original and had not sent; every
// computer ends with the same data and no conflict. A backup restored into
// the same folder keeps the id, one restored elsewhere gets a new one.
func TestCopiedFolderNewDevice(t *testing.T) {
	sync, dirA, dirB := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "拷贝")
	a, err := app.Open(dirA)
	must(t, err)
	_, err = a.Customers.Add(&model.Customer{Name: "甲公司", City: "杭州"})
	must(t, err)
	_, err = a.Sync.Sync(sync)
	must(t, err)
	unsent := &model.Customer{Name: "乙公司", City: "宁波"}
	_, err = a.Customers.Add(unsent)
	must(t, err)
	devA, err := a.Sync.DeviceID()
	must(t, err)
	must(t, a.Close())

	copyFolder(t, dirA, dirB)
	b := openAt(t, dirB)
	a = openAt(t, dirA)
	if d, _ := a.Sync.DeviceID(); d != devA {
		t.Fatalf("the original's id changed: %s → %s", devA, d)
	}
	devB, err := b.Sync.DeviceID()
	must(t, err)
	if devB == devA {
		t.Fatal("the copy kept the original's device id")
	}
	// Both go on: the copy edits the unsent customer, the original adds one.
	setField(t, b, unsent.ID, func(c *model.Customer) { c.Phone = "13900000001" })
	_, err = a.Customers.Add(&model.Customer{Name: "丙公司", City: "温州"})
	must(t, err)
	c := open(t)
	syncAll(t, sync, b, a, c, b)
	want := fullExport(t, a)
	for i, s := range []*app.Service{b, c} {
		if got := fullExport(t, s); got != want {
			t.Errorf("device %d differs:\n%s\nwant\n%s", i, got, want)
		}
		if cs, _ := s.Sync.SyncConflicts(); len(cs) != 0 {
			t.Errorf("device %d: conflicts %+v", i, cs)
		}
	}
	if cs, _ := a.Sync.SyncConflicts(); len(cs) != 0 {
		t.Errorf("original: conflicts %+v", cs)
	}

	// Restores: into the same folder the id stays, elsewhere it is new.
	file := filepath.Join(t.TempDir(), "a.kehubak")
	_, err = a.Backup.Write(file)
	must(t, err)
	_, err = a.Backup.Restore(file, "")
	must(t, err)
	if d, _ := a.Sync.DeviceID(); d != devA {
		t.Errorf("restored into its folder: id %s, was %s", d, devA)
	}
	dirR := t.TempDir()
	_, err = backup.Restore(dirR, file, "", true)
	must(t, err)
	r := openAt(t, dirR)
	if d, _ := r.Sync.DeviceID(); d == devA || d == devB {
		t.Errorf("restored elsewhere: id %s", d)
	}
}

// TestCopiedFolderAfterImport: a copy made after a big import not yet sent
// (logged compactly, changelog_batch.go) opens, and sends that import under
// its own id.
func TestCopiedFolderAfterImport(t *testing.T) {
	sync, dirA, dirB := t.TempDir(), t.TempDir(), t.TempDir()
	var csv strings.Builder
	csv.WriteString("客户名称,城市,电话\n")
	for i := range 2500 {
		fmt.Fprintf(&csv, "杭州第%d眼镜店,杭州,1380000%04d\n", i, i)
	}
	file := filepath.Join(t.TempDir(), "名单.csv")
	must(t, os.WriteFile(file, []byte(csv.String()), 0o600))
	a, err := app.Open(dirA)
	must(t, err)
	sum, err := a.Customers.ImportFile(context.Background(), file, customers.ImportOptions{})
	must(t, err)
	if sum.New != 2500 {
		t.Fatalf("imported %+v", sum)
	}
	must(t, a.Close())
	copyFolder(t, dirA, dirB)
	b := openAt(t, dirB)
	res, err := b.Sync.Sync(sync)
	must(t, err)
	if res.Exported < 2500 {
		t.Fatalf("the copy sent %d changes, want the 2500 imported", res.Exported)
	}
	c := open(t)
	_, err = c.Sync.Sync(sync)
	must(t, err)
	if n, _ := c.Customers.Count(); n != 2500 {
		t.Errorf("the third computer has %d customers", n)
	}
	if fullExport(t, b) != fullExport(t, c) {
		t.Error("the copy and the third computer differ")
	}
}
