package views

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
)

// TestSyncPanelConflictKinds: a lost company name and a lost sale amount
// are listed by what people know them as (the setting, the sale's
// customer), with both values, and either can be kept: "Keep" leaves the
// winner, "Use lost value" writes the loser back.
func TestSyncPanelConflictKinds(t *testing.T) {
	u, svc := newTestUI(t, &model.Customer{Name: "宝岛眼镜公司", City: "上海市"})
	rows, _, _ := svc.Customers.List(customers.Query{})
	sale := &model.Sale{Date: "2026-03-01", CustomerID: rows[0].ID, Amount: 10000}
	if err := svc.Sales.Add(sale); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	other, err := app.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	mustSync := func(s *app.Service) {
		t.Helper()
		if _, err := s.Sync.Sync(dir); err != nil {
			t.Fatal(err)
		}
	}
	mustSync(svc)
	mustSync(other)
	// This computer's changes come first and lose.
	if err := svc.SetSetting("company_name", "甲贸易"); err != nil {
		t.Fatal(err)
	}
	s1, _ := svc.Sales.Get(sale.ID)
	s1.Amount = 20000
	if err := svc.Sales.Update(s1); err != nil {
		t.Fatal(err)
	}
	if err := other.SetSetting("company_name", "乙贸易"); err != nil {
		t.Fatal(err)
	}
	s2, _ := other.Sales.Get(sale.ID)
	s2.Amount = 30000
	if err := other.Sales.Update(s2); err != nil {
		t.Fatal(err)
	}
	mustSync(other)

	if err := svc.Sync.SetSyncFolder(dir); err != nil {
		t.Fatal(err)
	}
	p := newSyncPanel(u)
	test.Tap(p.now)
	p.wg.Wait()
	if len(p.conflicts.Objects) != 2 {
		t.Fatalf("%d conflict rows: %q", len(p.conflicts.Objects), p.title.Text)
	}
	var texts []string
	for _, o := range p.conflicts.Objects {
		texts = append(texts, rowText(o))
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Company name\nKept “乙贸易”, lost “甲贸易”", "宝岛眼镜公司 · sale · Amount\nKept “300.00”, lost “200.00”"} {
		if !strings.Contains(all, want) {
			t.Errorf("rows lack %q:\n%s", want, all)
		}
	}
	// Keep the company name that won; take the lost amount back.
	for _, o := range p.conflicts.Objects {
		text := rowText(o)
		b := rowButton(o, map[bool]string{true: "Keep", false: "Use lost value"}[strings.Contains(text, "Company")])
		if b == nil {
			t.Fatalf("row %q lacks its button", text)
		}
		test.Tap(b)
	}
	if n := len(p.conflicts.Objects); n != 0 {
		t.Fatalf("%d rows left", n)
	}
	if v, _ := svc.Setting("company_name"); v != "乙贸易" {
		t.Errorf("company %q", v)
	}
	if got, _ := svc.Sales.Get(sale.ID); got.Amount != 20000 {
		t.Errorf("amount %d after Use lost value", got.Amount)
	}
	test.Tap(p.now)
	p.wg.Wait()
	mustSync(other)
	if got, _ := other.Sales.Get(sale.ID); got.Amount != 20000 {
		t.Errorf("the other computer has amount %d", got.Amount)
	}
}

// rowText and rowButton read a conflict row: a label with buttons at its end.
func rowText(o fyne.CanvasObject) string {
	var lines []string
	for _, c := range o.(*fyne.Container).Objects {
		if box, ok := c.(*fyne.Container); ok {
			for _, l := range box.Objects {
				if l, ok := l.(*widget.Label); ok {
					lines = append(lines, l.Text)
				}
			}
		}
	}
	return strings.Join(lines, "\n")
}

func rowButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range o.(*fyne.Container).Objects {
		if b := findButton(c, text); b != nil {
			return b
		}
	}
	return nil
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch o := o.(type) {
	case *widget.Button:
		if o.Text == text {
			return o
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}
