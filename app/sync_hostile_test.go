//go:build !windows

package app_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/pgtest"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// hostileBound is the memory a hostile sync input may cost (issue 20).
const hostileBound = 200 << 20

// writeChunks writes n bytes of b repeated to p, a MB at a time.
func writeChunks(t *testing.T, p string, head []byte, b byte, n int) {
	t.Helper()
	f, err := os.Create(p)
	must(t, err)
	defer f.Close()
	_, err = f.Write(head)
	must(t, err)
	chunk := bytes.Repeat([]byte{b}, 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		_, err = f.Write(chunk[:k])
		must(t, err)
		n -= k
	}
}

// TestSyncHostileFiles: each hostile file in a device's folder ends with
// one clear reason, the others of the folder are still applied, nothing
// of the hostile ones is, and reading each allocates less than
// hostileBound (the figures are logged).
func TestSyncHostileFiles(t *testing.T) {
	const dev = "00000000000000bb"
	head := []byte(`{"kehu_sync":1,"device":"` + dev + `","from":"0","to":"0"}` + "\n")
	wrap := func(lines ...string) []byte {
		body := append([]byte(nil), head...)
		for _, l := range lines {
			body = append(append(body, l...), '\n')
		}
		return append(body, ksync.Trailer(body, len(lines))...)
	}
	change := func(id, fields string) string {
		return `{"e":"sale","id":"` + id + `","s":"0190000000000001.` + dev + `","f":{` + fields + `}}`
	}
	sale := func(f string) string {
		return change("01J000000000000000000000SA", `"_exists":{"v":true},"customer_id":{"v":"01J000000000000000000000CU"},"currency":{"v":"CNY"},`+f)
	}
	cases := []struct {
		name, want string
		make       func(p string)
	}{
		{"300 MB of newlines", "larger than a sync file may be", func(p string) { writeChunks(t, p, head, '\n', 300<<20) }},
		{"64 MB of newlines", "Line 2 is not a change", func(p string) { writeChunks(t, p, head, '\n', ksync.MaxFileBytes-len(head)) }},
		{"one line of 64 MB", "Line 2 is not a change", func(p string) {
			writeChunks(t, p, head, 'x', ksync.MaxFileBytes-len(head)-3)
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			must(t, err)
			_, err = f.Write([]byte("\n{}"))
			must(t, err)
			must(t, f.Close())
		}},
		{"a link to /dev/zero", "Not a regular file", func(p string) { must(t, os.Symlink("/dev/zero", p)) }},
		{"a pipe", "Not a regular file", func(p string) { must(t, syscall.Mkfifo(p, 0o600)) }},
		{"a sale of year 0", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(sale(`"date":{"v":"0000-01-01"},"amount":{"v":100}`)), 0o600))
		}},
		{"a sale of year 9999", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(sale(`"date":{"v":"9999-12-31"},"amount":{"v":100}`)), 0o600))
		}},
		{"an amount over int64", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(sale(`"date":{"v":"2024-01-01"},"amount":{"v":46116860184273878000}`)), 0o600))
		}},
		{"an amount over 10^13", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(sale(`"date":{"v":"2024-01-01"},"amount":{"v":46116860184273878}`)), 0o600))
		}},
		{"_exists garbage", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(change("01J000000000000000000000SB", `"_exists":{"v":"garbage"}`)), 0o600))
		}},
		{"an id with NUL", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(change(`01J\u0000\u0000`, `"_exists":{"v":true},"amount":{"v":1}`)), 0o600))
		}},
		{"a stamp of 0xffff…", "clock is wrong", func(p string) {
			must(t, os.WriteFile(p, wrap(`{"e":"customer","id":"01J000000000000000000000CU","s":"ffffffffffffffff.`+dev+`","f":{"name":{"v":"毒"},"_exists":{"v":true}}}`), 0o600))
		}},
		{"an unknown tier", "fails the checks", func(p string) {
			must(t, os.WriteFile(p, wrap(sale(`"date":{"v":"2024-01-01"},"amount":{"v":1},"tier":{"v":"Z"}`)), 0o600))
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			must(t, os.MkdirAll(filepath.Join(dir, dev), 0o700))
			p := filepath.Join(dir, dev, fmt.Sprintf("%016x-%016x.jsonl", i+1, i+1))
			c.make(p)
			s := open(t)
			var res *ksync.Result
			var err error
			n := allocated(func() { res, err = s.Sync.SyncImport(dir) })
			must(t, err)
			t.Logf("%s: %.1f MB allocated", c.name, float64(n)/(1<<20))
			if n > hostileBound {
				t.Errorf("%s: %d MB allocated, bound %d MB", c.name, n>>20, hostileBound>>20)
			}
			if res.Applied != 0 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Message(), c.want) {
				t.Fatalf("%s: applied %d, skipped %+v, want one %q", c.name, res.Applied, res.Skipped, c.want)
			}
			if m := res.Skipped[0].Message(); len([]rune(m)) > 400 {
				t.Errorf("a message of %d characters: %.200s…", len([]rune(m)), m)
			}
			if n, _ := s.Sales.Count(); n != 0 {
				t.Fatalf("%d sales applied", n)
			}
		})
	}
}

// TestSyncHostileRow: a 200 MB server row is refused without being read
// (its size is asked first) and the rows after it are applied.
func TestSyncHostileRow(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.DB(t)
	ctx := context.Background()
	a, b := open(t), open(t)
	_, err := b.Sync.SyncPull(ctx, url) // makes the tables
	must(t, err)
	srv.Exec(t, url, `INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body) VALUES ('00000000000000cc', 1, 2, 1, convert_to(repeat(E'\n', 200*1024*1024), 'UTF8'))`)
	_, err = a.Customers.Add(&model.Customer{Name: "甲公司"})
	must(t, err)
	_, err = a.Sync.SyncPush(ctx, url)
	must(t, err)
	var res *ksync.Result
	n := allocated(func() { res, err = b.Sync.SyncPull(ctx, url) })
	must(t, err)
	t.Logf("a 200 MB row: %.1f MB allocated", float64(n)/(1<<20))
	if n > hostileBound {
		t.Errorf("%d MB allocated, bound %d MB", n>>20, hostileBound>>20)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Message(), "larger than a batch may be") || res.Applied != 1 {
		t.Fatalf("pull: %+v", res)
	}
}
