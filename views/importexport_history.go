package views

import (
	"path/filepath"
	"slices"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// importHistory is the list of imports, newest first, with Undo beside each
// finished one.
type importHistory struct {
	s       *importExportScreen
	batches []*model.Batch
	table   *widget.Table
	empty   *widget.Label
	root    fyne.CanvasObject
}

// historyColumn is one column of the history table.
type historyColumn struct {
	title string // English; translated when shown
	width float32
	value func(b *model.Batch) string
}

var historyColumns = []historyColumn{
	{"Imported at", 140, func(b *model.Batch) string { return b.At.Local().Format("2006-01-02 15:04") }},
	{"Imported data", 80, func(b *model.Batch) string {
		if b.Kind == "sales" {
			return i18n.L("Sales")
		}
		return i18n.L("Customers")
	}},
	{"File", 250, func(b *model.Batch) string { return filepath.Base(b.File) }},
	{"Rows", 60, func(b *model.Batch) string { return strconv.Itoa(b.Rows) }},
	{"New", 60, func(b *model.Batch) string { return strconv.Itoa(b.New) }},
	{"Merged", 60, func(b *model.Batch) string { return strconv.Itoa(b.Merged) }},
	{"Rejected", 60, func(b *model.Batch) string { return strconv.Itoa(b.Rejected) }},
	{"State", 80, func(b *model.Batch) string { return batchState(b.State) }},
	{"", 100, nil}, // Undo
}

func batchState(state string) string {
	switch state {
	case "pending":
		return i18n.L("In progress")
	case "done":
		return i18n.L("Done")
	case "undoing":
		return i18n.L("Undoing")
	case "undone":
		return i18n.L("Undone")
	case "rolled_back": // cancelled or cut off: nothing was imported
		return i18n.L("Cancelled")
	}
	return state
}

func newImportHistory(s *importExportScreen) *importHistory {
	h := &importHistory{s: s}
	h.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(h.batches), len(historyColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			b := widget.NewButtonWithIcon(i18n.L("Undo"), theme.ContentUndoIcon(), nil)
			b.Importance = widget.LowImportance
			return container.NewStack(l, b)
		},
		h.updateCell)
	h.table.ShowHeaderColumn = false
	h.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col >= 0 && id.Col < len(historyColumns) && historyColumns[id.Col].title != "" {
			l.SetText(i18n.L(historyColumns[id.Col].title))
		} else {
			l.SetText("")
		}
	}
	widths := make([]float32, len(historyColumns))
	for i, c := range historyColumns {
		widths[i] = c.width
	}
	setColumnWidths(h.table, widths)
	h.empty = widget.NewLabelWithStyle(i18n.L("No imports yet."), fyne.TextAlignCenter, fyne.TextStyle{})
	h.root = container.NewStack(h.table, container.NewCenter(h.empty))
	h.reload()
	return h
}

// reload reads the batches again.
func (h *importHistory) reload() {
	bs, err := h.s.u.svc.Customers.Imports()
	if err != nil {
		showError(err, h.s.u.win)
		return
	}
	slices.Reverse(bs)
	h.batches = bs
	if len(bs) == 0 {
		h.empty.Show()
	} else {
		h.empty.Hide()
	}
	h.table.Refresh()
}

func (h *importHistory) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	l := box.Objects[0].(*widget.Label)
	btn := box.Objects[1].(*widget.Button)
	if id.Row >= len(h.batches) || id.Col >= len(historyColumns) {
		l.SetText("")
		btn.Hide()
		return
	}
	b := h.batches[id.Row]
	if c := historyColumns[id.Col]; c.value != nil {
		l.SetText(c.value(b))
		l.Show()
		btn.Hide()
		return
	}
	l.Hide()
	if b.State != "done" {
		btn.Hide()
		return
	}
	btn.OnTapped = func() { h.s.confirmUndo(b.ID, b.File) }
	btn.Show()
}
