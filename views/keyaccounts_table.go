package views

import (
	"cmp"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// rowColumn is one column of a rowTable: its English title, its text, the
// value it sorts by (a string or a number), and its width.
type rowColumn[T any] struct {
	title string
	width float32
	text  func(r T) string
	key   func(r T) any // string, int, int64 or float64
}

// rowTable is a sortable table of rows of T: tapping a header sorts by that
// column, tapping it again reverses; a row can be shown in red.
type rowTable[T any] struct {
	cols   []rowColumn[T]
	rows   []T
	sortBy int // -1: the order given
	desc   bool
	danger func(r T) bool
	tbl    *widget.Table
}

func newRowTable[T any](cols []rowColumn[T], danger func(T) bool, selected func(r T)) *rowTable[T] {
	t := &rowTable[T]{cols: cols, sortBy: -1, danger: danger}
	t.tbl = widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), len(t.cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(t.rows) {
				l.SetText("")
				return
			}
			r := t.rows[id.Row]
			l.Importance = widget.MediumImportance
			if t.danger != nil && t.danger(r) {
				l.Importance = widget.DangerImportance
			}
			l.SetText(t.cols[id.Col].text(r))
		})
	t.tbl.ShowHeaderColumn = false
	sortHeaders(t.tbl,
		func(i int) (string, string) { return t.cols[i].title, t.cols[i].title },
		func() (string, bool) {
			if t.sortBy < 0 {
				return "", false
			}
			return t.cols[t.sortBy].title, t.desc
		},
		t.sort)
	widths := make([]float32, len(cols))
	for i, c := range cols {
		widths[i] = c.width
	}
	setColumnWidths(t.tbl, widths)
	t.tbl.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(t.rows) && selected != nil {
			selected(t.rows[id.Row])
		}
	}
	return t
}

// set replaces the rows, keeping the sort chosen.
func (t *rowTable[T]) set(rows []T) {
	t.rows = rows
	t.apply()
	t.tbl.UnselectAll()
	t.tbl.Refresh()
}

// sort sorts by the column titled title; numbers start largest first.
func (t *rowTable[T]) sort(title string) {
	i := slices.IndexFunc(t.cols, func(c rowColumn[T]) bool { return c.title == title })
	if i < 0 {
		return
	}
	if t.sortBy == i {
		t.desc = !t.desc
	} else {
		t.sortBy = i
		t.desc = false
		if len(t.rows) > 0 {
			_, isText := t.cols[i].key(t.rows[0]).(string)
			t.desc = !isText
		}
	}
	t.apply()
	t.tbl.Refresh()
}

func (t *rowTable[T]) apply() {
	if t.sortBy < 0 || len(t.rows) == 0 {
		return
	}
	key := t.cols[t.sortBy].key
	slices.SortStableFunc(t.rows, func(a, b T) int {
		c := compareAny(key(a), key(b))
		if t.desc {
			return -c
		}
		return c
	})
}

func compareAny(a, b any) int {
	switch x := a.(type) {
	case string:
		return cmp.Compare(x, b.(string))
	case int:
		return cmp.Compare(x, b.(int))
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	}
	return 0
}
