package views

import (
	"io"
	"os"
	"path/filepath"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
)

// exportFormat is an entry of the export's format drop-down.
type exportFormat struct {
	code   string // remembered in the preferences
	label  string // English; translated when shown
	format export.Format
	enc    string // CSV only
	ext    string
}

var exportFormats = []exportFormat{
	{"csv", "CSV UTF-8 with BOM", export.CSV, export.UTF8BOM, ".csv"},
	{"csv-gb18030", "CSV GB18030 (older Excel)", export.CSV, export.GB18030, ".csv"},
	{"xlsx", "Excel xlsx", export.XLSX, "", ".xlsx"},
	{"jsonl", "JSON Lines", export.JSONL, "", ".jsonl"},
}

// exportView is the export tab: a format and "Export customers…".
type exportView struct {
	s        *importExportScreen
	format   *widget.Select
	status   *widget.Label
	button   *widget.Button
	root     fyne.CanvasObject
	exported chan struct{} // closed, inside fyne.Do, when the last export has finished
}

func newExportView(s *importExportScreen) *exportView {
	e := &exportView{s: s, exported: make(chan struct{})}
	close(e.exported)
	labels := make([]string, len(exportFormats))
	for i, f := range exportFormats {
		labels[i] = i18n.L(f.label)
	}
	p := s.u.app.Preferences()
	e.format = widget.NewSelect(labels, nil)
	e.format.SetSelectedIndex(0)
	for i, f := range exportFormats {
		if f.code == p.String(prefExportFormat) {
			e.format.SetSelectedIndex(i)
		}
	}
	e.format.OnChanged = func(string) {
		p.SetString(prefExportFormat, exportFormats[e.format.SelectedIndex()].code)
	}
	e.button = widget.NewButtonWithIcon(i18n.L("Export customers…"), theme.DocumentSaveIcon(), e.choose)
	e.button.Importance = widget.HighImportance
	e.status = widget.NewLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(i18n.L("Every customer, sorted by name. CSV with BOM and Excel open in Excel and WPS; choose GB18030 for Excel 2013 and older; JSON Lines is for programs."))
	hint.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(i18n.L("Export customers"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	row := container.NewHBox(widget.NewLabel(i18n.L("Format")), fixedWidth(260, e.format), e.button)
	e.root = container.NewPadded(container.NewVBox(title, hint, row, e.status))
	return e
}

func (e *exportView) selected() exportFormat {
	if i := e.format.SelectedIndex(); i >= 0 {
		return exportFormats[i]
	}
	return exportFormats[0]
}

// choose opens the save dialog with a dated name in the folder used last.
func (e *exportView) choose() {
	f := e.selected()
	name := i18n.L("Customers") + "_" + e.s.u.svc.Now().Local().Format("20060102") + f.ext
	if nativeDialogs { // filedialog_*.go: the system's dialog
		dir := e.s.u.app.Preferences().String(prefExportFolder)
		go func() {
			path, err := nativeFile(true, i18n.L("Export"), dir, name, []string{f.ext})
			fyne.Do(func() {
				if err == nil && path != "" {
					err = fileNameError(path)
				}
				var w *os.File
				if err == nil && path != "" {
					w, err = os.Create(path)
				}
				switch {
				case err != nil:
					showError(err, e.s.u.win)
				case w != nil:
					e.write(w, path, f)
				}
			})
		}()
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showError(err, e.s.u.win)
			return
		}
		if w == nil {
			return // cancelled
		}
		e.write(w, w.URI().Path(), f)
	}, e.s.u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{f.ext}))
	if l := folderLister(e.s.u.app.Preferences().String(prefExportFolder)); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fileDialogSize(e.s.u.win))
	d.Show()
}

// write exports every customer to w (the file path) in the background and
// closes it.
func (e *exportView) write(w io.WriteCloser, path string, f exportFormat) {
	e.s.u.app.Preferences().SetString(prefExportFolder, filepath.Dir(path))
	done := make(chan struct{})
	e.exported = done
	e.button.Disable()
	e.status.Importance = widget.MediumImportance
	e.status.SetText(i18n.L("Exporting…"))
	svc := e.s.u.svc
	go func() {
		n, err := exportCustomers(svc, w, f)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		fyne.Do(func() {
			defer close(done)
			e.button.Enable()
			if err != nil {
				e.status.Importance = widget.DangerImportance
				e.status.SetText(i18n.L("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in Excel or WPS, then try again.",
					map[string]any{"File": path, "Err": err}))
				return
			}
			msg := i18n.L("Exported {{.N}} customers to {{.File}}.", map[string]any{"N": n, "File": path})
			e.status.Importance = widget.SuccessImportance
			e.status.SetText(msg)
			showInformation(i18n.L("Export finished"), msg, e.s.u.win)
		})
	}()
}

// exportCustomers writes every customer, sorted by name, and returns how many.
func exportCustomers(svc *app.Service, w io.Writer, f exportFormat) (int, error) {
	rows, _, err := svc.Customers.List(customers.Query{Sort: "name"})
	if err != nil {
		return 0, err
	}
	cs := make([]*model.Customer, 0, len(rows))
	for _, r := range rows {
		c, err := svc.Customers.Get(r.ID)
		if err != nil {
			return 0, err
		}
		cs = append(cs, c)
	}
	return len(cs), export.Customers(w, f.format, cs, export.Options{Encoding: f.enc})
}
