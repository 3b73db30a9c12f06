package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// sortHeaders makes a table's header row buttons that sort by their column:
// col gives a column's English title and sort key, current the sort in force
// (marked ▲ or ▼), and tap is called with the key of the header tapped.
func sortHeaders(tbl *widget.Table, col func(i int) (title, key string), current func() (key string, desc bool), tap func(key string)) {
	tbl.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	tbl.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		title, key := col(id.Col)
		text := i18n.L(title)
		if k, desc := current(); k == key {
			if desc {
				text += " ▼"
			} else {
				text += " ▲"
			}
		}
		b.SetText(text)
		b.OnTapped = func() { tap(key) }
	}
}
