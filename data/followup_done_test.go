package data

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

func TestFollowUpDone(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "宝岛眼镜公司"}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	var ins []*model.Interaction
	for _, d := range []string{"2026-01-05", "2026-02-01", "2026-03-01", ""} {
		in := &model.Interaction{CustomerID: c.ID, Kind: "call", FollowUp: d}
		if err := s.PutInteraction(in); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	count := func(want int) {
		t.Helper()
		if n, err := s.CountFollowUpsUntil("2026-02-15"); err != nil || n != want {
			t.Fatalf("count until 2026-02-15: %d %v, want %d", n, err, want)
		}
		if p, err := s.Check(); err != nil || len(p) != 0 {
			t.Fatalf("check: %v %v", p, err)
		}
	}
	count(2)

	got, err := s.SetFollowUpDone(c.ID, ins[0].ID, "2026-01-06")
	if err != nil || got.FollowUpDone != "2026-01-06" || got.FollowUp != "2026-01-05" {
		t.Fatalf("done: %+v %v", got, err)
	}
	count(1)
	if f, _ := s.FollowUpsUntil("2026-12-31"); len(f) != 2 || f[0].InteractionID != ins[1].ID || f[1].InteractionID != ins[2].ID {
		t.Errorf("open follow-ups: %+v", f)
	}
	if list, _ := s.Interactions(c.ID); len(list) != 4 {
		t.Errorf("history: %d entries", len(list))
	}
	// Ticking done twice changes nothing.
	if _, err := s.SetFollowUpDone(c.ID, ins[0].ID, "2026-01-06"); err != nil {
		t.Fatal(err)
	}
	count(1)
	// Undo: open again, counted again.
	if got, err = s.SetFollowUpDone(c.ID, ins[0].ID, ""); err != nil || got.FollowUpDone != "" {
		t.Fatalf("undo: %+v %v", got, err)
	}
	count(2)
	// Editing a done interaction keeps it out of the index; deleting it too.
	if _, err := s.SetFollowUpDone(c.ID, ins[1].ID, "2026-02-02"); err != nil {
		t.Fatal(err)
	}
	count(1)
	in1, _ := s.InteractionByID(ins[1].ID)
	in1.Summary = "回访完毕"
	if err := s.PutInteraction(in1); err != nil {
		t.Fatal(err)
	}
	count(1)
	if err := s.DeleteInteraction(c.ID, ins[1].ID); err != nil {
		t.Fatal(err)
	}
	count(1)

	for _, tc := range []struct {
		cust, id, day string
		want          error
	}{
		{c.ID, ins[3].ID, "2026-01-06", model.ErrNoFollowUp},
		{c.ID, "nosuchid", "2026-01-06", model.ErrNotFound},
		{"nosuchcustomer", ins[0].ID, "2026-01-06", model.ErrNotFound},
	} {
		if _, err := s.SetFollowUpDone(tc.cust, tc.id, tc.day); !errors.Is(err, tc.want) {
			t.Errorf("%s/%s: %v, want %v", tc.cust, tc.id, err, tc.want)
		}
	}
	if _, err := s.SetFollowUpDone(c.ID, ins[0].ID, "6 Jan"); err == nil {
		t.Error("a bad day was accepted")
	}
	count(1)
	if _, err := s.InteractionByID("nosuchid"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("by id: %v", err)
	}
}

// A record written before the done mark existed reads as open.
func TestFollowUpOldRecord(t *testing.T) {
	var in model.Interaction
	old := `{"id":"01J","customer_id":"01C","kind":"visit","date":"2025-06-01T00:00:00Z","follow_up":"2025-06-08"}`
	if err := json.Unmarshal([]byte(old), &in); err != nil || !in.FollowUpOpen() {
		t.Errorf("old record: %+v %v", in, err)
	}
}

// check finds a done follow-up left in the index and an open one missing
// from it, and --repair makes the count exact again.
func TestFollowUpIndexRepair(t *testing.T) {
	s := openTest(t)
	c := &model.Customer{Name: "杨氏眼镜店"}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	a := &model.Interaction{CustomerID: c.ID, Kind: "call", FollowUp: "2026-01-05"}
	b := &model.Interaction{CustomerID: c.ID, Kind: "call", FollowUp: "2026-01-07"}
	for _, in := range []*model.Interaction{a, b} {
		if err := s.PutInteraction(in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetFollowUpDone(c.ID, a.ID, "2026-01-05"); err != nil {
		t.Fatal(err)
	}
	// Damage: the done one back in the index, the open one out of it.
	s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(followUpKey(a.FollowUp, c.ID, a.ID), nil); err != nil {
			return err
		}
		return txn.Delete(followUpKey(b.FollowUp, c.ID, b.ID))
	})
	if n, _ := s.CountFollowUpsUntil("2026-12-31"); n != 1 {
		t.Fatalf("damaged count %d", n)
	}
	if p, _ := s.Check(); len(p) != 2 {
		t.Fatalf("check found %d problems, want 2: %v", len(p), p)
	}
	if _, _, err := s.RepairIndexes(); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Fatalf("after repair: %v", p)
	}
	f, _ := s.FollowUpsUntil("2026-12-31")
	if len(f) != 1 || f[0].InteractionID != b.ID {
		t.Errorf("after repair: %+v", f)
	}
}
