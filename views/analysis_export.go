package views

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
)

// exportPane saves a tab's chart (PNG, SVG, PDF) or its table as shown
// (CSV), by the extension chosen in the dialog.
func (s *analysisScreen) exportPane(p anPane) {
	e, ok := p.export()
	if !ok {
		showInformation(i18n.L("Nothing to export"), i18n.L("This analysis has no rows for the period chosen."), s.u.win)
		return
	}
	s.u.saveDialog(e.name+".png", []string{".png", ".svg", ".pdf", ".csv"}, func(path string) {
		go func() {
			err := writeExport(path, e)
			fyne.Do(func() { s.saved(path, err) })
		}()
	})
}

// writeExport writes e to path in the format its extension names (PNG
// without a known one): the table as CSV for Excel (translated headers), the
// chart as the CLI draws it.
func writeExport(path string, e anExport) error {
	if ext := filepath.Ext(path); strings.EqualFold(ext, ".csv") {
		for suffix, t := range e.more {
			more := strings.TrimSuffix(path, ext) + "_" + suffix + ext
			if err := app.WriteFileAtomic(more, func(w io.Writer) error { return t.WriteCSV(w, true) }); err != nil {
				return err
			}
		}
		return app.WriteFileAtomic(path, func(w io.Writer) error { return e.table.WriteCSV(w, true) })
	}
	format, err := chart.FormatFromPath(path, "")
	if err != nil {
		format = chart.PNG
		path = strings.TrimSuffix(path, ".") + ".png"
	}
	return app.WriteFileAtomic(path, func(w io.Writer) error { return e.chart.Write(w, format) })
}

// showChart draws an analysis' chart in a chart view.
func showChart(v *chartView, c analysis.Chart) {
	if v.bars != c.Bars {
		v.bars = c.Bars
	}
	v.set(c.Series, c.Options)
}

// saved tells where the export went, or why it did not.
func (s *analysisScreen) saved(path string, err error) {
	if err != nil {
		showError(fmt.Errorf("%s", i18n.L("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": path, "Err": err.Error()})), s.u.win)
		return
	}
	msg := widget.NewLabel(i18n.L("Saved to {{.File}}.", map[string]any{"File": path}))
	msg.Wrapping = fyne.TextWrapWord
	showCustom(i18n.L("Chart exported"), i18n.L("Close"), msg, s.u.win)
}
