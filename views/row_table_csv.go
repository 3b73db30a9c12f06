package views

import (
	"io"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
)

// writeCSV writes the table as shown — translated headers, the rows in the
// order on screen — in the CSV encoding chosen last on the export tab.
func (t *rowTable[T]) writeCSV(w io.Writer, enc string) error {
	head := make([]string, len(t.cols))
	for i, c := range t.cols {
		head[i] = i18n.L(c.title)
	}
	rows := make([][]string, len(t.rows))
	for i, r := range t.rows {
		rows[i] = make([]string, len(t.cols))
		for j, c := range t.cols {
			rows[i][j] = c.text(r)
		}
	}
	return export.Shown(w, enc, head, rows)
}

// csvEncoding is the CSV encoding the user chose last on the export tab.
func (u *UI) csvEncoding() string {
	if u.app.Preferences().String(prefExportFormat) == "csv-gb18030" {
		return export.GB18030
	}
	return export.UTF8BOM
}

// csvButton is "Export CSV…" for a table: name is the file name offered.
func csvButton[T any](u *UI, t *rowTable[T], name func() string) *widget.Button {
	return widget.NewButtonWithIcon(i18n.L("Export CSV…"), theme.DownloadIcon(), func() {
		u.saveDialog(name()+".csv", []string{".csv"}, func(path string) {
			enc := u.csvEncoding()
			err := app.WriteFileAtomic(path, func(w io.Writer) error { return t.writeCSV(w, enc) })
			savedDialog(u, i18n.L("Exported"), path, err)
		})
	})
}
