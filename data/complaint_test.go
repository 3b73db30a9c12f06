package data

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

func TestComplaintStore(t *testing.T) {
	s := openTest(t)
	cu := &model.Customer{Name: "杨氏眼镜店"}
	if err := s.PutCustomer(cu); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	c := &model.Complaint{CustomerID: cu.ID, Category: "quality", Severity: "high", Channel: "phone", Text: "镜片有划痕",
		Status: "new", OpenedAt: now, History: []model.Event{{At: now, Kind: "opened", To: "new"}}}
	if err := s.AddComplaint(c); err != nil {
		t.Fatal(err)
	}
	if err := s.AddComplaint(&model.Complaint{CustomerID: "nobody"}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("complaint of an unknown customer: %v", err)
	}
	ids, err := s.ComplaintsOfCustomer(cu.ID)
	if err != nil || len(ids) != 1 || ids[0] != c.ID {
		t.Fatalf("by customer: %v %v", ids, err)
	}
	// A change that fails leaves the record as it was.
	if _, err := s.ChangeComplaint(c.ID, func(c *model.Complaint) error {
		c.Status = "closed"
		return errors.New("refused")
	}); err == nil {
		t.Fatal("refused change succeeded")
	}
	got, _ := s.Complaint(c.ID)
	if got.Status != "new" {
		t.Errorf("refused change stored: %s", got.Status)
	}
	got, err = s.ChangeComplaint(c.ID, func(c *model.Complaint) error {
		c.Status = "acknowledged"
		c.AcknowledgedAt = now.Add(time.Hour)
		c.History = append(c.History, model.Event{At: c.AcknowledgedAt, Kind: "status", From: "new", To: "acknowledged"})
		return nil
	})
	if err != nil || got.Status != "acknowledged" || len(got.History) != 2 {
		t.Fatalf("change: %+v %v", got, err)
	}
	if ps, err := s.Check(); err != nil || len(ps) != 0 {
		t.Errorf("check: %v %v", ps, err)
	}
	// Check notices a complaint whose index entry is missing, and repair restores it.
	if err := s.db.DropPrefix([]byte{pIdxComplaintCustomer}); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.Check(); len(ps) != 1 || !strings.Contains(ps[0], "record without index entry") {
		t.Errorf("check after dropping the index: %v", ps)
	}
	if _, _, err := s.RepairIndexes(); err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.Check(); len(ps) != 0 {
		t.Errorf("after repair: %v", ps)
	}
	if _, err := s.Complaint("nope"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("missing complaint: %v", err)
	}
}
