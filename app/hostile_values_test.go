package app

import (
	"strings"
	"testing"
	"time"
)

// TestHostileValuesRoundTrip stores through the use cases what staff paste —
// a 10 MB note, emoji, right-to-left text, NUL bytes, a 10,000-character
// name — on a customer, an interaction, a sale and a complaint, reopens the
// folder, and reads each back exactly; search still finds them.
func TestHostileValuesRoundTrip(t *testing.T) {
	dir := t.TempDir() + "/客户 资料/数据 2025"
	svc, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("长", 10_000)
	note := strings.Repeat("备注😀שלום\x00\n", 10<<20/24)
	cs := []*Customer{
		{Name: long, Notes: note},
		{Name: "😀👨‍👩‍👧 שלום مرحبا 眼镜\u202e反转", City: "‏עיר"},
		{Name: "眼镜\x00公司\t第二", Owner: "王\x00伟"},
	}
	for _, c := range cs {
		if _, err := svc.AddCustomer(c); err != nil {
			t.Fatalf("add %.20q: %v", c.Name, err)
		}
	}
	in := &Interaction{CustomerID: cs[1].ID, Kind: "wechat", Date: time.Now(), Summary: "客户说😀\x00שלום" + long}
	if err := svc.AddInteraction(in); err != nil {
		t.Fatal(err)
	}
	sale := &Sale{CustomerID: cs[2].ID, Date: "2025-03-01", Product: "镜片😀\u202e", Amount: 12345, Currency: "CNY", Note: "\x00注"}
	if err := svc.AddSale(sale); err != nil {
		t.Fatal(err)
	}
	k := &Complaint{CustomerID: cs[0].ID, Category: "quality", Severity: "high", Channel: "wechat", Text: "镜框断了😀 שבור\x00" + note[:1<<20]}
	if err := svc.AddComplaint(k, "王伟"); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	if svc, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, c := range cs {
		got, err := svc.Customer(c.ID)
		if err != nil || got.Name != c.Name || got.Notes != c.Notes || got.City != c.City || got.Owner != c.Owner {
			t.Errorf("customer %.20q read back differently (%v)", c.Name, err)
		}
	}
	ins, err := svc.Interactions(cs[1].ID)
	if err != nil || len(ins) != 1 || ins[0].Summary != in.Summary {
		t.Errorf("interaction: %v", err)
	}
	gs, err := svc.GetSale(sale.ID)
	if err != nil || gs.Product != sale.Product || gs.Note != sale.Note {
		t.Errorf("sale: %+v %v", gs, err)
	}
	gk, err := svc.Complaint(k.ID)
	if err != nil || gk.Text != strings.TrimSpace(k.Text) {
		t.Errorf("complaint: %v", err)
	}
	for _, q := range []string{"שלום", "😀", "长长长"} {
		if rows, _, err := svc.Customers(Query{Search: q}); err != nil || len(rows) == 0 {
			t.Errorf("search %q: %d rows, %v", q, len(rows), err)
		}
	}
	if p, err := svc.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
}
