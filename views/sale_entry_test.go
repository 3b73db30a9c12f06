package views

import (
	"testing"

	"github.com/kehu-crm/kehu/app/sales"
	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// customerSales opens a customer's page and returns the sale list of its
// 销售 tab.
func customerSales(t *testing.T, u *UI, c *model.Customer) *customerSaleList {
	t.Helper()
	f := newCustomerForm(u.customers, c)
	u.win.SetContent(f.content())
	l := newCustomerSaleList(u, c, nil)
	test.NewTempWindow(t, l.root).Resize(fyne.NewSize(600, 400))
	return l
}

func TestSaleEntry_AddOnCustomerPageThenDeleteAndUndo(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	c, err := svc.Customers.Resolve("天明眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	l := customerSales(t, u, c)
	if len(l.rows) != 0 {
		t.Fatalf("%d sales before", len(l.rows))
	}

	f := l.add()
	if f.customer.Text != "天明眼镜公司" || !f.customer.Disabled() {
		t.Errorf("customer %q, disabled %v", f.customer.Text, f.customer.Disabled())
	}
	if f.date.Text == "" || f.currency.Text != "CNY" {
		t.Errorf("defaults: date %q currency %q", f.date.Text, f.currency.Text)
	}
	// A bad amount keeps the form open with a message.
	f.date.SetText("")
	test.Type(f.date, "2024年3月5日")
	test.Type(f.product, "镜片")
	test.Type(f.quantity, "12")
	test.Type(f.amount, "12x")
	if f.amount.Validate() == nil {
		t.Fatal("12x accepted as an amount")
	}
	f.dlg.Submit()
	if n, _ := svc.Sales.Count(); n != 0 {
		t.Fatalf("saved with a bad amount: %d sales", n)
	}
	f.amount.SetText("")
	test.Type(f.amount, "1,200.50")
	f.dlg.Submit()

	sales, err := svc.Sales.OfCustomer(c.ID, "", "")
	if err != nil || len(sales) != 1 {
		t.Fatalf("stored: %d sales, %v", len(sales), err)
	}
	x := sales[0]
	if x.Date != "2024-03-05" || x.Amount != 120050 || x.Quantity != 12 || x.Product != "镜片" || x.Currency != "CNY" {
		t.Errorf("stored %+v", x)
	}
	if len(l.rows) != 1 || l.rows[0].ID != x.ID {
		t.Fatalf("list: %d rows", len(l.rows))
	}
	if got := renderedRow(l, 0); got != "2024-03-05|镜片|× 12|1,200.50 CNY" {
		t.Errorf("row %q", got)
	}

	// Edit: tap the row, change the amount.
	l.list.Select(0)
	e := findSaleForm(t, l, func() *saleForm { return l.edit(l.rows[0]) })
	e.amount.SetText("")
	test.Type(e.amount, "¥3万")
	e.dlg.Submit()
	if got, _ := svc.Sales.Get(x.ID); got == nil || got.Amount != 3000000 {
		t.Fatalf("edit not stored: %+v", got)
	}

	// Delete, then undo.
	if err := l.undo.remove(x.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.Sales.Count(); n != 0 || len(l.rows) != 0 || !l.undo.bar.Visible() {
		t.Fatalf("after delete: %d stored, %d rows, undo shown %v", n, len(l.rows), l.undo.bar.Visible())
	}
	if err := l.undo.undo(); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Sales.Get(x.ID); err != nil || got.Amount != 3000000 {
		t.Fatalf("undo: %+v %v", got, err)
	}
	if len(l.rows) != 1 || l.rows[0].ID != x.ID || l.undo.bar.Visible() {
		t.Fatalf("after undo: %d rows", len(l.rows))
	}
}

// findSaleForm opens a form; the list's tap opens one too, which is left.
func findSaleForm(t *testing.T, _ *customerSaleList, open func() *saleForm) *saleForm {
	t.Helper()
	f := open()
	if f.sale == nil || f.amount.Text == "" {
		t.Fatalf("edit form not filled: %+v", f.sale)
	}
	return f
}

// renderedRow is the texts of one list row as drawn.
func renderedRow(l *customerSaleList, i int) string {
	o := l.list.CreateItem()
	l.list.UpdateItem(i, o)
	b := o.(*fyne.Container)
	g := b.Objects[0].(*fyne.Container)
	return b.Objects[1].(*widget.Label).Text + "|" + g.Objects[0].(*widget.Label).Text + "|" +
		g.Objects[1].(*widget.Label).Text + "|" + g.Objects[2].(*widget.Label).Text
}

func TestSaleEntry_CustomerSearchAndValidation(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	f := newSaleForm(u, nil, nil, "", nil)
	f.dlg.Show()
	test.Type(f.customer, "宝岛")
	if len(f.offered) != 1 || f.offered[0] != "宝岛眼镜公司" {
		t.Fatalf("options %v", f.offered)
	}
	if f.customer.check(f.customer.Text) == nil {
		t.Error("a partial name is accepted")
	}
	test.Type(f.amount, "88")
	f.dlg.Submit()
	if n, _ := svc.Sales.Count(); n != 0 {
		t.Fatal("saved without a customer")
	}
	f.customer.SetText("宝岛眼镜公司")
	for _, d := range []string{"2024/1/5", "20240105", "2024.1.5"} {
		f.date.SetText(d)
		if err := f.date.Validate(); err != nil {
			t.Errorf("date %q: %v", d, err)
		}
	}
	f.date.SetText("2024-02-30")
	if f.date.Validate() == nil {
		t.Error("2024-02-30 accepted")
	}
	f.date.SetText("2024/1/5")
	f.dlg.Submit()
	rows, err := svc.Sales.List(sales.Filter{})
	if err != nil || len(rows) != 1 || rows[0].Date != "2024-01-05" || rows[0].Amount != 8800 {
		t.Fatalf("stored %v %v", rows, err)
	}
}

func TestSaleEntry_SalesScreenRecords(t *testing.T) {
	u, s := newSalesUI(t)
	s.tabs.SelectIndex(1)
	r := s.records
	if !r.loaded || len(r.rows) == 0 || len(r.rows) > saleRecordsMax {
		t.Fatalf("records: loaded %v, %d rows", r.loaded, len(r.rows))
	}
	for i := 1; i < len(r.rows); i++ {
		if r.rows[i].Date > r.rows[i-1].Date {
			t.Fatal("not newest first")
		}
	}
	from := s.q.From + "-01"
	if last := r.rows[len(r.rows)-1].Date; last < from && len(r.rows) < saleRecordsMax {
		t.Errorf("sale of %s before the period %s", last, s.q.From)
	}
	s.tier.SetSelectedIndex(1) // S
	for _, x := range r.rows {
		if x.Tier != "S" {
			t.Fatalf("tier filter: %+v", x)
		}
	}
	s.tier.SetSelectedIndex(0)

	// New sale in the period, then delete and undo it.
	before, _ := u.svc.Sales.Count()
	f := r.add()
	f.customer.SetText("宝岛眼镜公司")
	f.date.SetText(s.q.To + "-01")
	f.amount.SetText("1,234.00")
	f.product.SetText("新品测试")
	f.dlg.Submit()
	if n, _ := u.svc.Sales.Count(); n != before+1 {
		t.Fatalf("sales %d, want %d", n, before+1)
	}
	if !containsString(s.products, "新品测试") {
		t.Error("the new product is not offered as a filter")
	}
	s.product.SetSelectedIndex(1 + indexOf(s.products, "新品测试"))
	if len(r.rows) != 1 || r.rows[0].Amount != 123400 {
		t.Fatalf("product filter: %d rows", len(r.rows))
	}
	r.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if r.current() == nil || r.del.Disabled() {
		t.Fatal("selection does not enable delete")
	}
	if err := r.undo.remove(r.current().ID); err != nil {
		t.Fatal(err)
	}
	if len(r.rows) != 0 {
		t.Fatalf("deleted sale still listed")
	}
	r.undo.undo()
	if len(r.rows) != 1 {
		t.Fatalf("undo: %d rows", len(r.rows))
	}
}

func containsString(list []string, s string) bool { return indexOf(list, s) >= 0 }

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
