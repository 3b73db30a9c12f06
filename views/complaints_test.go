package views

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestComplaints_QuickFormSaves fills the quick form as a user would — type
// part of a name, pick the customer, type the complaint, tap Save — and
// finds the complaint in the list.
func TestComplaints_QuickFormSaves(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	f := u.quickComplaint(nil)
	test.Type(f.customer, "杨氏")
	if len(f.options) != 1 || f.options[0] != "杨氏眼镜店" {
		t.Fatalf("picker offers %v", f.options)
	}
	f.customer.SetText(f.options[0]) // what choosing the option does
	f.severity.set("high")
	f.category.set("delivery")
	test.Type(f.text, "到货少了两箱加美日抛")
	test.Type(f.assignee, "王芳")
	test.Tap(f.save)
	if f.saved == nil {
		t.Fatalf("not saved: %q", f.status.Text)
	}
	rows, _, err := svc.Complaints.List(complaints.Filter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("stored: %d %v", len(rows), err)
	}
	r := rows[0]
	if r.CustomerName != "杨氏眼镜店" || r.Category != "delivery" || r.Severity != "high" || r.Channel != "phone" ||
		r.Text != "到货少了两箱加美日抛" || r.Assignee != "王芳" || r.Status != "new" {
		t.Errorf("stored %+v", r.Complaint)
	}

	onTest(func() { u.showScreen("Complaints") })
	s := u.complaints
	if len(s.rows) != 1 || s.rows[0].ID != r.ID {
		t.Fatalf("list has %d rows", len(s.rows))
	}
	if got := s.count.Text; got != "1 complaint" {
		t.Errorf("count %q", got)
	}
}

func TestComplaints_FormRefusesWithoutCustomerOrText(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	f := u.quickComplaint(nil)
	test.Type(f.text, "态度不好")
	test.Tap(f.save)
	if f.saved != nil || f.custMsg.Text != "Choose the customer who complained." {
		t.Errorf("no customer: %q", f.custMsg.Text)
	}
	test.Type(f.customer, "没有这家")
	test.Tap(f.save)
	if f.saved != nil || f.custMsg.Text == "" {
		t.Errorf("unknown customer: %q", f.custMsg.Text)
	}
	f.customer.SetText("天明眼镜公司")
	f.text.SetText("")
	test.Tap(f.save)
	if f.saved != nil || f.textMsg.Text != "A complaint needs a description: say what happened." {
		t.Errorf("no text: %q", f.textMsg.Text)
	}
	if n, _, _ := svc.Complaints.List(complaints.Filter{}); len(n) != 0 {
		t.Error("a refused complaint was stored")
	}
}

// TestComplaints_PrefilledFromCustomer: opened on a customer's page, the form
// has that customer (and its only contact) filled in.
func TestComplaints_PrefilledFromCustomer(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	onTest(func() { u.showScreen("Customers") }) // a new user starts on the home dashboard
	test.Type(u.customers.search, "宝岛")
	u.customers.open(u.customers.rows[0].ID)
	f := u.quickComplaint(nil)
	if f.customer.Text != "宝岛眼镜公司" || f.contact.Text != "李娜" {
		t.Errorf("prefilled %q %q", f.customer.Text, f.contact.Text)
	}
	test.Type(f.text, "镜片有划痕")
	test.Tap(f.save)
	if f.saved == nil {
		t.Fatalf("not saved: %q", f.status.Text)
	}
}

// TestComplaints_WorkflowOverdueAndBadge: an old unacknowledged complaint is
// overdue, red in the list and counted in the navigation; acknowledging it
// from the detail pane clears both.
func TestComplaints_WorkflowOverdueAndBadge(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	now := time.Date(2025, 4, 20, 9, 0, 0, 0, time.UTC)
	svc.SetClock(func() time.Time { return now })
	c, _ := svc.Customers.Resolve("天明眼镜公司")
	old := &model.Complaint{CustomerID: c.ID, Category: "billing", Severity: "high", Channel: "phone", Text: "发票错了"}
	if err := svc.Complaints.Add(old, "王芳"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(6 * time.Hour) // past the 4 h target of a high complaint
	fresh := &model.Complaint{CustomerID: c.ID, Category: "quality", Severity: "low", Channel: "email", Text: "包装破损"}
	if err := svc.Complaints.Add(fresh, "王芳"); err != nil {
		t.Fatal(err)
	}
	onTest(func() { u.showScreen("Complaints") })
	s := u.complaints
	if u.overdue != 1 {
		t.Fatalf("badge count %d", u.overdue)
	}
	s.overdue.SetChecked(true)
	if len(s.rows) != 1 || s.rows[0].ID != old.ID {
		t.Fatalf("overdue only: %d rows", len(s.rows))
	}
	if got := complaintColumns[0].value(s.rows[0]); got != "OVERDUE" {
		t.Errorf("overdue column %q", got)
	}
	s.overdue.SetChecked(false)
	if len(s.rows) != 2 || s.rows[0].ID != fresh.ID {
		t.Fatalf("newest first: %d rows", len(s.rows))
	}
	s.sortBy("due")
	if s.rows[0].ID != old.ID {
		t.Errorf("sorted by due: first is not the overdue one")
	}

	s.open(old.ID)
	d := s.detail
	if d == nil {
		t.Fatal("no detail")
	}
	tapAction(t, d, "Acknowledge")
	if u.overdue != 0 {
		t.Errorf("badge after acknowledging: %d", u.overdue)
	}
	r, _ := svc.Complaints.Get(old.ID)
	if r.Status != "acknowledged" || r.Response != 6*time.Hour {
		t.Errorf("acknowledged: %s %v", r.Status, r.Response)
	}
	tapAction(t, s.detail, "Start")
	if r, _ = svc.Complaints.Get(old.ID); r.Status != "in_progress" {
		t.Errorf("start: %s", r.Status)
	}
	if len(r.History) != 3 {
		t.Errorf("history %d entries", len(r.History))
	}
}

func tapAction(t *testing.T, d *complaintDetail, label string) {
	t.Helper()
	for _, o := range d.actions.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no %q action", label)
}
