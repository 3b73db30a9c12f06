package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// TestSyncBadFiles: files cut short, damaged, foreign or from the wrong
// folder are reported and skipped, never half-applied; once whole, a file
// cut short is applied at the next sync.
func TestSyncBadFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t), open(t)
	for _, n := range []string{"甲公司", "乙公司", "丙公司"} {
		_, err := a.Customers.Add(&model.Customer{Name: n, City: "杭州"})
		must(t, err)
	}
	res, err := a.Sync.SyncExport(dir)
	must(t, err)
	if res.Exported != 3 || len(res.Written) != 1 {
		t.Fatalf("exported %d changes in %v", res.Exported, res.Written)
	}
	devA, err := a.Sync.DeviceID()
	must(t, err)
	written := res.Written[0]
	good := filepath.Join(dir, written)
	whole, err := os.ReadFile(good)
	must(t, err)
	lines := bytes.SplitAfter(whole, []byte("\n"))

	empty := fullExport(t, b)
	write := func(rel string, b []byte) {
		p := filepath.Join(dir, rel)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, b, 0o644))
	}
	// Cut short: header and two changes, no trailer.
	write(written, bytes.Join(lines[:3], nil))
	// Damaged: a value changed, the trailer kept.
	write(filepath.Join(devA, "0000000000000001-0000000000000002.jsonl"), bytes.Replace(whole, []byte("甲公司"), []byte("丁公司"), 1))
	// A valid file whose second change names an unknown entity: its first
	// change must not be applied either.
	write(filepath.Join(devA, "0000000000000003-0000000000000004.jsonl"), rewrap(t, lines, func(ls [][]byte) {
		ls[2] = bytes.Replace(ls[2], []byte(`"e":"customer"`), []byte(`"e":"bogus"`), 1)
	}))
	// Foreign: a text file, a folder that is not a device, a device folder
	// with a file that is not ours, and our file in another device's folder.
	write("readme.txt", []byte("同步文件夹"))
	write(filepath.Join("photos", "a.jpg"), []byte{0xff, 0xd8})
	write(filepath.Join("0123456789abcdef", "notes.jsonl"), []byte(`{"hello":1}`+"\n"))
	write(filepath.Join("fedcba9876543210", filepath.Base(good)), whole)

	res, err = b.Sync.SyncImport(dir)
	must(t, err)
	if res.Applied != 0 || len(res.Skipped) != 7 {
		t.Fatalf("applied %d, skipped %d: %+v", res.Applied, len(res.Skipped), res.Skipped)
	}
	for _, sk := range res.Skipped {
		t.Logf("%s: %s", filepath.Base(sk.Path), sk.Message())
	}
	want := map[string]string{
		written: "cut short", filepath.Join(devA, "0000000000000001-0000000000000002.jsonl"): "damaged",
		filepath.Join(devA, "0000000000000003-0000000000000004.jsonl"): `nothing of the batch was applied: unknown entity "bogus"`,
		"readme.txt": "Not a Kehu", "photos": "Not a Kehu", filepath.Join("0123456789abcdef", "notes.jsonl"): "Not a Kehu",
		filepath.Join("fedcba9876543210", filepath.Base(good)): "device " + devA + " but lies in the folder of another",
	}
	for _, sk := range res.Skipped {
		rel, _ := filepath.Rel(dir, sk.Path)
		if w := want[rel]; !strings.Contains(sk.Message(), w) {
			t.Errorf("%s: %q, want %q", rel, sk.Message(), w)
		}
		delete(want, rel)
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v", want)
	}
	if got := fullExport(t, b); got != empty {
		t.Fatalf("bad files changed the store:\n%s", got)
	}

	// The copy completes: the file is applied once, and only once.
	write(written, whole)
	for _, f := range []string{"0000000000000001-0000000000000002.jsonl", "0000000000000003-0000000000000004.jsonl"} {
		must(t, os.Remove(filepath.Join(dir, devA, f)))
	}
	for round := range 2 {
		res, err = b.Sync.SyncImport(dir)
		must(t, err)
		if wantN := 1 - round; res.Applied != wantN || res.Changes != 3*wantN {
			t.Fatalf("round %d: applied %d files, %d changes", round, res.Applied, res.Changes)
		}
	}
	if n, _ := b.Customers.Count(); n != 3 {
		t.Fatalf("%d customers after the whole file", n)
	}
	if fullExport(t, a) != fullExport(t, b) {
		t.Fatal("the stores differ")
	}
}

// rewrap edits the change lines of a file and writes a trailer that
// matches, as a well-formed file with bad content would have.
func rewrap(t *testing.T, lines [][]byte, edit func([][]byte)) []byte {
	t.Helper()
	ls := make([][]byte, 0, len(lines))
	for _, l := range lines {
		if len(l) > 0 {
			ls = append(ls, append([]byte(nil), l...))
		}
	}
	edit(ls)
	body := bytes.Join(ls[:len(ls)-1], nil)
	return append(body, ksync.Trailer(body, len(ls)-2)...)
}

// TestSyncDemoData: records the bulk loads wrote without logging (the demo)
// go out in the first export, in files small enough for one transaction each.
func TestSyncDemoData(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t), open(t)
	_, err := a.Demo(app.DemoOptions{Customers: 60, Seed: 7, Months: 6})
	must(t, err)
	res, err := a.Sync.Sync(dir)
	must(t, err)
	if len(res.Written) < 2 {
		t.Fatalf("%d changes in %d files", res.Exported, len(res.Written))
	}
	res, err = b.Sync.Sync(dir)
	must(t, err)
	for _, sk := range res.Skipped {
		t.Errorf("skipped %s: %s", sk.Path, sk.Message())
	}
	if res.Applied < 2 {
		t.Fatalf("applied %d files", res.Applied)
	}
	if got, want := fullExport(t, b), fullExport(t, a); got != want {
		t.Fatal("the demo did not arrive whole")
	}
	if again, err := a.Sync.SyncExport(dir); err != nil || again.Exported != 0 {
		t.Fatalf("second export: %d changes, %v", again.Exported, err)
	}
}

// TestSyncUndoDelete: a customer deleted and brought back with undo comes
// back on the other computer too, with its history and sales, whether the
// other computer saw the deletion or not.
func TestSyncUndoDelete(t *testing.T) {
	dir := t.TempDir()
	a, b, c := open(t), open(t), open(t)
	cu := &model.Customer{Name: "苏州视康眼镜", City: "苏州"}
	_, err := a.Customers.Add(cu)
	must(t, err)
	must(t, a.Customers.AddInteraction(&model.Interaction{CustomerID: cu.ID, Kind: "visit", Summary: "拜访"}))
	must(t, a.Sales.Add(&model.Sale{Date: "2026-04-01", CustomerID: cu.ID, Amount: 50000}))
	for _, s := range []*app.Service{a, b, c} {
		_, err := s.Sync.Sync(dir)
		must(t, err)
	}
	_, err = a.Customers.Delete(cu.ID)
	must(t, err)
	_, err = a.Sync.Sync(dir)
	must(t, err)
	_, err = b.Sync.Sync(dir) // b sees the deletion
	must(t, err)
	if _, err := b.Customers.Get(cu.ID); err == nil {
		t.Fatal("b still has the deleted customer")
	}
	_, err = a.Customers.UndoDelete()
	must(t, err)
	for _, s := range []*app.Service{a, b, c} {
		_, err := s.Sync.Sync(dir)
		must(t, err)
	}
	want := fullExport(t, a)
	if !strings.Contains(want, "苏州视康眼镜") || !strings.Contains(want, "拜访") {
		t.Fatalf("a lost its undone customer:\n%s", want)
	}
	for i, s := range []*app.Service{b, c} {
		if got := fullExport(t, s); got != want {
			t.Errorf("device %d:\n%s\nwant\n%s", i+1, got, want)
		}
	}
}
