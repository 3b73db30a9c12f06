package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/pgtest"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// tenYears is how far the wrong clock of the tests is ahead.
const tenYears = 10 * 365 * 24 * time.Hour

func heldCount(res *ksync.Result) int {
	n := 0
	for _, s := range res.Skipped {
		if strings.Contains(s.Reason, "clock is wrong") {
			n++
		}
	}
	return n
}

func hasCustomer(t *testing.T, s *app.Service, name string) bool {
	t.Helper()
	return strings.Contains(fullExport(t, s), name)
}

func mustClean(t *testing.T, s *app.Service, who string) {
	t.Helper()
	p, err := s.Check()
	must(t, err)
	if len(p) > 0 {
		t.Fatalf("check of %s: %q", who, p)
	}
}

// clockScenario: device b's clock is ten years ahead of a's. Both keep
// syncing: a's changes reach b, and b's are held at a and reported as from
// a computer whose clock is wrong, while a's clock stays its own (check
// clean, its later changes still sent). Once b's clock is set right,
// check reports b's clock far ahead, check --repair brings it back, and
// b's changes, logged again, reach a. sync is one device's sync.
func clockScenario(t *testing.T, folder bool, sync func(s *app.Service) *ksync.Result) {
	a, b := open(t), open(t)
	ahead := func() time.Time { return time.Now().Add(tenYears) }
	b.SetWallClock(ahead)
	add := func(s *app.Service, name string) {
		_, err := s.Customers.Add(&model.Customer{Name: name, City: "杭州"})
		must(t, err)
	}
	add(a, "甲公司")
	add(b, "乙公司")
	for round := range 2 {
		sync(b)
		res := sync(a)
		if heldCount(res) == 0 || res.Held == 0 {
			t.Fatalf("round %d: a held nothing of b: %+v", round, res)
		}
		for _, s := range res.Skipped {
			if m := s.Message(); !strings.Contains(m, "clock is wrong") {
				t.Fatalf("round %d: a skipped %s: %s", round, s.Path, m)
			}
		}
		sync(b)
		if !hasCustomer(t, b, "甲公司") || hasCustomer(t, a, "乙公司") {
			t.Fatalf("round %d: b has a's: %v, a has b's: %v", round, hasCustomer(t, b, "甲公司"), hasCustomer(t, a, "乙公司"))
		}
		mustClean(t, a, "a")
		// Both go on: a's new customer reaches b, b's new one is held.
		add(a, fmt.Sprintf("甲公司%d", round))
		add(b, fmt.Sprintf("乙公司%d", round))
		if res := sync(a); res.Exported == 0 {
			t.Fatalf("round %d: a sent nothing: %+v", round, res)
		}
		sync(b)
		if !hasCustomer(t, b, fmt.Sprintf("甲公司%d", round)) {
			t.Fatalf("round %d: a's new customer did not reach b", round)
		}
	}
	// b's clock is set right: check says so, the repair brings it back.
	b.SetWallClock(nil)
	p, err := b.Check()
	must(t, err)
	if len(p) == 0 || !strings.Contains(strings.Join(p, "\n"), "clock far ahead") {
		t.Fatalf("check of b with its clock set right: %q", p)
	}
	r, err := b.Repair()
	must(t, err)
	if r.Relogged < 3 {
		t.Fatalf("repair logged %d records again, want 3 or more", r.Relogged)
	}
	mustClean(t, b, "b after repair")
	if res := sync(b); res.Exported < 3 {
		t.Fatalf("b sent %d changes after the repair", res.Exported)
	}
	sync(a)
	for _, n := range []string{"乙公司", "乙公司0", "乙公司1", "甲公司1"} {
		if !hasCustomer(t, a, n) || !hasCustomer(t, b, n) {
			t.Fatalf("after the repair %s is missing: a %v, b %v", n, hasCustomer(t, a, n), hasCustomer(t, b, n))
		}
	}
	mustClean(t, a, "a at the end")
	if folder {
		// b's files from the far-ahead years were removed by its repair:
		// a holds nothing more.
		if res := sync(a); res.Held != 0 || len(res.Skipped) != 0 {
			t.Fatalf("a after b's repair: %+v", res)
		}
	}
	if fullExport(t, a) != fullExport(t, b) {
		t.Fatal("a and b differ after the repair")
	}
}

// TestSyncClockTenYearsAheadFolder is clockScenario through a folder.
func TestSyncClockTenYearsAheadFolder(t *testing.T) {
	dir := t.TempDir()
	clockScenario(t, true, func(s *app.Service) *ksync.Result {
		t.Helper()
		must(t, s.Sync.SetSyncFolder(dir)) // as the window does: the repair tidies it
		res, err := s.Sync.Sync("")
		must(t, err)
		return res
	})
}

// TestSyncClockTenYearsAheadPG is clockScenario through PostgreSQL.
func TestSyncClockTenYearsAheadPG(t *testing.T) {
	url := pgtest.Start(t).DB(t)
	clockScenario(t, false, func(s *app.Service) *ksync.Result {
		t.Helper()
		res, err := s.Sync.SyncServer(context.Background(), url)
		must(t, err)
		return res
	})
}

// poisoned is one change of device dev stamped with the largest HLC.
func poisoned(dev string) []byte {
	c := map[string]any{"e": "customer", "id": "0000000000000000000000000000abcd", "s": "ffffffffffffffff." + dev,
		"f": map[string]any{"name": map[string]any{"v": "毒"}, "_exists": map[string]any{"v": true}}}
	b, _ := json.Marshal(c)
	return b
}

// TestSyncClockPoisonHeld: a sync file and a server row stamped
// 0xffffffffffffffff are held and reported, the receiver's clock does not
// move, and its later changes are still sent.
func TestSyncClockPoisonHeld(t *testing.T) {
	const dev = "00000000000000aa"
	after := func(t *testing.T, a *app.Service, res *ksync.Result, send func() int) {
		if res.Held != 1 || heldCount(res) != 1 || res.Applied != 0 {
			t.Fatalf("poison not held: %+v", res)
		}
		if hasCustomer(t, a, "毒") {
			t.Fatal("the poisoned change was applied")
		}
		mustClean(t, a, "a")
		_, err := a.Customers.Add(&model.Customer{Name: "甲公司", City: "杭州"})
		must(t, err)
		if n := send(); n != 1 {
			t.Fatalf("a sent %d changes after the poison, want 1", n)
		}
	}
	t.Run("folder", func(t *testing.T) {
		dir := t.TempDir()
		body := []byte(`{"kehu_sync":1,"device":"` + dev + `","from":"ffffffffffffffff","to":"ffffffffffffffff"}` + "\n")
		body = append(append(body, poisoned(dev)...), '\n')
		must(t, os.MkdirAll(filepath.Join(dir, dev), 0o700))
		must(t, os.WriteFile(filepath.Join(dir, dev, "ffffffffffffffff-ffffffffffffffff.jsonl"), append(body, ksync.Trailer(body, 1)...), 0o600))
		a := open(t)
		res, err := a.Sync.SyncImport(dir)
		must(t, err)
		after(t, a, res, func() int {
			res, err := a.Sync.Sync(dir)
			must(t, err)
			return res.Exported
		})
	})
	t.Run("server", func(t *testing.T) {
		srv := pgtest.Start(t)
		url := srv.DB(t)
		a := open(t)
		_, err := a.Sync.SyncPull(context.Background(), url) // makes the tables
		must(t, err)
		// Signed by a real device, so it is the clock that holds it.
		c := open(t)
		devC, err := c.Sync.DeviceID()
		must(t, err)
		body := poisoned(devC)
		const far = 1<<63 - 1
		pub, sig, err := c.SignBatch(far, far, 1, body)
		must(t, err)
		srv.Exec(t, url, fmt.Sprintf(`INSERT INTO kehu_devices (device, pubkey) VALUES ('%s', '\x%x')`, devC, pub),
			fmt.Sprintf(`INSERT INTO kehu_changes (device, hlc_from, hlc_to, count, body, pubkey, sig) VALUES ('%s', %d, %d, 1, '\x%x', '\x%x', '\x%x')`,
				devC, int64(far), int64(far), body, pub, sig))
		res, err := a.Sync.SyncPull(context.Background(), url)
		must(t, err)
		after(t, a, res, func() int {
			res, err := a.Sync.SyncServer(context.Background(), url)
			must(t, err)
			return res.Exported
		})
	})
}
