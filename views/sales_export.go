package views

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
)

// prefChartFolder remembers where charts and reports were saved last.
const prefChartFolder = "sales.folder"

// saveDialog asks where to save a file named name with one of exts, and
// calls save with the chosen path. The file the dialog created is replaced
// atomically by save.
func (s *salesScreen) saveDialog(name string, exts []string, save func(path string)) {
	s.u.saveDialog(name, exts, save)
}

// saveDialog is the save dialog of every chart and report export: it starts
// in the folder used last and remembers the one chosen.
func (u *UI) saveDialog(name string, exts []string, save func(path string)) {
	if nativeDialogs { // filedialog_*.go: the system's dialog
		dir := u.app.Preferences().String(prefChartFolder)
		go func() {
			path, err := nativeFile(true, i18n.L("Save"), dir, name, exts)
			fyne.Do(func() {
				switch {
				case err != nil:
					showError(err, u.win)
				case path != "":
					if err := fileNameError(path); err != nil {
						showError(err, u.win)
						return
					}
					u.app.Preferences().SetString(prefChartFolder, filepath.Dir(path))
					save(path)
				}
			})
		}()
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, u.win)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		if err := fileNameError(path); err != nil {
			os.Remove(path) // the empty file the dialog made, where the OS allowed it
			showError(err, u.win)
			return
		}
		u.app.Preferences().SetString(prefChartFolder, filepath.Dir(path))
		save(path)
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if dir := u.app.Preferences().String(prefChartFolder); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	size := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(900, size.Width*0.9), min(640, size.Height*0.9)))
	d.Show()
}

// rangeName is the range of the curve for file names: "2025-01_2025-12".
func (s *salesScreen) rangeName() string {
	if len(s.cur) == 0 {
		return ""
	}
	return "_" + s.cur[0].Period + "_" + s.cur[len(s.cur)-1].Period
}

// exportChart saves the curve as shown (with last year's if checked) to a
// PNG, SVG or PDF, chosen by the file's extension (PNG without one).
func (s *salesScreen) exportChart() {
	if len(s.cur) == 0 {
		return
	}
	var prev []reports.Point
	if s.compare.Checked {
		prev = s.prev
	}
	series := reports.CurveSeries(s.cur, prev)
	o := chart.Options{Title: i18n.L("Sales curve"), Subtitle: s.subtitle()}
	s.saveDialog(i18n.L("Sales curve")+s.rangeName()+".png", []string{".png", ".svg", ".pdf"}, func(path string) {
		format, err := chart.FormatFromPath(path, "")
		if err != nil {
			format = chart.PNG
			path = strings.TrimSuffix(path, ".") + ".png"
		}
		go func() {
			err := app.WriteFileAtomic(path, func(w io.Writer) error { return chart.Line(w, format, series, o) })
			fyne.Do(func() { s.saved(path, err, false) })
		}()
	})
}

// meetingQuery is what the meeting report covers: the months of the periods
// shown, with the screen's filters.
func (s *salesScreen) meetingQuery() reports.SalesQuery {
	q := s.q
	q.By = reports.ByMonth
	if len(s.cur) > 0 {
		q.From, _, _ = reports.PeriodMonths(s.cur[0].Period)
		_, q.To, _ = reports.PeriodMonths(s.cur[len(s.cur)-1].Period)
	}
	return q
}

// meetingReport saves the A4 meeting report of the periods shown and the
// filters set, and offers to open it in the system's PDF viewer for printing.
func (s *salesScreen) meetingReport() {
	if len(s.cur) == 0 {
		return
	}
	q := s.meetingQuery()
	name := i18n.L("Sales meeting report") + "_" + q.From + "_" + q.To + ".pdf"
	s.saveDialog(name, []string{".pdf"}, func(path string) {
		if !strings.EqualFold(filepath.Ext(path), ".pdf") {
			path += ".pdf"
		}
		svc := s.u.svc
		go func() {
			r, err := svc.Reports.MeetingReport(q)
			if err == nil {
				err = app.WriteFileAtomic(path, r.WritePDF)
			}
			fyne.Do(func() { s.saved(path, err, true) })
		}()
	})
}

// saved reports a written file; a report can be opened for printing.
func (s *salesScreen) saved(path string, err error, printable bool) {
	if err != nil {
		showError(fmt.Errorf("%s", i18n.L("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": path, "Err": err.Error()})), s.u.win)
		return
	}
	msg := widget.NewLabel(i18n.L("Saved to {{.File}}.", map[string]any{"File": path}))
	msg.Wrapping = fyne.TextWrapWord
	if !printable {
		showCustom(i18n.L("Chart exported"), i18n.L("Close"), msg, s.u.win)
		return
	}
	var d dialog.Dialog
	printBtn := widget.NewButtonWithIcon(i18n.L("Print"), theme.DocumentPrintIcon(), func() {
		d.Hide()
		go func() {
			err := app.PrintFile(path) // the system's print path: ShellExecute "print", or lp
			fyne.Do(func() { s.printed(path, err) })
		}()
	})
	printBtn.Importance = widget.HighImportance
	openBtn := widget.NewButtonWithIcon(i18n.L("Open"), theme.FileIcon(), func() {
		s.open(path)
		d.Hide()
	})
	body := container.NewVBox(msg, widget.NewLabel(i18n.L("Print sends it to the default printer; Open shows it in the PDF viewer.")))
	d = dialog.NewCustomWithoutButtons(i18n.L("Meeting report saved"), container.NewBorder(nil,
		container.NewHBox(layout.NewSpacer(), widget.NewButton(i18n.L("Close"), func() { d.Hide() }), openBtn, printBtn), nil, nil, body), s.u.win)
	d.Resize(fyne.NewSize(520, 200))
	showDialog(d, s.u.win, func() {}) // three equal buttons: Enter picks none
}

// printed says what to do when the file could not be printed.
func (s *salesScreen) printed(path string, err error) {
	switch {
	case err == nil:
	case errors.Is(err, app.ErrNoPrintPath):
		s.showError(errors.New(i18n.L("{{.File}} could not be printed: this computer has no program or printer set up to print PDF files ({{.Err}}). Open the file and print it from a PDF reader (on Windows install one that can print, e.g. WPS or Adobe Acrobat Reader), or set up a default printer.",
			map[string]any{"File": path, "Err": err.Error()})))
	default:
		s.showError(fmt.Errorf("%s: %w", path, err))
	}
}

// open shows a file in the program the system uses for it.
func (s *salesScreen) open(path string) {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err == nil {
		err = s.u.app.OpenURL(u)
	}
	if err != nil {
		s.showError(fmt.Errorf("%s: %w", path, err))
	}
}
