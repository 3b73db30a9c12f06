package data

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// TestHLC: the clock never runs backwards, not when the wall clock does nor
// when a change from a device whose clock is ahead arrives.
func TestHLC(t *testing.T) {
	wall := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	c := &hlcClock{now: func() time.Time { return wall }}
	a := c.tick()
	b := c.tick()
	wall = wall.Add(-time.Hour) // the laptop's clock is set back
	d := c.tick()
	if !(a < b && b < d) || HLCTime(d) != time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC) {
		t.Fatalf("%x %x %x", a, b, d)
	}
	ahead := uint64(wall.Add(3*time.Hour).UnixMilli()) << 16
	c.observe(ahead)
	if e := c.tick(); e <= ahead {
		t.Fatalf("after observing %x: %x", ahead, e)
	}
	for _, s := range []string{stamp(a, "0123456789abcdef"), ""} {
		if h, _, err := parseStamp(s); err != nil || (s != "" && h != a) {
			t.Errorf("parse %q: %x %v", s, h, err)
		}
	}
	for _, bad := range []string{"x", "0001.0123456789abcdef", stamp(a, "XYZ")} {
		if _, _, err := parseStamp(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func logEntries(t *testing.T, s *Store) []model.SyncChange {
	t.Helper()
	var list []LoggedChange
	for from := uint64(0); ; {
		page, err := s.ChangesSince(from, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		list = append(list, page...)
		from = page[len(page)-1].HLC
	}
	var out []model.SyncChange
	for _, l := range list {
		var c model.SyncChange
		if err := json.Unmarshal(l.JSON, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func fieldNames(c model.SyncChange) []string {
	var f []string
	for k := range c.Fields {
		f = append(f, k)
	}
	slices.Sort(f)
	return f
}

// TestChangeLog: a write logs the fields it changed with the stamp they
// replaced, in its own transaction; a failed write logs nothing.
func TestChangeLog(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "杭州宝丽眼镜有限公司", Phone: "13800138000", City: "杭州"}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	c.Phone = "13911112222"
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComplaint(&model.Complaint{CustomerID: "nobody", Text: "x"}); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("complaint of nobody: %v", err)
	}
	if err := s.PutSale(&model.Sale{Date: "2026-02-30", CustomerID: c.ID, Amount: 1}); err == nil {
		t.Fatal("a bad date was stored")
	}
	log := logEntries(t, s)
	if len(log) != 2 {
		t.Fatalf("%d log entries: %+v", len(log), log)
	}
	if got := fieldNames(log[0]); !slices.Contains(got, fieldExists) || !slices.Contains(got, "name") {
		t.Errorf("creation logs %v", got)
	}
	if got := fieldNames(log[1]); !slices.Equal(got, []string{"phone", "updated"}) {
		t.Errorf("edit logs %v", got)
	}
	if log[1].Fields["phone"].Base != log[0].Stamp || log[1].Stamp <= log[0].Stamp {
		t.Errorf("edit base %q, creation %q", log[1].Fields["phone"].Base, log[0].Stamp)
	}
	if _, err := s.DeleteCustomer(c.ID); err != nil {
		t.Fatal(err)
	}
	log = logEntries(t, s)
	if del := log[len(log)-1]; string(del.Fields[fieldExists].Value) != "false" || string(del.Fields["phone"].Value) != "null" {
		t.Errorf("deletion logs %+v", del)
	}
}

// TestApplyChanges: a file applies once; a change of this device's own,
// or of an unknown entity, fails the whole file.
func TestApplyChanges(t *testing.T) {
	a, b := openTest(t), openTest(t)
	c := &model.Customer{Name: "宁波明视眼镜", City: "宁波"}
	if err := a.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	changes := logEntries(t, a)
	devA, _ := a.DeviceID()
	for i, want := range []bool{false, true} {
		res, err := b.ApplyChanges(devA, "f1.jsonl", changes)
		if err != nil || res.Already != want {
			t.Fatalf("apply %d: %+v %v", i, res, err)
		}
	}
	if got, err := b.Customer(c.ID); err != nil || got.City != "宁波" {
		t.Fatalf("b has %+v, %v", got, err)
	}
	if _, err := a.ApplyChanges(devA, "f1.jsonl", changes); err == nil {
		t.Error("a device applied its own changes")
	}
	bad := append(slices.Clone(changes), model.SyncChange{Entity: "bogus", ID: "1", Stamp: stamp(1, devA)})
	if _, err := openTest(t).ApplyChanges(devA, "f2.jsonl", bad); err == nil {
		t.Error("an unknown entity was applied")
	}
}
