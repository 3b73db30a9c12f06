package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/jackc/pgx/v5"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/pgtest"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// TestSyncPGThreeDevices is TestSyncThreeDevices through a PostgreSQL
// server: in each round the three devices sync at the same time, in a
// random order, each pushing, pulling or both; they end with identical
// stores and conflict lists. Then pulling again applies nothing and
// pushing again adds no row.
func TestSyncPGThreeDevices(t *testing.T) {
	srv := pgtest.Start(t)
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			url := srv.DB(t)
			w := &world{t: t, rng: rand.New(rand.NewPCG(seed, 9))}
			for range 3 {
				w.devs = append(w.devs, open(t))
			}
			var pushed, pulled, conflicts int
			w.hub = func(all bool) {
				rs := pgRound(t, w, url, all)
				for _, r := range rs {
					pushed += r.Exported
					pulled += r.Changes
					conflicts += r.Conflicts
				}
			}
			w.again = func(i int) {
				ctx := context.Background()
				rows := srv.Count(t, url, "SELECT count(*) FROM kehu_changes")
				for range 2 {
					res, err := w.devs[i].Sync.SyncPull(ctx, url)
					must(t, err)
					if res.Applied != 0 || res.Changes != 0 || len(res.Skipped) != 0 {
						t.Errorf("device %d pulled again: %+v", i, res)
					}
					res, err = w.devs[i].Sync.SyncPush(ctx, url)
					must(t, err)
					if res.Exported != 0 {
						t.Errorf("device %d pushed again %d changes", i, res.Exported)
					}
				}
				if n := srv.Count(t, url, "SELECT count(*) FROM kehu_changes"); n != rows {
					t.Errorf("pushing again: %d rows, were %d", n, rows)
				}
				// Even with the pull mark lost, every row is known as applied.
				id := srv.Text(t, url, "SELECT value FROM kehu_meta WHERE key = 'server'")
				must(t, w.devs[i].SetSetting("sync_pg_pulled_"+id, ""))
				res, err := w.devs[i].Sync.SyncPull(ctx, url)
				must(t, err)
				if res.Applied != 0 || res.Changes != 0 {
					t.Errorf("device %d pulled all again: %+v", i, res)
				}
			}
			syncScenario(t, w)
			t.Logf("pushed %d changes in %d rows, pulled %d, %d conflicts found, %d listed", pushed,
				srv.Count(t, url, "SELECT count(*) FROM kehu_changes"), pulled, conflicts, len(conflictSet(t, w.devs[0])))
		})
	}
}

// pgRound syncs every device at once. In a partial round each pushes,
// pulls or does both; in a full one it pushes then pulls.
func pgRound(t *testing.T, w *world, url string, all bool) []*ksync.Result {
	t.Helper()
	ctx := context.Background()
	res := make([]*ksync.Result, len(w.devs))
	errs := make([]error, len(w.devs))
	var wg sync.WaitGroup
	for _, i := range w.rng.Perm(len(w.devs)) {
		how := 2
		if !all {
			how = w.rng.IntN(3)
		}
		d := w.devs[i]
		wg.Go(func() {
			switch how {
			case 0:
				res[i], errs[i] = d.Sync.SyncPush(ctx, url)
			case 1:
				res[i], errs[i] = d.Sync.SyncPull(ctx, url)
			default:
				res[i], errs[i] = d.Sync.SyncServer(ctx, url)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("device %d: %v", i, err)
		}
		if len(res[i].Skipped) > 0 {
			t.Fatalf("device %d skipped %+v", i, res[i].Skipped)
		}
	}
	return res
}

// TestSyncPGRefuses: a database that holds another program's tables, or
// Kehu's from a newer version, is refused with one sentence and left as it
// was; so are bad URLs, an unreachable server, a wrong password and a
// missing database. No message shows the password.
func TestSyncPGRefuses(t *testing.T) {
	srv := pgtest.Start(t)
	s := open(t)
	_, err := s.Customers.Add(&model.Customer{Name: "宁波明视眼镜"})
	must(t, err)
	ctx := context.Background()
	for _, tc := range []struct {
		name, setup, want string
	}{
		{"foreign kehu_changes", "CREATE TABLE kehu_changes (id int, note text)", "not a Kehu database"},
		{"foreign kehu_meta", "CREATE TABLE kehu_meta (a int)", "not a Kehu database"},
		{"meta without schema", "CREATE TABLE kehu_meta (key text, value text); CREATE TABLE kehu_changes (x int)", "not a Kehu database"},
		{"newer schema", "CREATE TABLE kehu_meta (key text PRIMARY KEY, value text NOT NULL); INSERT INTO kehu_meta VALUES ('schema', '3'), ('server', 'abc'); CREATE TABLE kehu_changes (x int)", "newer Kehu (schema 3)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := srv.DB(t)
			srv.Exec(t, url, tc.setup)
			before := srv.Count(t, url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
			_, err := s.Sync.SyncServer(ctx, url)
			var se *ksync.ServerError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			t.Log(err)
			if n := srv.Count(t, url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"); n != before {
				t.Errorf("%d tables, were %d", n, before)
			}
		})
	}

	// A database shared with another program's tables is fine.
	shared := srv.DB(t)
	srv.Exec(t, shared, "CREATE TABLE orders (id int)")
	res, err := s.Sync.SyncServer(ctx, shared)
	if err != nil || res.Exported != 1 {
		t.Fatalf("shared database: %+v %v", res, err)
	}
	last, failed, err := s.Sync.LastSync()
	if err != nil || failed != "" || last.Exported != 1 || last.Server == "" {
		t.Errorf("last sync: %+v %q %v", last, failed, err)
	}

	srv.Exec(t, srv.URL("postgres"), "CREATE DATABASE pwtest")
	const wrong = "WrongPass-7731"
	for _, tc := range []struct{ name, url, want string }{
		{"not a URL", "http://example.com/db", "not a PostgreSQL URL"},
		{"key=value", "host=localhost dbname=kehu password=" + wrong, "not a PostgreSQL URL"},
		{"broken URL", "postgres://kehu:" + wrong + "@host:notaport/db", "not a PostgreSQL URL"},
		{"unreachable", fmt.Sprintf("postgres://kehu:%s@127.0.0.1:1/kehu?connect_timeout=5", wrong), "Cannot reach the PostgreSQL server kehu@127.0.0.1:1/kehu"},
		{"wrong password", srv.TCPURL("pwtest", wrong), "refused the user name or password"},
		{"no database", srv.TCPURL("nodb", pgtest.Password), "does not exist"},
		// The test server offers no TLS: without sslmode=disable by name,
		// Kehu does not fall back to a connection in clear.
		{"no sslmode, no TLS", strings.TrimSuffix(srv.TCPURL("pwtest", pgtest.Password), "?sslmode=disable"), "did not set up an encrypted (TLS) connection"},
		{"sslmode=prefer, no TLS", strings.Replace(srv.TCPURL("pwtest", pgtest.Password), "sslmode=disable", "sslmode=prefer", 1), "did not set up an encrypted (TLS) connection"},
		{"sslmode=allow, no TLS", strings.Replace(srv.TCPURL("pwtest", pgtest.Password), "sslmode=disable", "sslmode=allow", 1), "did not set up an encrypted (TLS) connection"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Sync.SyncServer(ctx, tc.url)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			t.Log(err)
			if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), pgtest.Password) {
				t.Errorf("the password shows: %v", err)
			}
			if _, failed, _ := s.Sync.LastSync(); failed != err.Error() {
				t.Errorf("last sync error %q", failed)
			}
		})
	}
	// The right password over TCP works, and says it is in clear; over
	// the local socket there is no network to say it about.
	res, err = s.Sync.SyncServer(ctx, srv.TCPURL("pwtest", pgtest.Password))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Plain || !strings.Contains(i18n.L(ksync.PlainConnectionMsg, map[string]any{"Server": res.Server}), "not encrypted") {
		t.Fatalf("sslmode=disable over TCP: %+v", res)
	}
	if res, err = s.Sync.SyncServer(ctx, srv.URL("pwtest")); err != nil || res.Plain {
		t.Fatalf("over the socket: %+v, %v", res, err)
	}
}

func TestMaskURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://kehu:s3cr%40t@db.example.com:5432/kehu", "postgres://kehu:****@db.example.com:5432/kehu"},
		{"postgres://kehu@db/kehu?password=abc&sslmode=require", "postgres://kehu@db/kehu?password=****&sslmode=require"},
		{"postgres://kehu@db/kehu", "postgres://kehu@db/kehu"},
	} {
		if got := ksync.MaskURL(tc.in); got != tc.want {
			t.Errorf("MaskURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSyncPGConcurrentPushes: four computers add customers and push at
// once, over and over, while a fifth pulls at once too. Rows commit in seq
// order, so no pull moves its mark past a row still being written: after
// one last pull the fifth has every customer.
func TestSyncPGConcurrentPushes(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.DB(t)
	ctx := context.Background()
	const writers, rounds = 4, 8
	reader := open(t)
	var wg sync.WaitGroup
	errs := make(chan error, writers+1)
	done := make(chan struct{})
	for w := range writers {
		s := open(t)
		wg.Go(func() {
			for r := range rounds {
				if _, err := s.Customers.Add(&model.Customer{Name: fmt.Sprintf("客户 %d-%d", w, r)}); err != nil {
					errs <- err
					return
				}
				if _, err := s.Sync.SyncPush(ctx, url); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	pulls := 0
	var rg sync.WaitGroup
	rg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := reader.Sync.SyncPull(ctx, url); err != nil {
				errs <- err
				return
			}
			pulls++
		}
	})
	wg.Wait()
	close(done)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	res, err := reader.Sync.SyncPull(ctx, url)
	must(t, err)
	n, err := reader.Customers.Count()
	must(t, err)
	rows := srv.Count(t, url, "SELECT count(*) FROM kehu_changes")
	t.Logf("%d rows pushed, %d pulls during the pushes, the last pulled %d rows", rows, pulls, res.Applied)
	if n != writers*rounds || rows != writers*rounds {
		t.Fatalf("%d customers, %d rows; want %d", n, rows, writers*rounds)
	}
}

// TestSyncPGPullAfterSlowPush: a push that is still writing holds back
// the pushes after it, so a pull in between never takes a later row and
// moves its mark past the slow one. The slow push is played by hand: the
// lock, then device X's batch (from its sync file), committed last.
func TestSyncPGPullAfterSlowPush(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.DB(t)
	ctx := context.Background()
	x, a, reader := open(t), open(t), open(t)
	for _, s := range []*app.Service{x, a} {
		_, err := s.Customers.Add(&model.Customer{Name: "客户 " + fmt.Sprint(s == x)})
		must(t, err)
	}
	_, err := reader.Sync.SyncServer(ctx, url) // makes the tables
	must(t, err)
	dir := t.TempDir()
	res, err := x.Sync.SyncExport(dir)
	must(t, err)
	b, err := os.ReadFile(filepath.Join(dir, res.Written[0]))
	must(t, err)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	var h struct{ Device, From, To string }
	must(t, json.Unmarshal([]byte(lines[0]), &h))
	from, _ := strconv.ParseUint(h.From, 16, 64)
	to, _ := strconv.ParseUint(h.To, 16, 64)
	body := strings.Join(lines[1:len(lines)-1], "\n")

	slow, err := pgx.Connect(ctx, url)
	must(t, err)
	defer slow.Close(ctx)
	tx, err := slow.Begin(ctx)
	must(t, err)
	_, err = tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(0x6b656875))
	must(t, err)
	pub, sig, err := x.SignBatch(int64(from), int64(to), len(lines)-2, []byte(body))
	must(t, err)
	_, err = tx.Exec(ctx, `INSERT INTO kehu_devices (device, pubkey) VALUES ($1, $2)`, h.Device, pub)
	must(t, err)
	_, err = tx.Exec(ctx, `INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body, pubkey, sig) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		h.Device, int64(from), int64(to), len(lines)-2, []byte(body), pub, sig)
	must(t, err)

	var pushed sync.WaitGroup
	var perr error
	pushed.Go(func() { _, perr = a.Sync.SyncPush(ctx, url) })
	time.Sleep(500 * time.Millisecond) // A's chance to overtake, were it not held back
	_, err = reader.Sync.SyncPull(ctx, url)
	must(t, err)
	must(t, tx.Commit(ctx))
	pushed.Wait()
	must(t, perr)
	_, err = reader.Sync.SyncPull(ctx, url)
	must(t, err)
	if n, _ := reader.Customers.Count(); n != 2 {
		t.Fatalf("the reader has %d customers, want X's and A's", n)
	}
}

// TestSyncPGSkippedRowRetried: a row that cannot be applied (here one
// damaged on the server) is skipped, and so is every pull until it is
// whole again; then it is applied, and the rows after it were not lost
// meanwhile.
func TestSyncPGSkippedRowRetried(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.DB(t)
	ctx := context.Background()
	a, b := open(t), open(t)
	c := &model.Customer{Name: "香港明亮眼镜"}
	_, err := a.Customers.Add(c)
	must(t, err)
	_, err = a.Sync.SyncPush(ctx, url)
	must(t, err)
	must(t, a.Sales.Add(&model.Sale{Date: "2026-03-01", CustomerID: c.ID, Product: "镜片", Quantity: 1, Amount: 10000}))
	_, err = a.Sync.SyncPush(ctx, url)
	must(t, err)
	_, err = a.Customers.Add(&model.Customer{Name: "澳门光学"})
	must(t, err)
	_, err = a.Sync.SyncPush(ctx, url)
	must(t, err)

	second := "(SELECT seq FROM kehu_changes ORDER BY seq OFFSET 1 LIMIT 1)"
	whole := srv.Text(t, url, "SELECT encode(body, 'base64') FROM kehu_changes WHERE seq = "+second)
	srv.Exec(t, url, "UPDATE kehu_changes SET body = convert_to('{\"e\":', 'UTF8') WHERE seq = "+second)
	for range 2 {
		res, err := b.Sync.SyncPull(ctx, url)
		must(t, err)
		if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Path, "row 2") {
			t.Fatalf("skipped %+v", res.Skipped)
		}
	}
	if n, _ := b.Customers.Count(); n != 2 {
		t.Errorf("%d customers, want both (the row after the skipped one applies)", n)
	}
	srv.Exec(t, url, "UPDATE kehu_changes SET body = decode('"+whole+"', 'base64') WHERE seq = "+second)
	res, err := b.Sync.SyncPull(ctx, url)
	must(t, err)
	if len(res.Skipped) != 0 || res.Applied != 1 {
		t.Fatalf("once whole: applied %d, skipped %+v", res.Applied, res.Skipped)
	}
	if got, want := fullExport(t, b), fullExport(t, a); got != want {
		t.Errorf("b differs from a:\n%s\nwant\n%s", got, want)
	}
}

// TestSyncPGAttachmentsAndSettings: through a server too, a complaint's
// photo arrives byte for byte (two rows, as the photos exceed the cap of
// one), and the team's company name travels.
func TestSyncPGAttachmentsAndSettings(t *testing.T) {
	url := pgtest.Start(t).DB(t)
	ctx := context.Background()
	a, b := open(t), open(t)
	name, photo := addComplaintWith(t, a, 500<<10, 1)
	name2, photo2 := addComplaintWith(t, a, 400<<10, 2)
	must(t, a.SetSetting("company_name", "华东眼镜贸易有限公司"))
	a.Sync.FileBytes = 1 << 20
	res, err := a.Sync.SyncServer(ctx, url)
	must(t, err)
	if res.Exported == 0 {
		t.Fatalf("a pushed nothing: %+v", res)
	}
	res, err = b.Sync.SyncServer(ctx, url)
	must(t, err)
	if len(res.Skipped) != 0 {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	for n, want := range map[string][]byte{name: photo, name2: photo2} {
		got, err := os.ReadFile(filepath.Join(b.Complaints.AttachmentsDir(), n))
		must(t, err)
		if string(got) != string(want) {
			t.Errorf("%s: %d bytes, want the %d pushed", n, len(got), len(want))
		}
	}
	if got, _ := b.Setting("company_name"); got != "华东眼镜贸易有限公司" {
		t.Errorf("company name %q on b", got)
	}
	if fullExport(t, a) != fullExport(t, b) {
		t.Fatal("the stores differ")
	}
}
