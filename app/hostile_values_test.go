package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

// TestHostileValuesRoundTrip stores through the use cases what staff paste —
// a 10 MB note, emoji, right-to-left text, a 300-character name — on a
// customer, an interaction, a sale and a complaint, reopens the folder, and
// reads each back exactly; search still finds them. NUL bytes and longer
// names are refused (data.CheckRecord), see TestHostileValuesRefused.
func TestHostileValuesRoundTrip(t *testing.T) {
	dir := t.TempDir() + "/客户 资料/数据 2025"
	svc, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("长", 300)
	note := strings.Repeat("备注😀שלום\t\n", 10<<20/24)
	cs := []*model.Customer{
		{Name: long, Notes: note},
		{Name: "😀👨‍👩‍👧 שלום مرحبا 眼镜\u202e反转", City: "‏עיר"},
		{Name: "眼镜公司\t第二", Owner: "王伟"},
	}
	for _, c := range cs {
		if _, err := svc.Customers.Add(c); err != nil {
			t.Fatalf("add %.20q: %v", c.Name, err)
		}
	}
	in := &model.Interaction{CustomerID: cs[1].ID, Kind: "wechat", Date: time.Now(), Summary: "客户说😀שלום" + long}
	if err := svc.Customers.AddInteraction(in); err != nil {
		t.Fatal(err)
	}
	sale := &model.Sale{CustomerID: cs[2].ID, Date: "2025-03-01", Product: "镜片😀\u202e", Amount: 12345, Currency: "CNY", Note: "注\t"}
	if err := svc.Sales.Add(sale); err != nil {
		t.Fatal(err)
	}
	k := &model.Complaint{CustomerID: cs[0].ID, Category: "quality", Severity: "high", Channel: "wechat", Text: "镜框断了😀 שבור" + note[:1<<20]}
	if err := svc.Complaints.Add(k, "王伟"); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	if svc, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, c := range cs {
		got, err := svc.Customers.Get(c.ID)
		if err != nil || got.Name != c.Name || got.Notes != c.Notes || got.City != c.City || got.Owner != c.Owner {
			t.Errorf("customer %.20q read back differently (%v)", c.Name, err)
		}
	}
	ins, err := svc.Customers.Interactions(cs[1].ID)
	if err != nil || len(ins) != 1 || ins[0].Summary != in.Summary {
		t.Errorf("interaction: %v", err)
	}
	gs, err := svc.Sales.Get(sale.ID)
	if err != nil || gs.Product != sale.Product || gs.Note != sale.Note {
		t.Errorf("sale: %+v %v", gs, err)
	}
	gk, err := svc.Complaints.Get(k.ID)
	if err != nil || gk.Text != strings.TrimSpace(k.Text) {
		t.Errorf("complaint: %v", err)
	}
	for _, q := range []string{"שלום", "😀", "长长长"} {
		if rows, _, err := svc.Customers.List(customers.Query{Search: q}); err != nil || len(rows) == 0 {
			t.Errorf("search %q: %d rows, %v", q, len(rows), err)
		}
	}
	if p, err := svc.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
}

// TestHostileValuesRefused: what no record may hold is refused through every
// use case with the field named and the value cut to 80 characters, never
// with the store's raw error; nothing is written.
func TestHostileValuesRefused(t *testing.T) {
	svc, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	c := &model.Customer{Name: "天明眼镜"}
	if _, err := svc.Customers.Add(c); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("名", 50<<20/3)
	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"50 MB name", func() error { _, err := svc.Customers.Add(&model.Customer{Name: huge}); return err }},
		{"301-character name", func() error { _, err := svc.Customers.Add(&model.Customer{Name: huge[:301*3]}); return err }},
		{"NUL in name", func() error { _, err := svc.Customers.Add(&model.Customer{Name: "眼镜\x00公司"}); return err }},
		{"NUL in owner", func() error {
			_, err := svc.Customers.Add(&model.Customer{Name: "眼镜", Owner: "王\x00伟"})
			return err
		}},
		{"sale 9999-12-31", func() error {
			return svc.Sales.Add(&model.Sale{CustomerID: c.ID, Date: "9999-12-31", Amount: 1, Currency: "CNY"})
		}},
		{"sale amount 46116860184273878", func() error {
			return svc.Sales.Add(&model.Sale{CustomerID: c.ID, Date: "2025-01-01", Amount: 46116860184273878, Currency: "CNY"})
		}},
		{"sale product 50 MB", func() error {
			return svc.Sales.Add(&model.Sale{CustomerID: c.ID, Date: "2025-01-01", Amount: 1, Product: huge})
		}},
		{"interaction NUL", func() error {
			return svc.Customers.AddInteraction(&model.Interaction{CustomerID: c.ID, Kind: "call", Date: time.Now(), Summary: "a\x00b"})
		}},
		{"complaint 50 MB contact", func() error {
			return svc.Complaints.Add(&model.Complaint{CustomerID: c.ID, Category: "quality", Severity: "high", Text: "x", Contact: huge}, "王伟")
		}},
	} {
		err := tc.do()
		if !errors.Is(err, model.ErrInvalidRecord) && !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: %.200v, want an invalid-record error", tc.name, err)
			continue
		}
		if msg := err.Error(); len([]rune(msg)) > 400 || strings.ContainsRune(msg, 0) {
			t.Errorf("%s: message of %d characters: %.200q", tc.name, len([]rune(msg)), msg)
		}
	}
	if n, err := svc.Customers.Count(); err != nil || n != 1 {
		t.Errorf("%d customers (%v), want 1", n, err)
	}
	if s, err := svc.Sales.OfCustomer(c.ID, "", ""); err != nil || len(s) != 0 {
		t.Errorf("%d sales (%v), want 0", len(s), err)
	}
}
