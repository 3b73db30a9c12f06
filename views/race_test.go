package views

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// TestRaceSwapWhileWindowLoads restores a backup and encrypts, re-keys and
// decrypts the open folder, through the service the window holds, while the
// window's background loads keep reading it from other goroutines: the
// customer list and its recent-sales column, the dashboard (its real reload,
// whose result the driver shows), the nav badge's overdue count and two
// analyses. Every read must succeed and the data must come out whole.
//
// What it catches (run it with -race): restore and re-encryption close the
// store and open another in its place. app/core hands the store out only
// inside c.Use, and core.Swap waits for the operations in flight and holds
// new ones until the new store is open. With Use not waiting (core.Use
// returning c.st without the lock and without counting holds) the race
// detector reports the write of c.st in Swap against its read in Use, and
// the loads fail with badger's "DB Closed" (or panic reading a closed
// table) while the swap has the old store closed.
//
// The widgets change only through onUI (uiMu), as on the interface
// goroutine: fyne's test driver runs fyne.Do inline on the caller's
// goroutine.
func TestRaceSwapWhileWindowLoads(t *testing.T) {
	i18n.Setup("en")
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	svc, err := app.OpenWith(t.TempDir(), app.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if _, err := svc.Demo(app.DemoOptions{Customers: 40, Months: 14, Seed: 7, Now: now}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "before.kehubak")
	before, err := svc.Backup.Write(file)
	if err != nil {
		t.Fatal(err)
	}

	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 760))
	u := New(a, w, svc)
	<-u.customers.loaded
	<-u.dashboard.loaded
	t.Cleanup(u.waitLoads) // before the store's Close

	// The loads, each as the window starts it.
	reads := []struct {
		name string
		read func() error
	}{
		{"customer list", func() error {
			if _, _, err := svc.Customers.List(customers.Query{Sort: "name"}); err != nil {
				return err
			}
			_, err := svc.Customers.RecentSales()
			onUI(u.customers.reload) // what the list's load hands to the interface
			return err
		}},
		{"dashboard", func() error {
			u.dashboard.reload() // LoadDashboard on its own goroutine, then show
			_, err := analysis.LoadDashboard(analysisOf(svc))
			return err
		}},
		{"badge", func() error {
			_, err := svc.Complaints.OverdueCount()
			onUI(u.refreshBadges) // the minute ticker's fyne.Do
			return err
		}},
		{"analysis", func() error {
			if _, err := analysis.Rank(analysisOf(svc), analysis.RankOptions{}); err != nil {
				return err
			}
			_, err := analysis.Compose(analysisOf(svc), "tier", "", "")
			return err
		}},
	}

	var (
		stop    atomic.Bool
		n       atomic.Int64
		mu      sync.Mutex
		failed  []error
		readers sync.WaitGroup
		started sync.WaitGroup
	)
	for _, r := range reads {
		readers.Add(1)
		started.Add(1)
		go func() {
			defer readers.Done()
			first := true
			for {
				if err := r.read(); err != nil {
					mu.Lock()
					failed = append(failed, fmt.Errorf("%s: %w", r.name, err))
					mu.Unlock()
				}
				n.Add(1)
				if first {
					started.Done() // every load has read once before the first swap
					first = false
				}
				if stop.Load() {
					return
				}
			}
		}()
	}
	started.Wait()

	// What the settings panel does, on its own goroutine as there.
	const pw, pw2 = "一个好密码 good", "另一个密码 other"
	steps := []struct {
		name string
		do   func() error
	}{
		{"restore", func() error { _, err := svc.Backup.Restore(file, ""); return err }},
		{"encrypt", func() error { return svc.Backup.Encrypt(pw) }},
		{"change password", func() error { return svc.Backup.ChangePassword("", pw2) }},
		{"restore into the encrypted folder", func() error { _, err := svc.Backup.Restore(file, ""); return err }},
		{"encrypt again", func() error { return svc.Backup.Encrypt(pw) }},
		{"decrypt", func() error { return svc.Backup.Decrypt("") }},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Errorf("%s: %v", s.name, err)
		}
	}
	stop.Store(true)
	readers.Wait()
	u.waitLoads()

	t.Logf("%d loads beside %d swaps", n.Load(), len(steps))
	for _, err := range failed {
		t.Error(err)
		if strings.Contains(err.Error(), "DB Closed") { // badger.ErrDBClosed; views does not import badger
			t.Error("a load read the store while a swap had it closed")
		}
	}
	if svc.Encrypted() {
		t.Error("still encrypted after decrypt")
	}
	after, err := svc.Backup.Write(filepath.Join(t.TempDir(), "after.kehubak"))
	if err != nil {
		t.Fatal(err)
	}
	// Records, not keys: re-encryption may rewrite the store's own keys.
	b, f := before.Counts, after.Counts
	if f.Customers != b.Customers || f.Interactions != b.Interactions || f.Sales != b.Sales || f.Complaints != b.Complaints {
		t.Errorf("counts after the swaps %+v, before %+v", f, b)
	}
	if p, err := svc.Check(); err != nil || len(p) > 0 {
		t.Errorf("check: %v %v", err, p)
	}
	if rows, total, err := svc.Customers.List(customers.Query{}); err != nil || total != before.Counts.Customers || len(rows) != total {
		t.Errorf("the window's list after the swaps: %d rows of %d, %v; want %d", len(rows), total, err, before.Counts.Customers)
	}
}
