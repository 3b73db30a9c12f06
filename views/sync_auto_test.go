package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2/test"
)

// TestSyncOnStartAndClose: the two check boxes are remembered; a window
// opened with "on start" syncs in the background (and says so in its title:
// see TestSyncTitle);
// a failure only records the result; with "on close" the window closes
// once its sync has ended, and a second close lets it go at once.
func TestSyncOnStartAndClose(t *testing.T) {
	u, svc := newTestUI(t, &model.Customer{Name: "宝岛眼镜公司", City: "上海市"})
	dir := t.TempDir()
	if err := svc.Sync.SetSyncFolder(dir); err != nil {
		t.Fatal(err)
	}
	p := newSyncPanel(u)
	test.Tap(p.onStart)
	test.Tap(p.onClose)
	if start, end, _ := svc.Sync.SyncAuto(); !start || !end {
		t.Fatalf("check boxes saved as %v %v", start, end)
	}
	if q := newSyncPanel(u); !q.onStart.Checked || !q.onClose.Checked {
		t.Fatal("check boxes not shown as saved")
	}

	// A window opened now syncs at once, without waiting for it.
	w := test.NewTempWindow(t, nil)
	u2 := New(u.app, w, svc)
	// (The sync may be over already: the test driver runs fyne.Do at once.)
	if u2.syncs().started != 1 {
		t.Fatalf("%d syncs started with the window", u2.syncs().started)
	}
	u2.waitLoads()
	if w.Title() != "Kehu CRM" {
		t.Errorf("title after sync %q", w.Title())
	}
	res, failed, err := svc.Sync.LastSync()
	if err != nil || res == nil || failed != "" || res.Exported != 1 {
		t.Fatalf("last sync %+v %q %v", res, failed, err)
	}

	// A folder that cannot be read: the result records it, nothing else.
	bad := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(bad, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := svc.Sync.SetSyncFolder(bad); err != nil {
		t.Fatal(err)
	}
	u3 := New(u.app, test.NewTempWindow(t, nil), svc)
	u3.waitLoads()
	if _, failed, _ := svc.Sync.LastSync(); failed == "" {
		t.Fatal("a failed sync on start recorded no error")
	}
	q := newSyncPanel(u3)
	if !strings.Contains(q.last.Text, "stopped with an error") || q.now.Disabled() {
		t.Errorf("panel after a failure: %q", q.last.Text)
	}

	// Closing: the window waits for its sync; a second close does not.
	if err := svc.Sync.SetSyncFolder(dir); err != nil {
		t.Fatal(err)
	}
	closed := false
	w4 := test.NewWindow(nil) // the sync closes it
	w4.SetOnClosed(func() { closed = true })
	u4 := New(u.app, w4, svc)
	u4.waitLoads() // its start sync
	if _, err := svc.Customers.Add(&model.Customer{Name: "明月镜片", City: "丹阳"}); err != nil {
		t.Fatal(err)
	}
	// Under uiMu (onTest): the sync's result hands over under it (onUI), so
	// it cannot close the window between the close and these checks.
	onTest(func() {
		u4.requestClose() // the window's close button (views.go)
		if closed || !u4.syncs().closing || u4.syncs().started != 2 {
			t.Errorf("close not held: closed %v, %d syncs started", closed, u4.syncs().started)
		}
		if u4.syncs().holdClose() {
			t.Error("a second close was held too")
		}
	})
	u4.waitLoads()
	if !closed {
		t.Error("the window did not close after its sync")
	}
	if res, _, _ := svc.Sync.LastSync(); res == nil || res.Exported != 1 {
		t.Errorf("sync on close: %+v", res)
	}
}

// TestSyncTitle: the window's title says a sync is under way, and that the
// window closes after it.
func TestSyncTitle(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.syncs()
	s.running = true
	s.title()
	if got := u.win.Title(); !strings.Contains(got, "Syncing…") {
		t.Errorf("title %q", got)
	}
	s.closing = true
	s.title()
	if got := u.win.Title(); !strings.Contains(got, "Syncing before closing…") {
		t.Errorf("title %q", got)
	}
	s.running, s.closing = false, false
	s.title()
	if got := u.win.Title(); got != "Kehu CRM" {
		t.Errorf("title %q", got)
	}
}
