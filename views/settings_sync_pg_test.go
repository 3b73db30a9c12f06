package views

import (
	"strings"
	"testing"

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
	u, svc := newTestUI(t, &app.Customer{Name: "宝岛眼镜公司", City: "上海市"})
	p := newSyncPanel(u)

	test.Type(p.server.url, "mysql://kehu@host/db")
	test.Tap(p.now)
	p.wg.Wait()
	if !strings.Contains(p.msg.Text, "not a PostgreSQL URL") {
		t.Fatalf("bad URL: %q", p.msg.Text)
	}
	if got, _ := svc.SyncURL(); got != "" {
		t.Fatalf("bad URL saved: %q", got)
	}

	url := srv.TCPURL(db, pgtest.Password)
	p.server.url.SetText("")
	test.Type(p.server.url, url)
	test.Tap(p.now)
	p.wg.Wait()
	if got, _ := svc.SyncURL(); got != url {
		t.Fatalf("saved %q", got)
	}
	if !strings.Contains(p.msg.Text, "Synced") || !strings.Contains(p.last.Text, "sent 1 changes") || !strings.Contains(p.last.Text, "127.0.0.1") {
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
	if _, err := other.SyncServer(t.Context(), url); err != nil {
		t.Fatal(err)
	}
	if n, _ := other.CountCustomers(); n != 1 {
		t.Fatalf("the other computer has %d customers", n)
	}

	// Unchanged masked text: the saved password is kept and works.
	test.Tap(p.now)
	p.wg.Wait()
	if got, _ := svc.SyncURL(); got != url || !strings.Contains(p.msg.Text, "Synced") {
		t.Fatalf("again: saved %q, %q", got, p.msg.Text)
	}
}

func TestSyncPanelServer_MessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"settings_sync_pg.go", "../app/sync_pg.go", "../app/sync_pg_conn.go"}, 12,
		i18ntest.Call("i18n.L", 0), i18ntest.Call("*.skip", 1), i18ntest.Field("Key")) // ServerError{Key: …}
}
