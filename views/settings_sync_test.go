package views

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// TestSyncPanel: "Sync now" needs a folder, syncs with another data folder
// through it, shows the result and lists a conflict, which "Use lost value"
// writes back and removes.
func TestSyncPanel(t *testing.T) {
	u, svc := newTestUI(t, &model.Customer{Name: "宝岛眼镜公司", City: "上海市", Phone: "13900000002"})
	p := newSyncPanel(u)
	if !strings.Contains(p.last.Text, "Not synced") || !strings.Contains(p.title.Text, "No conflicts") {
		t.Fatalf("fresh panel: %q %q", p.last.Text, p.title.Text)
	}
	test.Tap(p.now)
	if !p.msg.Visible() || !strings.Contains(p.msg.Text, "Choose the sync folder") {
		t.Fatalf("no folder: %q", p.msg.Text)
	}

	dir := t.TempDir()
	test.Type(p.folder, dir)
	test.Tap(p.now)
	p.wg.Wait()
	if got, _ := svc.Sync.SyncFolder(); got != dir {
		t.Fatalf("folder saved as %q", got)
	}
	if !strings.Contains(p.last.Text, "sent 1 change") {
		t.Fatalf("last: %q", p.last.Text)
	}

	// Another computer gets the customer and changes its phone while this
	// one changes it too: one of the two loses.
	other, err := app.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Sync.Sync(dir); err != nil {
		t.Fatal(err)
	}
	rows, _, _ := svc.Customers.List(customers.Query{})
	mine, _ := svc.Customers.Get(rows[0].ID)
	theirs, _ := other.Customers.Get(rows[0].ID)
	mine.Phone, theirs.Phone = "13911111111", "13622222222"
	if _, err := svc.Customers.Update(mine); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Customers.Update(theirs); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Sync.Sync(dir); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.now)
	p.wg.Wait()
	if !strings.Contains(p.title.Text, "1") || len(p.conflicts.Objects) != 1 {
		t.Fatalf("conflicts: %q, %d rows", p.title.Text, len(p.conflicts.Objects))
	}
	if !strings.Contains(p.describe(mustConflict(t, svc)), "Phone") {
		t.Errorf("row says %q", p.describe(mustConflict(t, svc)))
	}
	lost := mustConflict(t, svc).Loser
	if err := svc.Sync.KeepLoser(mustConflict(t, svc)); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Customers.Get(rows[0].ID)
	if `"`+got.Phone+`"` != string(lost) {
		t.Errorf("phone %q, lost value %s", got.Phone, lost)
	}
	if cs, _ := svc.Sync.SyncConflicts(); len(cs) != 0 {
		t.Errorf("%d conflicts left", len(cs))
	}
}

func mustConflict(t *testing.T, svc *app.Service) *ksync.Conflict {
	t.Helper()
	cs, err := svc.Sync.SyncConflicts()
	if err != nil || len(cs) != 1 {
		t.Fatalf("%d conflicts, %v", len(cs), err)
	}
	return cs[0]
}

// TestSyncPanel_MessagesTranslated: every string of the panel, and every
// reason sync gives for skipping a file, has a Chinese translation.
func TestSyncPanel_MessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"settings_sync.go", "sync_auto.go", "../app/sync/sync.go", "../app/sync/sync_state.go", "../app/sync/sync_conflicts.go"}, 20,
		i18ntest.Call("i18n.L", 0), i18ntest.Call("*.skip", 1)) // res.skip(path, reason, data)
	i18ntest.Keys(t, "sale", "interaction", "complaint", "setting", "rate", "attachment") // record kinds
}
