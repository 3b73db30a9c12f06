package views

import (
	"cmp"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// anColumn is one column of an analysis table. Rows are addressed by their
// index in the tab's own slice; the table only keeps a display order.
type anColumn struct {
	title string // English; translated in the header
	width float32
	right bool               // numbers: right-aligned
	text  func(i int) string // the cell's text
	cmp   func(a, b int) int // sort order; nil sorts by text
	act   func(i int)        // an action column: a button labelled text(i) ("" hides it)
	warn  func(i int) bool   // the cell drawn in the danger colour
}

// anTable is a sortable table for the analysis tabs: tapping a header sorts
// by that column, again reverses.
type anTable struct {
	t     *widget.Table
	cols  []anColumn
	order []int // row indexes in display order
	key   int   // sorted column, -1 for the tab's own order
	desc  bool

	onSelect func(i int) // a row was clicked (its index in the tab's slice)
}

func newAnTable(cols []anColumn) *anTable {
	a := &anTable{cols: cols, key: -1}
	a.t = widget.NewTableWithHeaders(
		func() (int, int) { return len(a.order), len(a.cols) },
		func() fyne.CanvasObject {
			b := widget.NewButton("", nil)
			b.Importance = widget.MediumImportance
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(l, b)
		},
		a.update)
	a.t.ShowHeaderColumn = false
	sortHeaders(a.t, func(i int) (string, string) { return a.cols[i].title, a.cols[i].title },
		func() (string, bool) {
			if a.key < 0 {
				return "", false
			}
			return a.cols[a.key].title, a.desc
		},
		func(key string) { a.sortBy(slices.IndexFunc(a.cols, func(c anColumn) bool { return c.title == key })) })
	widths := make([]float32, len(cols))
	for i, c := range cols {
		widths[i] = c.width
	}
	setColumnWidths(a.t, widths)
	a.t.OnSelected = func(id widget.TableCellID) {
		if a.onSelect != nil && id.Row >= 0 && id.Row < len(a.order) {
			a.onSelect(a.order[id.Row])
		}
	}
	return a
}

func (a *anTable) update(id widget.TableCellID, o fyne.CanvasObject) {
	st := o.(*fyne.Container)
	l, b := st.Objects[0].(*widget.Label), st.Objects[1].(*widget.Button)
	if id.Row >= len(a.order) || id.Col >= len(a.cols) {
		l.SetText("")
		b.Hide()
		return
	}
	c, i := a.cols[id.Col], a.order[id.Row]
	if c.act != nil {
		l.SetText("")
		txt := c.text(i)
		if txt == "" {
			b.Hide()
			return
		}
		b.SetText(txt)
		b.OnTapped = func() { c.act(i) }
		b.Show()
		return
	}
	b.Hide()
	l.Alignment = fyne.TextAlignLeading
	if c.right {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.Importance = widget.MediumImportance
	if c.warn != nil && c.warn(i) {
		l.Importance = widget.DangerImportance
	}
	l.SetText(c.text(i))
}

// sortBy sorts by column i; again reverses. Numbers start largest first.
func (a *anTable) sortBy(i int) {
	if i == a.key {
		a.desc = !a.desc
	} else {
		a.key, a.desc = i, a.cols[i].right
	}
	a.sort()
	a.t.Refresh()
}

// setRows shows n rows in the tab's order, sorted again by the chosen column.
func (a *anTable) setRows(n int) {
	a.order = a.order[:0]
	for i := range n {
		a.order = append(a.order, i)
	}
	a.sort()
	a.t.UnselectAll()
	a.t.Refresh()
}

func (a *anTable) sort() {
	if a.key < 0 {
		slices.Sort(a.order)
		return
	}
	c := a.cols[a.key]
	f := c.cmp
	if f == nil {
		f = func(x, y int) int { return cmp.Compare(c.text(x), c.text(y)) }
	}
	slices.SortStableFunc(a.order, func(x, y int) int {
		if a.desc {
			return cmp.Or(f(y, x), cmp.Compare(x, y))
		}
		return cmp.Or(f(x, y), cmp.Compare(x, y))
	})
}

// cell is the text of a shown cell, for tests.
func (a *anTable) cell(row, col int) string {
	if row >= len(a.order) {
		return ""
	}
	return a.cols[col].text(a.order[row])
}
