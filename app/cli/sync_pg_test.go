package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/pgtest"
)

// TestSyncPGCommands: two data folders exchange a customer through a
// PostgreSQL server with sync push, pull and now (by --url, the setting
// and KEHU_SYNC_URL); pushing or pulling again moves nothing; a bad URL
// or an unreachable server is one line on stderr without the password.
func TestSyncPGCommands(t *testing.T) {
	srv := pgtest.Start(t)
	db := srv.NewDB(t)
	url := srv.URL(db)
	a, b := t.TempDir(), t.TempDir()
	jsonRun := func(dir string, args ...string) map[string]any {
		t.Helper()
		out := mustRun(t, dir, append([]string{"--format", "json"}, args...)...)
		m := map[string]any{}
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("%q: %s", args, out)
		}
		return m
	}
	mustRun(t, a, "customer", "add", "--name", "宁波明视眼镜")
	if m := jsonRun(a, "sync", "push", "--url", url); m["pushed"] != 1.0 || m["rows_pushed"] != 1.0 {
		t.Fatalf("push: %v", m)
	}
	if m := jsonRun(a, "sync", "push", "--url", url); m["pushed"] != 0.0 {
		t.Fatalf("push again: %v", m)
	}
	if m := jsonRun(b, "sync", "pull", "--url", url); m["rows_pulled"] != 1.0 || m["changes"] != 1.0 {
		t.Fatalf("pull: %v", m)
	}
	if m := jsonRun(b, "sync", "pull", "--url", url); m["rows_pulled"] != 0.0 {
		t.Fatalf("pull again: %v", m)
	}
	if o := mustRun(t, b, "customer", "list"); !strings.Contains(o, "宁波明视眼镜") {
		t.Fatalf("b lacks the customer:\n%s", o)
	}

	// sync now with the setting (shown without the password), then with
	// KEHU_SYNC_URL.
	tcp := srv.TCPURL(db, pgtest.Password)
	if o := mustRun(t, b, "settings", "set", "sync_url", tcp); strings.Contains(o, pgtest.Password) || !strings.Contains(o, "127.0.0.1") {
		t.Errorf("settings set: %s", o)
	}
	if o := mustRun(t, b, "settings", "list"); strings.Contains(o, pgtest.Password) || !strings.Contains(o, "kehu:****@127.0.0.1") {
		t.Errorf("settings list: %s", o)
	}
	mustRun(t, b, "customer", "add", "--name", "温州明月光学")
	if o := mustRun(t, b, "sync", "now"); !strings.Contains(o, "Pushed 1 change in 1 row") || !strings.Contains(o, "Pulled 0 rows") {
		t.Errorf("sync now by the setting: %s", o)
	}
	t.Setenv("KEHU_SYNC_URL", url)
	if m := jsonRun(a, "sync", "now"); m["rows_pulled"] != 1.0 || m["pushed"] != 0.0 {
		t.Errorf("sync now by KEHU_SYNC_URL: %v", m)
	}
	t.Setenv("KEHU_SYNC_URL", "")

	const secret = "Secret-8812"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sync", "push", "--url", "postgres://kehu:" + secret + "@127.0.0.1:1/kehu"}, 1, "Cannot reach"},
		{[]string{"sync", "pull", "--url", "mysql://kehu:" + secret + "@host/db"}, 1, "not a PostgreSQL URL"},
		{[]string{"sync", "push", "--url", srv.TCPURL("postgres", secret)}, 1, "refused the user name or password"},
		{[]string{"sync", "pull"}, 2, "--url"},
		{[]string{"sync", "now", "somewhere", "--url", url}, 2, "not both"},
		{[]string{"settings", "set", "sync_url", "http://" + secret}, 1, "not a PostgreSQL URL"},
	} {
		code, _, e := run(t, a, tc.args...)
		if code != tc.code || strings.Count(e, "\n") != 1 || !strings.Contains(e, tc.want) || strings.Contains(e, secret) {
			t.Errorf("%q: exit %d, %q", tc.args, code, e)
		}
	}
}
