package app_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// addComplaintWith adds a customer and a complaint with a photo of n
// random bytes; it returns the stored attachment name and the bytes.
func addComplaintWith(t *testing.T, s *app.Service, n int, seed uint64) (string, []byte) {
	t.Helper()
	cu := &model.Customer{Name: "宝岛眼镜公司", City: "上海"}
	_, err := s.Customers.Add(cu)
	must(t, err)
	photo := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range photo {
		photo[i] = byte(r.IntN(256))
	}
	p := filepath.Join(t.TempDir(), "破损照片.jpg")
	must(t, os.WriteFile(p, photo, 0o644))
	c := &model.Complaint{CustomerID: cu.ID, Category: "quality", Severity: "high", Text: "镜片破损", Attachments: []string{p}}
	must(t, s.Complaints.Add(c, "王经理"))
	return c.Attachments[0], photo
}

// TestSyncAttachments: a complaint's photo reaches the other computer byte
// for byte; attachments too big for one file go in several; bytes that do
// not match their checksum are never written.
func TestSyncAttachments(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t), open(t)
	name, photo := addComplaintWith(t, a, 500<<10, 1)
	name2, photo2 := addComplaintWith(t, a, 400<<10, 2)
	a.Sync.FileBytes = 1 << 20
	res, err := a.Sync.Sync(dir)
	must(t, err)
	if len(res.Written) != 2 {
		t.Fatalf("two photos of 500 and 400 KB in %d files (cap 1 MB)", len(res.Written))
	}
	// Damage the second photo's bytes in a well-formed file: it is skipped
	// and nothing of it is written.
	second := filepath.Join(dir, res.Written[1])
	whole, err := os.ReadFile(second)
	must(t, err)
	bad := rewrap(t, bytes.SplitAfter(whole, []byte("\n")), func(ls [][]byte) {
		for i, l := range ls {
			if bytes.Contains(l, []byte(`"e":"attachment"`)) {
				j := bytes.Index(l, []byte(`"data":{"v":"`)) + 20
				ls[i][j] ^= 1 // another base64 letter
			}
		}
	})
	must(t, os.WriteFile(second, bad, 0o644))
	res, err = b.Sync.Sync(dir)
	must(t, err)
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Message(), "SHA-256") {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	if _, err := os.Stat(filepath.Join(b.Complaints.AttachmentsDir(), name2)); err == nil {
		t.Fatal("a photo that failed its checksum was written")
	}
	must(t, os.WriteFile(second, whole, 0o644)) // the sync client brings it whole
	res, err = b.Sync.Sync(dir)
	must(t, err)
	if len(res.Skipped) != 0 {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	rows, _, err := b.Complaints.List(complaints.Filter{})
	must(t, err)
	if len(rows) != 2 {
		t.Fatalf("b has %d complaints", len(rows))
	}
	for n, want := range map[string][]byte{name: photo, name2: photo2} {
		got, err := os.ReadFile(filepath.Join(b.Complaints.AttachmentsDir(), n))
		must(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, want the %d sent", n, len(got), len(want))
		}
	}
	if fullExport(t, a) != fullExport(t, b) {
		t.Fatal("the stores differ")
	}
}

func syncAll(t *testing.T, dir string, devs ...*app.Service) {
	t.Helper()
	for _, s := range devs {
		res, err := s.Sync.Sync(dir)
		must(t, err)
		for _, sk := range res.Skipped {
			t.Fatalf("skipped %s: %s", sk.Path, sk.Message())
		}
	}
}

// TestSyncTeamSettings: the company name, the win-back period and the
// exchange rates are the team's and travel, the later change winning with
// the other kept as a conflict; how many backups to keep is this
// computer's and stays.
func TestSyncTeamSettings(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t), open(t)
	must(t, a.SetSetting("company_name", "华东眼镜贸易"))
	must(t, a.Accounts.SetWinBackMonths(9))
	must(t, a.Backup.SetKeep(3))
	must(t, a.Sales.SetRate("EUR", "2026-01-01", "7.8"))
	must(t, a.Sales.SetRate("HKD", "2026-01-01", "0.92"))
	cu := &model.Customer{Name: "米兰光学", City: "上海"}
	_, err := a.Customers.Add(cu)
	must(t, err)
	// The sale needs the EUR rate: it arrives in the same file.
	must(t, a.Sales.Add(&model.Sale{Date: "2026-03-01", CustomerID: cu.ID, Amount: 10000, Currency: "EUR"}))
	syncAll(t, dir, a, b)

	if v, _ := b.Setting("company_name"); v != "华东眼镜贸易" {
		t.Errorf("company %q", v)
	}
	if n := b.Accounts.WinBackMonths(); n != 9 {
		t.Errorf("win-back months %d", n)
	}
	if n, _ := b.Backup.Keep(); n != backup.DefaultKeep {
		t.Errorf("backup_keep travelled: %d", n)
	}
	ra, _ := a.Sales.Rates()
	rb, _ := b.Sales.Rates()
	if len(rb) != 2 || fmt.Sprint(ra) != fmt.Sprint(rb) {
		t.Errorf("rates %v, want %v", rb, ra)
	}
	if fullExport(t, a) != fullExport(t, b) {
		t.Fatal("the EUR sale did not arrive")
	}

	// Both rename the company; b's change is the later one (its clock a
	// second ahead: each store has its own clock, and two stamps of the
	// same millisecond could order either way). a removes a rate.
	b.SetWallClock(func() time.Time { return time.Now().Add(time.Second) })
	must(t, a.SetSetting("company_name", "甲"))
	must(t, b.SetSetting("company_name", "乙"))
	must(t, a.Sales.SetRate("HKD", "2026-01-01", ""))
	syncAll(t, dir, a, b, a)
	for i, s := range []*app.Service{a, b} {
		if v, _ := s.Setting("company_name"); v != "乙" {
			t.Errorf("device %d: company %q", i, v)
		}
		if rs, _ := s.Sales.Rates(); len(rs) != 1 || rs[0].Currency != "EUR" {
			t.Errorf("device %d: rates %v", i, rs)
		}
		cs, err := s.Sync.SyncConflicts()
		must(t, err)
		if len(cs) != 1 || cs[0].Entity != "setting" || ksync.ConflictValue(cs[0].Loser) != "甲" {
			t.Errorf("device %d: conflicts %+v", i, cs)
		}
	}
	// a takes its lost name back: it wins everywhere.
	cs, err := a.Sync.SyncConflicts()
	must(t, err)
	if !a.Sync.CanUseLoser(cs[0]) {
		t.Fatal("a lost setting cannot be written back")
	}
	must(t, a.Sync.KeepLoser(cs[0]))
	syncAll(t, dir, a, b)
	if v, _ := b.Setting("company_name"); v != "甲" {
		t.Errorf("b: company %q after a kept its lost value", v)
	}
}

// TestSyncBaseCurrency: a folder without sales takes the team's base
// currency; one whose sales are in another keeps its own and lists the
// other as a conflict.
func TestSyncBaseCurrency(t *testing.T) {
	dir := t.TempDir()
	a, b, c := open(t), open(t), open(t)
	must(t, a.Sales.SetBaseCurrency("HKD"))
	cu := &model.Customer{Name: "本地客户", City: "广州"}
	_, err := c.Customers.Add(cu)
	must(t, err)
	must(t, c.Sales.Add(&model.Sale{Date: "2026-03-01", CustomerID: cu.ID, Amount: 10000}))
	syncAll(t, dir, a, b, c)
	if v, _ := b.Sales.BaseCurrency(); v != "HKD" {
		t.Errorf("b: base %s", v)
	}
	if v, _ := c.Sales.BaseCurrency(); v != "CNY" {
		t.Errorf("c with CNY sales: base %s", v)
	}
	if cs, _ := c.Sync.SyncConflicts(); len(cs) != 1 || ksync.ConflictValue(cs[0].Loser) != "HKD" {
		t.Errorf("c: conflicts %+v", cs)
	}
}
