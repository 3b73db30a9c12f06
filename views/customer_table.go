package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// column is one column of the customer table.
type column struct {
	title string // English; translated when shown
	sort  string // app.Query sort key
	width float32
	value func(r *customers.Row) string
	right bool
	enum  string // enumeration kind whose labels the column shows, to size it
	// recent: the column shows the customer's sales of the last 12 months
	// (app.RecentSales), which change with every sale and so are no Row's.
	recent bool
}

// The money columns come early, beside the tiers: the declared annual
// revenue and what the sales of the last 12 months say.
var customerColumns = []column{
	{"Name", "name", 190, func(r *customers.Row) string { return r.Name }, false, "", false},
	{"Tier", "tier", 0, func(r *customers.Row) string { return i18n.Enum("tier", r.Tier) }, false, "tier", false},
	{"Stage", "stage", 0, func(r *customers.Row) string { return i18n.Enum("stage", r.Stage) }, false, "stage", false},
	{"Annual revenue", "revenue", 115, func(r *customers.Row) string {
		if r.Revenue == 0 {
			return ""
		}
		return model.GroupMoney(r.Revenue)
	}, true, "", false},
	{"Sales, last 12 months", customers.SortRecent, 115, nil, true, "", true},
	{"Province", "province", 55, func(r *customers.Row) string { return r.Province }, false, "", false},
	{"City", "city", 70, func(r *customers.Row) string { return r.City }, false, "", false},
	{"Contact", "contact", 70, func(r *customers.Row) string { return r.Contact }, false, "", false},
	{"Phone", "phone", 120, func(r *customers.Row) string { return r.Phone }, false, "", false},
	{"Owner", "owner", 60, func(r *customers.Row) string { return r.Owner }, false, "", false},
	{"Updated", "updated", 90, func(r *customers.Row) string { return r.Updated.Local().Format("2006-01-02") }, false, "", false},
}

// customerTable shows s.rows; only the visible cells exist as widgets, so
// 100,000 customers cost no more to draw than 30.
type customerTable struct {
	s      *customersScreen
	widget *widget.Table
	sel    string // selected customer id
}

func newCustomerTable(s *customersScreen) *customerTable {
	t := &customerTable{s: s}
	tbl := widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(customerColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(s.rows) {
				l.SetText("")
				return
			}
			c := customerColumns[id.Col]
			if c.right {
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Alignment = fyne.TextAlignLeading
			}
			if c.recent {
				l.SetText(recentText(s.recent[s.rows[id.Row].ID]))
				return
			}
			l.SetText(c.value(s.rows[id.Row]))
		})
	tbl.ShowHeaderColumn = false
	sortHeaders(tbl,
		func(i int) (string, string) { return customerColumns[i].title, customerColumns[i].sort },
		func() (string, bool) { return s.query.Sort, s.query.Desc },
		t.sortBy)
	widths := make([]float32, len(customerColumns))
	for i, c := range customerColumns {
		widths[i] = c.fit()
	}
	setColumnWidths(tbl, widths)
	tbl.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(s.rows) {
			return
		}
		if r := s.rows[id.Row]; r.ID != t.sel {
			t.sel = r.ID
			s.open(r.ID)
		}
	}
	tbl.OnUnselected = func(widget.TableCellID) { t.sel = "" }
	t.widget = tbl
	return t
}

// sortBy sorts by a column; a second tap reverses. Money and dates start
// with the largest, as people look for the biggest customers first.
func (t *customerTable) sortBy(key string) {
	q := &t.s.query
	if q.Sort == key {
		q.Desc = !q.Desc
	} else {
		q.Sort, q.Desc = key, key == "revenue" || key == "updated" || key == customers.SortRecent
	}
	t.s.reload()
}

func (t *customerTable) refresh() {
	t.widget.Refresh()
	if t.sel != "" {
		t.selectID(t.sel)
	}
}

// selectID highlights a customer's row without reopening its form.
func (t *customerTable) selectID(id string) {
	for i, r := range t.s.rows {
		if r.ID == id {
			t.sel = id
			t.widget.Select(widget.TableCellID{Row: i, Col: 0})
			return
		}
	}
}

// fit is the column's width in the current language: wide enough for its
// header with a sort arrow and, for an enumeration, its longest label.
func (c column) fit() float32 {
	pad := theme.InnerPadding()*2 + theme.Padding()*4
	measure := func(s string) float32 { return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width + pad }
	w := max(c.width, measure(i18n.L(c.title)+" ▼"))
	codes := map[string][]string{"tier": model.Tiers, "stage": model.Stages}[c.enum]
	for _, code := range codes {
		w = max(w, measure(i18n.Enum(c.enum, code)))
	}
	return w
}

// recentText shows a customer's sales of the last 12 months; none is blank.
func recentText(m int64) string {
	if m == 0 {
		return ""
	}
	return model.GroupMoney(m)
}
