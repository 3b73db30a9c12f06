package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/export"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// fullExport is everything a person can see of a store: the JSON Lines
// exports of customers, sales and complaints, and every customer's
// interactions.
func fullExport(t *testing.T, s *app.Service) string {
	t.Helper()
	var b bytes.Buffer
	rows, _, err := s.Customers.List(customers.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var cs []*model.Customer
	names := map[string]string{}
	for _, r := range rows {
		c, err := s.Customers.Get(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
		names[c.ID] = c.Name
	}
	o := export.Options{Lang: "en"}
	if err := export.Customers(&b, export.JSONL, cs, o); err != nil {
		t.Fatal(err)
	}
	if _, err := export.Sales(&b, export.JSONL, s.Sales.Each, func(id string) string { return names[id] }, o); err != nil {
		t.Fatal(err)
	}
	crs, _, err := s.Complaints.List(complaints.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := export.Complaints(&b, export.JSONL, crs, o); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(cs, func(x, y *model.Customer) int { return strings.Compare(x.ID, y.ID) })
	for _, c := range cs {
		ins, err := s.Customers.Interactions(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(ins, func(x, y *model.Interaction) int { return strings.Compare(x.ID, y.ID) })
		j, _ := json.Marshal(ins)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// conflictSet is the conflicts a device lists: entity, id, field, loser.
func conflictSet(t *testing.T, s *app.Service) []string {
	t.Helper()
	cs, err := s.Sync.SyncConflicts()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s %s %s=%s", c.Entity, c.ID, c.Field, c.LostBy, c.Loser))
	}
	slices.Sort(out)
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T) *app.Service {
	t.Helper()
	s, err := app.Open(t.TempDir())
	must(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// world is three devices and the folders they sync through: in "shared"
// mode all use one folder; in "mirror" mode each sees its own copy of a
// cloud folder, which receives a random part of the others' files before
// each sync, so files arrive out of order (an edit before its creation, a
// sale before its customer).
type world struct {
	t      *testing.T
	devs   []*app.Service
	cloud  string
	views  []string
	mirror bool
	rng    *rand.Rand
	// Another transport (sync_pg_test.go): one round of syncs, and a check
	// that syncing device i again changes nothing.
	hub   func(all bool)
	again func(i int)
}

func (w *world) sync(i int, all bool) *ksync.Result {
	w.t.Helper()
	dir := w.cloud
	if w.mirror {
		dir = w.views[i]
		w.copy(w.cloud, dir, all)
	}
	res, err := w.devs[i].Sync.Sync(dir)
	must(w.t, err)
	if len(res.Skipped) > 0 {
		w.t.Fatalf("device %d skipped %+v", i, res.Skipped)
	}
	if w.mirror {
		w.copy(dir, w.cloud, true)
	}
	return res
}

// copy brings files of from that to lacks, each with chance ½ unless all.
func (w *world) copy(from, to string, all bool) {
	w.t.Helper()
	must(w.t, filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if _, err := os.Stat(dst); err == nil || (!all && w.rng.IntN(2) == 0) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	}))
}

func (w *world) round(all bool) {
	if w.hub != nil {
		w.hub(all)
		return
	}
	for _, i := range w.rng.Perm(len(w.devs)) {
		w.sync(i, all)
	}
}

func setField(t *testing.T, s *app.Service, id string, set func(c *model.Customer)) {
	t.Helper()
	c, err := s.Customers.Get(id)
	must(t, err)
	set(c)
	_, err = s.Customers.Update(c)
	must(t, err)
}

// TestSyncThreeDevices: three data folders make concurrent, conflicting
// edits and sync in random orders; they end with identical stores and list
// the same conflicts, among them every one the edits made.
func TestSyncThreeDevices(t *testing.T) {
	for _, mode := range []string{"shared", "mirror"} {
		for seed := uint64(1); seed <= 4; seed++ {
			t.Run(fmt.Sprintf("%s/seed%d", mode, seed), func(t *testing.T) {
				w := &world{t: t, cloud: t.TempDir(), mirror: mode == "mirror", rng: rand.New(rand.NewPCG(seed, 9))}
				for range 3 {
					w.devs = append(w.devs, open(t))
					w.views = append(w.views, t.TempDir())
				}
				syncScenario(t, w)
			})
		}
	}
}

func syncScenario(t *testing.T, w *world) {
	mirror := w.mirror
	a, b, c := w.devs[0], w.devs[1], w.devs[2]

	// A starts the shared customer base; everyone gets it.
	x := &model.Customer{Name: "杭州宝丽眼镜有限公司", Phone: "13800138000", City: "杭州", Province: "浙江", Tier: "A"}
	_, err := a.Customers.Add(x)
	must(t, err)
	y := &model.Customer{Name: "温州明月光学", Phone: "13700137000", City: "温州", Province: "浙江"}
	_, err = a.Customers.Add(y)
	must(t, err)
	must(t, a.Customers.AddInteraction(&model.Interaction{CustomerID: y.ID, Kind: "visit", Summary: "首次拜访"}))
	sale := &model.Sale{Date: "2026-03-01", CustomerID: x.ID, Product: "镜片", Quantity: 10, Amount: 1234500}
	must(t, a.Sales.Add(sale))
	cp := &model.Complaint{CustomerID: x.ID, Category: "quality", Severity: "high", Channel: "phone", Text: "镜片划痕"}
	must(t, a.Complaints.Add(cp, "王经理"))
	w.round(true)
	w.round(true)
	base := fullExport(t, a)
	for i, d := range w.devs {
		if got := fullExport(t, d); got != base {
			t.Fatalf("device %d after the first sync:\n%s\nwant\n%s", i, got, base)
		}
	}

	// Concurrent edits: nobody syncs in between. Who edits first (and so
	// who loses on the same field) changes with the seed.
	var orphan *model.Sale
	edits := []func(){
		func() {
			setField(t, a, x.ID, func(c *model.Customer) { c.Phone = "13911112222" })
			_, err := a.Customers.Delete(y.ID)
			must(t, err)
			_, err = a.Customers.Add(&model.Customer{Name: "A 新客户", City: "宁波"})
			must(t, err)
		},
		func() {
			setField(t, b, x.ID, func(c *model.Customer) { c.Phone = "13622223333"; c.City = "上海" })
			setField(t, b, y.ID, func(c *model.Customer) { c.Notes = "B 不知道已删除" })
			orphan = &model.Sale{Date: "2026-03-05", CustomerID: y.ID, Product: "镜架", Quantity: 3, Amount: 99900}
			must(t, b.Sales.Add(orphan))
			_, err := b.Customers.Add(&model.Customer{Name: "B 新客户", City: "苏州"})
			must(t, err)
			bs, err := b.Sales.Get(sale.ID)
			must(t, err)
			bs.Amount = 2000000
			must(t, b.Sales.Update(bs))
		},
		func() {
			setField(t, c, x.ID, func(c *model.Customer) { c.City = "北京" })
			_, err := c.Customers.Add(&model.Customer{Name: "C 新客户", City: "南京"})
			must(t, err)
			_, err = c.Complaints.Update(cp.ID, complaints.Change{Status: "acknowledged", By: "李四"})
			must(t, err)
			must(t, c.Customers.AddInteraction(&model.Interaction{CustomerID: x.ID, Kind: "call", Summary: "回访"}))
		},
	}
	for _, i := range w.rng.Perm(3) {
		edits[i]()
	}

	// Random rounds, some with more edits, then rounds that deliver everything.
	for r := range 4 {
		if r == 1 {
			i := w.rng.IntN(3)
			setField(t, w.devs[i], x.ID, func(c *model.Customer) { c.Owner = fmt.Sprintf("员工%d", i) })
		}
		w.round(false)
	}
	w.round(true)
	w.round(true)

	want := fullExport(t, a)
	wantConf := conflictSet(t, a)
	for i, d := range w.devs[1:] {
		if got := fullExport(t, d); got != want {
			t.Fatalf("device %d differs from device 0:\n%s\nwant\n%s", i+1, got, want)
		}
		if ps, err := d.Check(); err != nil || len(ps) > 0 {
			t.Errorf("device %d check: %v %v", i+1, ps, err)
		}
		if got := conflictSet(t, d); !slices.Equal(got, wantConf) {
			t.Errorf("device %d conflicts:\n%s\nwant\n%s", i+1, strings.Join(got, "\n"), strings.Join(wantConf, "\n"))
		}
	}
	// Every conflict the edits made is listed: X's phone (A against B),
	// X's city (B against C), Y's notes (B's edit against A's deletion) and
	// B's sale of the deleted Y (_parent).
	got, err := a.Sync.SyncConflicts()
	must(t, err)
	for _, wc := range []struct{ id, field string }{{x.ID, "phone"}, {x.ID, "city"}, {y.ID, "notes"}, {orphan.ID, "_parent"}} {
		if !slices.ContainsFunc(got, func(c *ksync.Conflict) bool { return c.ID == wc.id && c.Field == wc.field }) {
			t.Errorf("no conflict on %s %s in %s", wc.id, wc.field, strings.Join(wantConf, "\n"))
		}
	}
	gx, err := a.Customers.Get(x.ID)
	must(t, err)
	if gx.Phone != "13911112222" && gx.Phone != "13622223333" || gx.City != "上海" && gx.City != "北京" {
		t.Errorf("x = %s %s", gx.Phone, gx.City)
	}
	if _, err := a.Customers.Get(y.ID); err == nil {
		t.Error("the deleted customer came back")
	}
	if n, _ := a.Customers.Count(); n != 4 {
		t.Errorf("%d customers, want 4 (X and three new)", n)
	}

	// Importing everything again changes nothing.
	for i, d := range w.devs {
		if w.again != nil {
			w.again(i)
			if got := fullExport(t, d); got != want {
				t.Errorf("device %d changed on syncing again", i)
			}
			continue
		}
		dir := w.cloud
		if mirror {
			dir = w.views[i]
		}
		res, err := d.Sync.SyncImport(dir)
		must(t, err)
		if res.Applied != 0 || len(res.Skipped) != 0 {
			t.Errorf("device %d re-import applied %d files, skipped %v", i, res.Applied, res.Skipped)
		}
		if got := fullExport(t, d); got != want {
			t.Errorf("device %d changed on re-import", i)
		}
	}
}
