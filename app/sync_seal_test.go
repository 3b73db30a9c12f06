package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/pgtest"
)

// secrets are the distinctive texts of the sealed-sync test, and each of
// them in UTF-8, UTF-16 (both orders) and GBK.
func secrets(t *testing.T) [][]byte {
	var out [][]byte
	for _, s := range []string{"翡翠湾眼镜贸易", "镜框裂开客户很生气", "ZephyrQuartzOptics"} {
		out = append(out, []byte(s))
		le, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
		must(t, err)
		be, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
		must(t, err)
		gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		must(t, err)
		out = append(out, le, be, gbk)
	}
	return out
}

func findSecrets(t *testing.T, where string, b []byte, list [][]byte) {
	t.Helper()
	for _, s := range list {
		if bytes.Contains(b, s) {
			t.Errorf("%s holds %q in clear", where, s)
		}
	}
}

// TestSyncSealed: an encrypted folder sends nothing until the team's sync
// key is set (or plain sync chosen); then its sync files and server rows
// hold none of its names, complaint texts or attachment bytes in any
// encoding; a computer with the key takes them, one without or with
// another key skips them and says why.
func TestSyncSealed(t *testing.T) {
	dir := t.TempDir()
	url := pgtest.Start(t).DB(t)
	ctx := context.Background()
	a := open(t)
	must(t, a.Backup.Encrypt("一个好密码 good"))
	cu := &model.Customer{Name: "翡翠湾眼镜贸易", City: "杭州", Notes: "ZephyrQuartzOptics"}
	_, err := a.Customers.Add(cu)
	must(t, err)
	photo := append([]byte("ZephyrQuartzOptics-photo-"), bytes.Repeat([]byte{0x5a}, 4096)...)
	p := filepath.Join(t.TempDir(), "照片.jpg")
	must(t, os.WriteFile(p, photo, 0o600))
	must(t, a.Complaints.Add(&model.Complaint{CustomerID: cu.ID, Category: "quality", Severity: "high", Text: "镜框裂开客户很生气", Attachments: []string{p}}, "王经理"))

	if _, err := a.Sync.Sync(dir); err == nil || !strings.Contains(err.Error(), "sync key") {
		t.Fatalf("an encrypted folder synced without a key: %v", err)
	}
	if _, err := a.Sync.SyncServer(ctx, url); err == nil || !strings.Contains(err.Error(), "sync key") {
		t.Fatalf("an encrypted folder pushed without a key: %v", err)
	}
	const key = "团队同步密钥 team key 2026"
	must(t, a.Sync.SetSyncKey(key))
	syncAll(t, dir, a)
	_, err = a.Sync.SyncServer(ctx, url)
	must(t, err)

	list := append(secrets(t), photo[:24])
	n := 0
	must(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		n++
		findSecrets(t, p, b, list)
		return err
	}))
	if n == 0 {
		t.Fatal("no sync file written")
	}
	rows := pgBodies(t, url)
	if len(rows) == 0 {
		t.Fatal("no row pushed")
	}
	findSecrets(t, "the server's rows", rows, list)

	b, c, d := open(t), open(t), open(t)
	must(t, b.Sync.SetSyncKey(key))
	must(t, d.Sync.SetSyncKey("另一个团队的密钥 other key"))
	syncAll(t, dir, b)
	if !hasCustomer(t, b, "翡翠湾眼镜贸易") {
		t.Fatal("b, with the key, did not get a's customer through the folder")
	}
	// The photo came too, sealed in the batch, and matches its checksum.
	if p, err := b.Complaints.CheckAttachments(); err != nil || len(p) != 0 {
		t.Fatalf("b's attachments after the sealed sync: %q, %v", p, err)
	}
	if files, _ := os.ReadDir(b.Complaints.AttachmentsDir()); len(files) != 1 {
		t.Fatalf("b has %d attachment files, want 1", len(files))
	}
	for _, s := range []*app.Service{b, c, d} {
		res, err := s.Sync.SyncServer(ctx, url)
		must(t, err)
		if s == b && (len(res.Skipped) != 0 || res.Applied == 0) {
			t.Fatalf("b through the server: %+v", res)
		}
		if s != b && (len(res.Skipped) == 0 || !strings.Contains(res.Skipped[0].Message(), "sync key") || hasCustomer(t, s, "翡翠湾眼镜贸易")) {
			t.Fatalf("without the key: %+v", res)
		}
	}
	res, err := c.Sync.Sync(dir)
	must(t, err)
	if len(res.Skipped) == 0 || !strings.Contains(res.Skipped[0].Message(), "has none") {
		t.Fatalf("c without a key, through the folder: %+v", res)
	}
	// Plain sync, once chosen, sends in clear.
	e := open(t)
	must(t, e.Backup.Encrypt("一个好密码 good"))
	must(t, e.Sync.SetPlainSync(true))
	_, err = e.Customers.Add(&model.Customer{Name: "翡翠湾眼镜贸易"})
	must(t, err)
	plain := t.TempDir()
	res, err = e.Sync.Sync(plain)
	must(t, err)
	b0, err := os.ReadFile(filepath.Join(plain, res.Written[0]))
	must(t, err)
	if !bytes.Contains(b0, []byte("翡翠湾眼镜贸易")) {
		t.Fatal("plain sync: the name is not in the file, so the search above proves nothing")
	}
}

// pgBodies is every row's body and signature columns, joined.
func pgBodies(t *testing.T, url string) []byte {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	must(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT body FROM kehu_changes`)
	must(t, err)
	var all []byte
	for rows.Next() {
		var b []byte
		must(t, rows.Scan(&b))
		all = append(all, b...)
	}
	must(t, rows.Err())
	return all
}
