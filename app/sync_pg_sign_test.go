package app_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/pgtest"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// TestSyncPGForgedDevice: rows claiming device a's id — unsigned, signed
// by another key, or a's own row with its body changed — are refused by b
// and reported; one of them with a huge hlc_to does not stop a's pushes;
// and when the server's key list is changed, b still refuses rows signed
// by the new key and a refuses to push.
func TestSyncPGForgedDevice(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.DB(t)
	ctx := context.Background()
	a, b := open(t), open(t)
	_, err := a.Customers.Add(&model.Customer{Name: "甲公司"})
	must(t, err)
	_, err = a.Sync.SyncServer(ctx, url)
	must(t, err)
	devA, err := a.Sync.DeviceID()
	must(t, err)

	line := func(stamp, name string) []byte {
		return []byte(`{"e":"customer","id":"0000000000000000000000000000f0f0","s":"` + stamp + `","f":{"name":{"v":"` + name + `"},"_exists":{"v":true}}}`)
	}
	_, other, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	const huge = 1<<63 - 1
	forged := line(fmt.Sprintf("%016x.%s", uint64(1)<<62, devA), "伪造公司")
	sig := ed25519.Sign(other, forged) // not even the right message: any other key is refused
	srv.Exec(t, url,
		fmt.Sprintf(`INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body) VALUES ('%s', 1, %d, 1, '\x%x')`, devA, int64(huge), forged),
		fmt.Sprintf(`INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body, pubkey, sig) VALUES ('%s', 2, %d, 1, '\x%x', '\x%x', '\x%x')`,
			devA, int64(huge), forged, other.Public().(ed25519.PublicKey), sig))

	var res *ksync.Result
	n := allocated(func() { res, err = b.Sync.SyncPull(ctx, url) })
	must(t, err)
	t.Logf("pulling a's row and two forged ones: %.1f MB allocated", float64(n)/(1<<20))
	refused := 0
	for _, s := range res.Skipped {
		if !strings.Contains(s.Message(), "not signed with that computer's key") {
			t.Fatalf("skipped %s: %s", s.Path, s.Message())
		}
		refused++
	}
	if refused != 2 || res.Applied != 1 {
		t.Fatalf("b applied %d rows and refused %d, want 1 and 2: %+v", res.Applied, refused, res)
	}
	if hasCustomer(t, b, "伪造公司") || !hasCustomer(t, b, "甲公司") {
		t.Fatal("b took the forged row, or missed a's")
	}

	// a goes on pushing despite the forged rows' hlc_to.
	_, err = a.Customers.Add(&model.Customer{Name: "甲公司二"})
	must(t, err)
	res, err = a.Sync.SyncServer(ctx, url)
	must(t, err)
	if res.Exported != 1 {
		t.Fatalf("a pushed %d changes after the forged rows, want 1", res.Exported)
	}
	// a's own row with its body changed is refused too.
	srv.Exec(t, url, `UPDATE kehu_changes SET body = convert_to(replace(convert_from(body, 'UTF8'), '甲公司二', '乙公司二'), 'UTF8')
		WHERE device = '`+devA+`' AND position(convert_to('甲公司二', 'UTF8') in body) > 0`)
	res, err = b.Sync.SyncPull(ctx, url)
	must(t, err)
	if hasCustomer(t, b, "乙公司二") || hasCustomer(t, b, "甲公司二") || len(res.Skipped) != 3 {
		t.Fatalf("a changed row was taken: %+v", res)
	}

	// The server's key list changed to the forger's key: b, which pinned
	// a's key, refuses a row the forger signed well; a refuses to push.
	srv.Exec(t, url, fmt.Sprintf(`UPDATE kehu_devices SET pubkey = '\x%x' WHERE device = '%s'`, other.Public().(ed25519.PublicKey), devA))
	forged = line(fmt.Sprintf("%016x.%s", uint64(1)<<62+5, devA), "冒充公司")
	sig = ed25519.Sign(other, ksync.BatchMessage(devA, 3, 4, 1, forged))
	srv.Exec(t, url, fmt.Sprintf(`INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body, pubkey, sig) VALUES ('%s', 3, 4, 1, '\x%x', '\x%x', '\x%x')`,
		devA, forged, other.Public().(ed25519.PublicKey), sig))
	res, err = b.Sync.SyncPull(ctx, url)
	must(t, err)
	if hasCustomer(t, b, "冒充公司") || len(res.Skipped) != 4 {
		t.Fatalf("a row signed by the replaced key was taken: %+v", res)
	}
	_, err = a.Customers.Add(&model.Customer{Name: "甲公司三"})
	must(t, err)
	_, err = a.Sync.SyncPush(ctx, url)
	if err == nil || !strings.Contains(err.Error(), "another key for this computer's device id") {
		t.Fatalf("a's push with its key replaced on the server: %v", err)
	}
}

// TestSyncPGUpgradeKeepsUnsignedRows: a database of schema 1, whose rows
// an older Kehu sent unsigned, is upgraded on first use; those rows are
// still applied, and the older device's later pushes are signed.
func TestSyncPGUpgradeKeepsUnsignedRows(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.DB(t)
	ctx := context.Background()
	x, b := open(t), open(t)
	_, err := x.Customers.Add(&model.Customer{Name: "老公司"})
	must(t, err)
	dir := t.TempDir()
	res, err := x.Sync.SyncExport(dir)
	must(t, err)
	lines := strings.Split(strings.TrimSuffix(string(readFile(t, dir, res.Written[0])), "\n"), "\n")
	var from, to uint64
	_, err = fmt.Sscanf(strings.TrimSuffix(filepath.Base(res.Written[0]), ".jsonl"), "%016x-%016x", &from, &to)
	must(t, err)
	devX, _ := x.Sync.DeviceID()
	srv.Exec(t, url,
		`CREATE TABLE kehu_meta (key text PRIMARY KEY, value text NOT NULL)`,
		`CREATE TABLE kehu_changes (seq bigserial PRIMARY KEY, device text NOT NULL, hlc_from bigint NOT NULL, hlc_to bigint NOT NULL,
			count integer NOT NULL, body bytea NOT NULL, pushed timestamptz NOT NULL DEFAULT now(), UNIQUE (device, hlc_from, hlc_to))`,
		`INSERT INTO kehu_meta VALUES ('schema', '1'), ('server', 'abcdef')`,
		fmt.Sprintf(`INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body) VALUES ('%s', %d, %d, %d, '\x%x')`,
			devX, int64(from), int64(to), len(lines)-2, strings.Join(lines[1:len(lines)-1], "\n")))
	res, err = b.Sync.SyncPull(ctx, url)
	must(t, err)
	if res.Applied != 1 || len(res.Skipped) != 0 || !hasCustomer(t, b, "老公司") {
		t.Fatalf("the unsigned row of schema 1: %+v", res)
	}
	_, err = x.Customers.Add(&model.Customer{Name: "新公司"})
	must(t, err)
	_, err = x.Sync.SyncServer(ctx, url)
	must(t, err)
	if n := srv.Count(t, url, `SELECT count(*) FROM kehu_changes WHERE sig <> '\x'`); n < 1 {
		t.Fatalf("%d signed rows after the upgrade", n)
	}
	res, err = b.Sync.SyncPull(ctx, url)
	must(t, err)
	if len(res.Skipped) != 0 || !hasCustomer(t, b, "新公司") {
		t.Fatalf("after the upgrade: %+v", res)
	}
}

func readFile(t *testing.T, dir, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, rel))
	must(t, err)
	return b
}
