package views

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
	"github.com/kehu-crm/kehu/app/pgtest"
)

// TestSyncPanelServer: a bad URL is refused before any network; a real
// server's URL is saved and "Sync now" pushes through it, another computer
// pulls the customer; the field then shows the URL with the password
// masked, and syncing again with it unchanged keeps the saved password.
func TestSyncPanelServer(t *testing.T) {
	srv := pgtest.Start(t)
	db := srv.NewDB(t)
	u, svc := newTestUI(t, &model.Customer{Name: "宝岛眼镜公司", City: "上海市"})
	p := newSyncPanel(u)

	test.Type(p.server.url, "mysql://kehu@host/db")
	test.Tap(p.now)
	p.wg.Wait()
	if !strings.Contains(p.msg.Text, "not a PostgreSQL URL") {
		t.Fatalf("bad URL: %q", p.msg.Text)
	}
	if got, _ := svc.Sync.SyncURL(); got != "" {
		t.Fatalf("bad URL saved: %q", got)
	}

	url := srv.TCPURL(db, pgtest.Password)
	p.server.url.SetText("")
	test.Type(p.server.url, url)
	test.Tap(p.now)
	p.wg.Wait()
	if got, _ := svc.Sync.SyncURL(); got != url {
		t.Fatalf("saved %q", got)
	}
	if !strings.Contains(p.msg.Text, "Synced") || !strings.Contains(p.last.Text, "sent 1 change") || !strings.Contains(p.last.Text, "127.0.0.1") {
		t.Fatalf("after sync: %q / %q", p.msg.Text, p.last.Text)
	}
	if strings.Contains(p.server.url.Text, pgtest.Password) || strings.Contains(p.last.Text, pgtest.Password) {
		t.Errorf("the password shows: %q / %q", p.server.url.Text, p.last.Text)
	}

	other, err := app.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Sync.SyncServer(t.Context(), url); err != nil {
		t.Fatal(err)
	}
	if n, _ := other.Customers.Count(); n != 1 {
		t.Fatalf("the other computer has %d customers", n)
	}

	// Unchanged masked text: the saved password is kept and works.
	test.Tap(p.now)
	p.wg.Wait()
	if got, _ := svc.Sync.SyncURL(); got != url || !strings.Contains(p.msg.Text, "Synced") {
		t.Fatalf("again: saved %q, %q", got, p.msg.Text)
	}
}

func TestSyncPanelServer_MessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"settings_sync_pg.go", "../app/sync/sync_pg.go", "../app/sync/sync_pg_conn.go"}, 12,
		i18ntest.Call("i18n.L", 0), i18ntest.Call("*.skip", 1), i18ntest.Field("Key")) // ServerError{Key: …}
}

// TestSyncPanelKey: the team sync key is saved from the panel (never shown
// back), a short one is refused, and choosing plain sync says at once that
// data leaves in clear.
func TestSyncPanelKey(t *testing.T) {
	u, svc := newTestUI(t)
	p := newSyncPanel(u)
	test.Type(p.key.key, "short")
	test.Tap(p.key.save)
	if svc.Sync.SyncKeySet() || !strings.Contains(p.msg.Text, "at least 12") {
		t.Fatalf("a short key: set %v, %q", svc.Sync.SyncKeySet(), p.msg.Text)
	}
	p.key.key.SetText("")
	test.Type(p.key.key, "团队同步密钥 team key 2026")
	test.Tap(p.key.save)
	if !svc.Sync.SyncKeySet() || p.key.key.Text != "" || !strings.Contains(p.msg.Text, "sealed") {
		t.Fatalf("the key: set %v, field %q, %q", svc.Sync.SyncKeySet(), p.key.key.Text, p.msg.Text)
	}
	test.Tap(p.key.plain)
	if !svc.Sync.PlainSync() || !strings.Contains(p.msg.Text, "in clear") {
		t.Fatalf("plain sync: %v, %q", svc.Sync.PlainSync(), p.msg.Text)
	}
}
