package data

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// streamFixture opens a store with one customer, begins a batch and streams
// n new customers plus a merge into the existing one (and one record too big
// to stream), returning what StreamNewCustomers left for WriteChunk.
func streamFixture(t *testing.T, dir string, n int) (s *Store, b *model.Batch, before string, rest []model.Change) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	old := &model.Customer{Name: "宝岛眼镜公司", Phone: "13800000001"}
	if err := s.PutCustomer(old); err != nil {
		t.Fatal(err)
	}
	before = storeDump(t, s)
	b = &model.Batch{Kind: "customers", File: "x.csv"}
	if err := s.BeginBatch(b); err != nil {
		t.Fatal(err)
	}
	merged := *old
	merged.City = "上海"
	changes := []model.Change{{Before: old, After: &merged}}
	for i := range n {
		c := &model.Customer{Name: fmt.Sprintf("眼镜店%d", i), Phone: fmt.Sprintf("139%08d", i), Tier: model.Tiers[i%4],
			Contacts: []model.Contact{{Name: "李娜", Phone: fmt.Sprintf("137%08d", i)}}}
		if i == 7 {
			c.Notes = strings.Repeat("很长的备注", 400) // over the value threshold
		}
		changes = append(changes, model.Change{After: c})
	}
	rest, err = s.StreamNewCustomers(b.ID, changes)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 2 || rest[0].Before == nil || rest[1].After.Notes == "" {
		t.Fatalf("%d changes left to write, want the merge and the big record", len(rest))
	}
	return s, b, before, rest
}

// TestStreamNewCustomers: a streamed import reads, checks, logs and undoes
// like one written in chunks, and one killed before its commit (the store
// closed with the batch pending) is rolled back at open.
func TestStreamNewCustomers(t *testing.T) {
	const n = streamMin + 100
	t.Run("committed", func(t *testing.T) {
		s, b, before, rest := streamFixture(t, t.TempDir(), n)
		defer s.Close()
		if err := s.WriteChunk(b.ID, rest); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitBatch(b); err != nil {
			t.Fatal(err)
		}
		if got, err := s.CountCustomers(); err != nil || got != n+1 {
			t.Fatalf("%d customers (%v), want %d", got, err, n+1)
		}
		names, err := s.IndexValues("name")
		if err != nil || len(names[model.Normalize("眼镜店42")]) != 1 {
			t.Fatalf("name index: %d entries, %v", len(names), err)
		}
		if p, err := s.Check(); err != nil || len(p) > 0 {
			t.Fatalf("check: %v %v", p, err)
		}
		log, err := s.ChangesSince(0, 1<<20)
		if err != nil || len(log) != n+2 { // the first customer, the merge and n new
			t.Fatalf("%d log entries (%v), want %d", len(log), err, n+2)
		}
		// A write after the stream gets a later version and stamp.
		c, err := s.Customer(rest[1].After.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.City = "杭州"
		if err := s.PutCustomer(c); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Customer(c.ID); got.City != "杭州" {
			t.Fatalf("edit after the stream lost: %+v", got)
		}
		if err := s.UndoBatch(b.ID); err != nil {
			t.Fatal(err)
		}
		if got := storeDump(t, s); got != before {
			t.Errorf("undo left the store changed")
		}
	})
	t.Run("killed", func(t *testing.T) {
		dir := t.TempDir()
		s, b, before, _ := streamFixture(t, dir, n)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if got, err := s.Batch(b.ID); err != nil || got.State != model.BatchRolledBack {
			t.Fatalf("batch %+v %v", got, err)
		}
		if got := storeDump(t, s); got != before {
			t.Errorf("roll back left the store changed")
		}
		if p, err := s.Check(); err != nil || len(p) > 0 {
			t.Fatalf("check: %v %v", p, err)
		}
	})
}
