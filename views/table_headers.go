package views

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// setColumnWidths gives a table's columns their widths, each at least as
// wide as its header needs (issue 23: "Last year (CNY)Versus last year"
// overlapped in English): the header is made and filled as the table will
// (CreateHeader and UpdateHeader, or Fyne's bold label), a sort button with
// room for its ▼, and measured. Call it after the header functions are set.
func setColumnWidths(t *widget.Table, widths []float32) {
	for i, w := range widths {
		t.SetColumnWidth(i, max(w, headerWidth(t, i)))
	}
}

// headerWidth is the width column i's header needs, 0 without headers.
func headerWidth(t *widget.Table, i int) float32 {
	if !t.ShowHeaderRow || t.UpdateHeader == nil {
		return 0
	}
	var o fyne.CanvasObject
	if t.CreateHeader != nil {
		o = t.CreateHeader()
	} else {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		o = l
	}
	t.UpdateHeader(widget.TableCellID{Row: -1, Col: i}, o)
	if b, ok := o.(*widget.Button); ok && b.OnTapped != nil && !strings.HasSuffix(b.Text, "▲") && !strings.HasSuffix(b.Text, "▼") {
		b.SetText(b.Text + " ▼") // a sort header: room for the arrow whichever way it sorts
	}
	return o.MinSize().Width
}
