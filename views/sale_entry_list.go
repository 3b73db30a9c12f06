package views

import (
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/app/sales"
)

// saleUndo deletes sales after asking and offers to bring the last one back
// for a while.
type saleUndo struct {
	*undoBar
	u     *UI
	last  *model.Sale
	after func() // after a delete or an undo
}

func newSaleUndo(u *UI, after func()) *saleUndo {
	d := &saleUndo{u: u, after: after}
	d.undoBar = newUndoBar(func() { d.undo() })
	return d
}

func (d *saleUndo) confirmDelete(x *model.Sale) {
	msg := i18n.L("Delete the sale of {{.Date}} ({{.Amount}} {{.Currency}})? You can undo this right after.",
		map[string]any{"Date": x.Date, "Amount": model.GroupMoney(x.Amount), "Currency": x.Currency})
	showConfirm(i18n.L("Delete sale"), msg, func(ok bool) {
		if ok {
			d.remove(x.ID)
		}
	}, d.u.win)
}

// remove deletes a sale and shows the Undo button.
func (d *saleUndo) remove(id string) error {
	x, err := d.u.svc.Sales.Delete(id)
	if err != nil {
		showError(err, d.u.win)
		return err
	}
	d.last = x
	d.offer(x, i18n.L("Deleted the sale of {{.Date}}.", map[string]any{"Date": x.Date}))
	d.after()
	return nil
}

// undo writes the last deleted sale back.
func (d *saleUndo) undo() error {
	if d.last == nil {
		return nil
	}
	if err := d.u.svc.Sales.Restore(d.last); err != nil {
		showError(err, d.u.win)
		return err
	}
	d.last = nil
	d.withdraw()
	d.after()
	return nil
}

// customerSaleList is the list of one customer's sales on its 销售 tab,
// newest first: tap one to edit it; each has a delete button.
type customerSaleList struct {
	u       *UI
	c       *model.Customer
	rows    []*model.Sale
	list    *widget.List
	count   *widget.Label
	undo    *saleUndo
	changed func() // after any change: the curve is read again
	root    fyne.CanvasObject
}

func newCustomerSaleList(u *UI, c *model.Customer, changed func()) *customerSaleList {
	l := &customerSaleList{u: u, c: c, changed: changed}
	l.undo = newSaleUndo(u, l.afterChange)
	l.count = widget.NewLabel("")
	l.list = widget.NewList(
		func() int { return len(l.rows) },
		func() fyne.CanvasObject {
			del := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
			del.Importance = widget.LowImportance
			amount := widget.NewLabel("0,000,000.00 CNY")
			amount.Alignment = fyne.TextAlignTrailing
			product := widget.NewLabel("")
			product.Truncation = fyne.TextTruncateEllipsis
			qty := widget.NewLabel("")
			qty.Alignment = fyne.TextAlignTrailing
			return container.NewBorder(nil, nil, widget.NewLabel("2024-01-05"), del,
				container.NewGridWithColumns(3, product, qty, amount))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(l.rows) {
				return
			}
			x := l.rows[id]
			b := o.(*fyne.Container)
			grid := b.Objects[0].(*fyne.Container)
			b.Objects[1].(*widget.Label).SetText(x.Date)
			b.Objects[2].(*widget.Button).OnTapped = func() { l.undo.confirmDelete(x) }
			grid.Objects[0].(*widget.Label).SetText(x.Product)
			qty := ""
			if x.Quantity != 0 {
				qty = "× " + strconv.FormatInt(x.Quantity, 10)
			}
			grid.Objects[1].(*widget.Label).SetText(qty)
			grid.Objects[2].(*widget.Label).SetText(model.GroupMoney(x.Amount) + " " + x.Currency)
		})
	l.list.OnSelected = func(id widget.ListItemID) {
		l.list.UnselectAll()
		if id < len(l.rows) {
			l.edit(l.rows[id])
		}
	}
	add := widget.NewButtonWithIcon(i18n.L("New sale"), theme.ContentAddIcon(), func() { l.add() })
	add.Importance = widget.HighImportance
	top := container.NewHBox(add, l.count, layout.NewSpacer(), l.undo.bar)
	l.root = container.NewBorder(top, nil, nil, nil, l.list)
	l.reload()
	return l
}

// add opens the form for a new sale of this customer.
func (l *customerSaleList) add() *saleForm {
	return showSaleForm(l.u, nil, l.c, "", func(*model.Sale) { l.afterChange() })
}

// edit opens the form on a sale.
func (l *customerSaleList) edit(x *model.Sale) *saleForm {
	return showSaleForm(l.u, x, l.c, "", func(*model.Sale) { l.afterChange() })
}

func (l *customerSaleList) afterChange() {
	l.reload()
	if l.changed != nil {
		l.changed()
	}
}

// reload reads the customer's sales, newest first.
func (l *customerSaleList) reload() {
	rows, err := l.u.svc.Sales.List(sales.Filter{CustomerID: l.c.ID})
	if err != nil {
		l.count.SetText(err.Error())
		return
	}
	l.rows = rows
	l.count.SetText(i18n.L("{{.Count}} sales", map[string]any{"Count": len(rows)}))
	l.list.Refresh()
}

// saleRecordsMax is how many sales the Sales screen's table shows at most.
const saleRecordsMax = 500

// saleRecords is the 销售记录 tab of the Sales screen: the sales of the
// screen's period and filter in a table, with new, edit and delete.
type saleRecords struct {
	s        *salesScreen
	rows     []*model.Sale
	names    map[string]string // customer ids → names
	selected int
	table    *widget.Table
	count    *widget.Label
	edit     *widget.Button
	del      *widget.Button
	undo     *saleUndo
	root     fyne.CanvasObject
	loaded   bool
}

var saleRecordColumns = []struct {
	title string
	width float32
	right bool
}{
	{"Date", 100, false}, {"Customer", 220, false}, {"Product", 160, false}, {"Quantity", 80, true},
	{"Amount", 140, true}, {"Currency", 70, false}, {"Note", 240, false},
}

func newSaleRecords(s *salesScreen) *saleRecords {
	r := &saleRecords{s: s, selected: -1, names: map[string]string{}}
	r.undo = newSaleUndo(s.u, r.changed)
	r.count = widget.NewLabel("")
	r.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(r.rows), len(saleRecordColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("0,000,000.00")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(r.rows) {
				l.SetText("")
				return
			}
			l.Alignment = fyne.TextAlignLeading
			if saleRecordColumns[id.Col].right {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.SetText(r.cell(r.rows[id.Row], id.Col))
		})
	r.table.ShowHeaderColumn = false
	r.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	r.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col < 0 || id.Col >= len(saleRecordColumns) {
			l.SetText("")
			return
		}
		l.SetText(i18n.L(saleRecordColumns[id.Col].title))
	}
	widths := make([]float32, len(saleRecordColumns))
	for i, c := range saleRecordColumns {
		widths[i] = c.width
	}
	setColumnWidths(r.table, widths)
	r.table.OnSelected = func(id widget.TableCellID) {
		r.selected = id.Row
		r.edit.Enable()
		r.del.Enable()
	}
	add := widget.NewButtonWithIcon(i18n.L("New sale"), theme.ContentAddIcon(), func() { r.add() })
	add.Importance = widget.HighImportance
	r.edit = widget.NewButtonWithIcon(i18n.L("Edit"), theme.DocumentCreateIcon(), func() {
		if x := r.current(); x != nil {
			r.open(x)
		}
	})
	r.del = widget.NewButtonWithIcon(i18n.L("Delete"), theme.DeleteIcon(), func() {
		if x := r.current(); x != nil {
			r.undo.confirmDelete(x)
		}
	})
	r.edit.Disable()
	r.del.Disable()
	top := container.NewHBox(add, r.edit, r.del, r.count, layout.NewSpacer(), r.undo.bar)
	r.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, r.table)
	return r
}

func (r *saleRecords) cell(x *model.Sale, col int) string {
	switch col {
	case 0:
		return x.Date
	case 1:
		return r.name(x.CustomerID)
	case 2:
		return x.Product
	case 3:
		if x.Quantity == 0 {
			return ""
		}
		return strconv.FormatInt(x.Quantity, 10)
	case 4:
		return model.GroupMoney(x.Amount)
	case 5:
		return x.Currency
	case 6:
		return x.Note
	}
	return ""
}

func (r *saleRecords) name(id string) string {
	if n, ok := r.names[id]; ok {
		return n
	}
	n := id
	if c, err := r.s.u.svc.Customers.Get(id); err == nil {
		n = c.Name
	}
	r.names[id] = n
	return n
}

func (r *saleRecords) current() *model.Sale {
	if r.selected < 0 || r.selected >= len(r.rows) {
		return nil
	}
	return r.rows[r.selected]
}

// add opens the form for a new sale, with the filtered customer if any.
func (r *saleRecords) add() *saleForm {
	return showSaleForm(r.s.u, nil, nil, r.s.q.CustomerID, func(*model.Sale) { r.changed() })
}

func (r *saleRecords) open(x *model.Sale) *saleForm {
	return showSaleForm(r.s.u, x, nil, "", func(*model.Sale) { r.changed() })
}

// changed reads the curve, the choices and the table again after a change.
func (r *saleRecords) changed() {
	r.s.refreshChoices()
	r.s.reload()
	r.reload() // in case the curve could not be read
}

// filter is the screen's period and filter as a sale listing's.
func (r *saleRecords) filter() sales.Filter {
	f := sales.Filter{CustomerID: r.s.q.CustomerID, Product: r.s.q.Product}
	if first, _, err := reports.PeriodMonths(r.s.q.From); err == nil && r.s.q.From != "" {
		f.From = first + "-01"
	}
	if _, last, err := reports.PeriodMonths(r.s.q.To); err == nil && r.s.q.To != "" {
		f.To = last + "-31" // dates compare as text: every day of the month is ≤ -31
	}
	return f
}

// reload lists the sales of the period and filter: at most saleRecordsMax
// of them, with the count of all.
func (r *saleRecords) reload() {
	r.loaded = true
	all, err := r.s.u.svc.Sales.List(r.filter())
	if err != nil {
		r.count.SetText(err.Error())
		return
	}
	rows := all[:0:0]
	for _, x := range all {
		if (r.s.q.Tier == "" || x.Tier == r.s.q.Tier) && (r.s.q.Region == "" || x.Region == r.s.q.Region) {
			rows = append(rows, x)
		}
	}
	n := len(rows)
	if n > saleRecordsMax {
		rows = rows[:saleRecordsMax]
		r.count.SetText(i18n.L("The newest {{.Shown}} of {{.Count}} sales", map[string]any{"Shown": saleRecordsMax, "Count": groupCount(int64(n))}))
	} else {
		r.count.SetText(i18n.L("{{.Count}} sales", map[string]any{"Count": groupCount(int64(n))}))
	}
	r.rows = rows
	r.names = map[string]string{}
	r.selected = -1
	r.table.UnselectAll()
	r.edit.Disable()
	r.del.Disable()
	r.table.Refresh()
}
