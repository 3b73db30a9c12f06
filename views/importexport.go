package views

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/importer"
)

// Preference keys of the import/export screen.
const (
	prefImportFolder = "import.folder"
	prefExportFolder = "export.folder"
	prefExportFormat = "export.format"
)

// previewRows is how many data rows the preview shows.
const previewRows = 20

// maxIssues is how many rejected rows the summary lists.
const maxIssues = 100

// importExportScreen is 导入导出: a customer list imported with a preview,
// the mapping as drop-downs and the predicted counts; the history of imports
// with undo; and the export of every customer.
type importExportScreen struct {
	u    *UI
	tabs *container.AppTabs
	root fyne.CanvasObject

	// What is being imported. opts holds the user's overrides only (zero
	// values mean "detect").
	path    string
	opts    importer.Options
	table   *importer.Table
	mapping []string                 // one target per column, "" kept in the notes
	predict *customers.ImportSummary // the dry run of the current mapping
	marks   map[int]widget.Importance
	gen     int                      // counts previews; a stale one is dropped
	cancel  context.CancelFunc       // set while an import runs
	last    *customers.ImportSummary // the import just finished
	lastRun string                   // its file
	// afterImport runs when the import ends (closing the window: see
	// importexport_close.go); asking is that question while shown;
	// importHook, in tests, runs in the import's goroutine before it starts.
	afterImport func()
	asking      *closeAsk
	importHook  func()
	// ready is replaced at the start of every preview, import and undo and
	// closed, inside fyne.Do, when its result is on screen: tests wait on it.
	ready chan struct{}

	file      *widget.Label
	encoding  *widget.Select
	delim     *widget.Select
	header    *keyEntry
	sheet     *widget.Select
	options   *fyne.Container
	shown     *widget.Label // "the first 20 of N rows"
	grid      *widget.Table
	maps      []*widget.Select
	counts    *widget.Label
	legend    *widget.Label // what the line numbers' colours mean
	status    *widget.Label // under the counts: cancelled, failed
	notice    *widget.Label // on the start page: undone
	importBtn *widget.Button
	progress  *widget.ProgressBar
	waiting   *widget.ProgressBarInfinite
	cancelBtn *widget.Button
	body      *fyne.Container // the import tab's centre: start, preview, error or summary
	bottom    *fyne.Container // counts and Import, or progress and Cancel
	start     fyne.CanvasObject
	preview   fyne.CanvasObject
	ready2go  fyne.CanvasObject // the bottom bar of the preview
	running   fyne.CanvasObject // the bottom bar during an import
	setting   bool              // the code is setting widgets: their OnChanged must not re-read

	history *importHistory
	export  *exportView
	values  *valueStep // the value-mapping step (importexport_values.go)
}

func newImportExportScreen(u *UI) *importExportScreen {
	s := &importExportScreen{u: u, ready: make(chan struct{}), values: newValueStep()}
	close(s.ready)
	s.history = newImportHistory(s)
	s.export = newExportView(s)

	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.L("Import"), theme.UploadIcon(), s.importTab()),
		container.NewTabItemWithIcon(i18n.L("Import history"), theme.HistoryIcon(), s.history.root),
		container.NewTabItemWithIcon(i18n.L("Export"), theme.DownloadIcon(), s.export.root),
	)
	s.root = s.tabs
	return s
}

func (s *importExportScreen) content() fyne.CanvasObject { return s.root }

// openImport shows the import screen and reads path into the preview: for a
// file dropped on the window (and KEHU_OPEN_IMPORT in test builds).
func (u *UI) openImport(path string) {
	for i, sc := range u.screens {
		if sc.title == "Import/Export" {
			u.show(i)
			break
		}
	}
	u.imports.tabs.SelectIndex(0)
	u.imports.open(path)
}

// importTab builds the import tab: a start page until a file is chosen, then
// the preview with its bottom bar.
func (s *importExportScreen) importTab() fyne.CanvasObject {
	choose := widget.NewButtonWithIcon(i18n.L("Choose file…"), theme.FolderOpenIcon(), s.chooseFile)
	choose.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(i18n.L("Import a distributor or customer list"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	hint := widget.NewLabelWithStyle(i18n.L("CSV or text in any encoding, or Excel .xlsx. You can also drop the file onto this window."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.notice = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.notice.Importance = widget.SuccessImportance
	s.start = container.NewCenter(container.NewVBox(title, hint, container.NewCenter(choose), s.notice))

	// The file and what was detected in it, changeable.
	s.file = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.file.Truncation = fyne.TextTruncateEllipsis
	other := widget.NewButtonWithIcon(i18n.L("Choose file…"), theme.FolderOpenIcon(), s.chooseFile)

	s.encoding = widget.NewSelect(labelsOf(encodings), func(string) {
		if s.setting {
			return
		}
		s.opts.Encoding = encodings[s.encoding.SelectedIndex()].code
		s.reread()
	})
	s.delim = widget.NewSelect(labelsOf(delimiters), func(string) {
		if s.setting {
			return
		}
		s.opts.Delimiter = delimiters[s.delim.SelectedIndex()].code
		s.reread()
	})
	s.header = newEntry()
	s.header.OnChanged = func(t string) {
		if s.setting {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(t))
		if err != nil || n < 1 || (s.table != nil && n == s.table.HeaderRow) {
			return
		}
		s.opts.HeaderRow = n
		s.reread()
	}
	s.sheet = widget.NewSelect(nil, func(name string) {
		if s.setting {
			return
		}
		s.opts.Sheet = name
		s.opts.HeaderRow = 0
		s.reread()
	})
	s.options = container.NewHBox(
		widget.NewLabel(i18n.L("Encoding")), fixedWidth(200, s.encoding),
		widget.NewLabel(i18n.L("Delimiter")), fixedWidth(130, s.delim),
		widget.NewLabel(i18n.L("Header row")), fixedWidth(64, s.header),
		widget.NewLabel(i18n.L("Sheet")), fixedWidth(200, s.sheet),
	)
	s.shown = widget.NewLabel("")
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, other, s.file),
		container.NewBorder(nil, nil, s.options, s.shown),
	)

	s.grid = widget.NewTableWithHeaders(s.gridSize, s.newCell, s.updateCell)
	s.grid.ShowHeaderColumn = true
	s.grid.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(l, container.NewStack(widget.NewSelect([]string{"-"}, nil)))
	}
	s.grid.UpdateHeader = s.updateHeader
	s.preview = container.NewBorder(container.NewPadded(top), nil, nil, nil, s.grid)

	// The bottom bar: the prediction and Import, or the progress and Cancel.
	s.counts = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.counts.Wrapping = fyne.TextWrapWord
	s.legend = widget.NewLabel(i18n.L("Line numbers in red: rows that will be rejected; in orange: rows with warnings."))
	s.legend.Hide()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()
	s.importBtn = widget.NewButtonWithIcon(i18n.L("Import"), theme.ConfirmIcon(), s.runImport)
	s.importBtn.Importance = widget.HighImportance
	s.ready2go = container.NewBorder(nil, nil, nil, container.NewCenter(s.importBtn), container.NewVBox(s.values.box, s.counts, s.legend, s.status))
	s.progress = widget.NewProgressBar()
	s.waiting = widget.NewProgressBarInfinite()
	s.waiting.Stop()
	s.cancelBtn = widget.NewButtonWithIcon(i18n.L("Cancel"), theme.CancelIcon(), s.cancelImport)
	s.running = container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Importing…")), s.cancelBtn, container.NewStack(s.progress, s.waiting))

	s.body = container.NewStack(s.start)
	s.bottom = container.NewStack()
	return container.NewBorder(nil, container.NewPadded(s.bottom), nil, nil, s.body)
}

// choice is a drop-down entry: a code the importer knows and its label.
type choice struct{ code, label string }

var encodings = []choice{
	{"utf-8", "UTF-8"},
	{"gb18030", "GB18030 / GBK"},
	{"utf-16", "UTF-16 (Unicode text)"},
}

var delimiters = []choice{
	{",", "Comma ,"},
	{";", "Semicolon ;"},
	{"tab", "Tab"},
}

func labelsOf(cs []choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = i18n.L(c.label)
	}
	return out
}

// encodingChoice is the entry of a detected encoding.
func encodingChoice(enc string) int {
	switch {
	case strings.HasPrefix(enc, "utf-16"):
		return 2
	case enc == "gb18030":
		return 1
	}
	return 0
}

// chooseFile opens the file dialog in the folder used last.
func (s *importExportScreen) chooseFile() {
	if nativeDialogs { // filedialog_*.go: the system's dialog
		dir := s.u.app.Preferences().String(prefImportFolder)
		go func() {
			path, err := nativeFile(false, i18n.L("Import"), dir, "", []string{".csv", ".txt", ".xlsx"})
			fyne.Do(func() {
				switch {
				case err != nil:
					showError(err, s.u.win)
				case path != "":
					s.open(path)
				}
			})
		}()
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showError(err, s.u.win)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		s.open(path)
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".txt", ".xlsx"}))
	if l := folderLister(s.u.app.Preferences().String(prefImportFolder)); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fileDialogSize(s.u.win))
	d.Show()
}

// folderLister is dir as a location for a file dialog, or nil when it is
// not (or no longer) a folder.
func folderLister(dir string) fyne.ListableURI {
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

func fileDialogSize(w fyne.Window) fyne.Size {
	s := w.Canvas().Size()
	return fyne.NewSize(min(900, s.Width*0.9), min(600, s.Height*0.9))
}

// open starts the preview of a file, with everything detected afresh.
func (s *importExportScreen) open(path string) {
	if s.cancel != nil {
		return // an import is running
	}
	s.path = path
	s.opts = importer.Options{}
	s.table, s.mapping, s.predict = nil, nil, nil
	s.values.reset()
	s.u.app.Preferences().SetString(prefImportFolder, filepath.Dir(path))
	s.file.SetText(path)
	s.setStatus("", widget.MediumImportance)
	s.notice.SetText("")
	s.body.Objects = []fyne.CanvasObject{s.preview}
	s.body.Refresh()
	s.refresh(true)
}

// reread reads the file again after the user changed how to read it.
func (s *importExportScreen) reread() { s.refresh(true) }

// refresh reads the file (reread) and predicts the counts of the current
// mapping with a dry run, in the background; the result replaces the
// preview unless a newer refresh started meanwhile.
func (s *importExportScreen) refresh(reread bool) {
	s.gen++
	gen := s.gen
	ready := make(chan struct{})
	s.ready = ready
	path, opts, t, mapping := s.path, s.opts, s.table, slices.Clone(s.mapping)
	values := s.values.values.Clone()
	var prevHeader []string
	if t != nil {
		prevHeader = t.Header
	}
	s.importBtn.Disable()
	if reread {
		s.counts.SetText(i18n.L("Reading the file…"))
	} else {
		s.counts.SetText(i18n.L("Counting…"))
	}
	s.bottom.Objects = []fyne.CanvasObject{s.ready2go}
	s.bottom.Refresh()
	svc := s.u.svc
	go func() {
		var err error
		if reread {
			var guessed []string
			t, guessed, err = customers.ReadImport(path, customers.ImportOptions{Job: importer.Job{Options: opts}})
			if err == nil && (len(mapping) != len(t.Header) || !slices.Equal(prevHeader, t.Header)) {
				mapping = guessed // new columns: guess again; same columns: keep the user's choices
			}
		}
		var sum *customers.ImportSummary
		if err == nil {
			sum, err = svc.Customers.Import(context.Background(), t, mapping, customers.ImportOptions{Job: importer.Job{Options: opts, DryRun: true}, Values: values})
		}
		fyne.Do(func() {
			defer close(ready)
			if gen != s.gen {
				return
			}
			if err != nil {
				s.showReadError(err)
				return
			}
			s.showPreview(t, mapping, sum, reread)
		})
	}()
}

func (s *importExportScreen) showReadError(err error) {
	s.table, s.predict, s.maps = nil, nil, nil
	var why any = err
	var fe *importer.FileError
	if errors.As(err, &fe) {
		why = fe.Localize(i18n.L)
	}
	text := i18n.L("Cannot read {{.File}}: {{.Err}}.", map[string]any{"File": filepath.Base(s.path), "Err": why})
	if s.opts != (importer.Options{}) {
		// The user's encoding, delimiter or header row does not fit the
		// file: keep the controls so that they can change it back.
		s.grid.Refresh()
		s.shown.SetText("")
		s.legend.Hide()
		s.counts.SetText("")
		s.setStatus(text, widget.DangerImportance)
		return
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.DangerImportance
	choose := widget.NewButtonWithIcon(i18n.L("Choose file…"), theme.FolderOpenIcon(), s.chooseFile)
	s.body.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(msg, container.NewHBox(choose)), nil, nil, nil)}
	s.body.Refresh()
	s.bottom.Objects = nil
	s.bottom.Refresh()
}

// showPreview shows a table read and its predicted counts.
func (s *importExportScreen) showPreview(t *importer.Table, mapping []string, sum *customers.ImportSummary, reread bool) {
	s.table, s.mapping, s.predict = t, mapping, sum
	if reread {
		s.setStatus("", widget.MediumImportance)
		s.setting = true
		xlsx := t.Format == importer.FormatXLSX
		for _, o := range s.options.Objects[:4] {
			if xlsx {
				o.Hide()
			} else {
				o.Show()
			}
		}
		for _, o := range s.options.Objects[6:] {
			if xlsx {
				o.Show()
			} else {
				o.Hide()
			}
		}
		if xlsx {
			s.sheet.Options = t.Sheets
			s.sheet.SetSelected(t.Sheet)
		} else {
			s.encoding.SetSelectedIndex(encodingChoice(t.Encoding))
			for i, d := range delimiters {
				if d.code == t.Delimiter {
					s.delim.SetSelectedIndex(i)
				}
			}
		}
		s.header.SetText(strconv.Itoa(t.HeaderRow))
		s.setting = false
		s.buildMapping()
		s.shown.SetText(i18n.L("The first {{.N}} of {{.Rows}} rows, as they will be read", map[string]any{"N": min(previewRows, len(t.Rows)), "Rows": len(t.Rows)}))
	}
	s.values.merge(sum.Unmatched)
	s.values.build(func() { s.refresh(false) })
	s.marks = map[int]widget.Importance{}
	for _, w := range sum.Warnings {
		s.marks[w.Line] = widget.WarningImportance
	}
	for _, r := range sum.Rejects {
		s.marks[r.Line] = widget.DangerImportance
	}
	s.grid.Refresh()
	if len(s.marks) > 0 {
		s.legend.Show()
	} else {
		s.legend.Hide()
	}

	text := i18n.L("Predicted: {{.New}} new, {{.Merged}} merged into existing customers, {{.Rejected}} rejected, {{.Blank}} blank ({{.Rows}} rows).",
		map[string]any{"New": sum.New, "Merged": sum.Merged, "Rejected": sum.Rejected, "Blank": sum.Blank, "Rows": sum.Rows})
	if sum.Summary > 0 {
		text += " " + i18n.L("Skipped: summary — {{.N}} rows that sum the table (合计, Total) or note under it.", map[string]any{"N": sum.Summary})
	}
	for _, g := range importer.GroupIssues(sum.Warnings) {
		text += "\n" + g.Text()
	}
	if !slices.Contains(mapping, "name") {
		text += " " + i18n.L("No column is mapped to the customer name: every row would be rejected.")
	}
	s.counts.SetText(text)
	if sum.New+sum.Merged > 0 {
		s.importBtn.Enable()
	} else {
		s.importBtn.Disable()
	}
}

// Mapping drop-downs: one a column, "kept in the notes" first, then every target.

func targetLabel(name string) string {
	switch name {
	case "contact":
		return i18n.L("Contact")
	case "contact_title":
		return i18n.L("Contact title")
	case "revenue_wan":
		return i18n.L("Annual revenue (10,000 yuan)")
	}
	if f, ok := customers.FieldByName(name); ok {
		return i18n.L(f.Label)
	}
	return name
}

func (s *importExportScreen) buildMapping() {
	names := importer.TargetNames(importer.CustomerTargets)
	opts := []string{i18n.L("Not imported (kept in notes)")}
	for _, n := range names {
		opts = append(opts, targetLabel(n))
	}
	s.maps = make([]*widget.Select, len(s.table.Header))
	for col := range s.maps {
		sel := widget.NewSelect(opts, nil)
		if i := slices.Index(names, s.mapping[col]); i >= 0 {
			sel.SetSelectedIndex(i + 1)
		} else {
			sel.SetSelectedIndex(0)
		}
		sel.OnChanged = func(string) { s.mapColumn(col, sel.SelectedIndex()) }
		s.maps[col] = sel
	}
	for col := range s.maps {
		s.grid.SetColumnWidth(col, s.columnWidth(col))
	}
	s.grid.SetColumnWidth(-1, 56)
	h := widget.NewLabel("0").MinSize().Height
	for r := range min(previewRows, len(s.table.Rows)) {
		s.grid.SetRowHeight(r, h)
	}
}

// mapColumn maps column col to the target at index i of the drop-down (0:
// none). A target belongs to one column: the column that had it loses it.
func (s *importExportScreen) mapColumn(col, i int) {
	if s.setting || s.table == nil {
		return
	}
	target := ""
	if i > 0 {
		target = importer.CustomerTargets[i-1].Name
	}
	s.setting = true
	for j, m := range s.mapping {
		if j != col && target != "" && m == target {
			s.mapping[j] = ""
			s.maps[j].SetSelectedIndex(0)
		}
	}
	s.setting = false
	s.mapping[col] = target
	for j := range s.maps {
		s.grid.SetColumnWidth(j, s.columnWidth(j))
	}
	s.refresh(false)
}

// columnWidth fits a column of the preview to its header, its mapping and
// the cells shown, within limits.
func (s *importExportScreen) columnWidth(col int) float32 {
	size, pad := theme.TextSize(), theme.InnerPadding()
	text := func(t string, bold bool) float32 {
		return fyne.MeasureText(t, size, fyne.TextStyle{Bold: bold}).Width + 3*pad // the label's padding, and some air
	}
	w := text(s.maps[col].Selected, false) + theme.IconInlineSize() + pad
	w = max(w, text(s.table.Header[col], true))
	for _, r := range s.table.Rows[:min(previewRows, len(s.table.Rows))] {
		w = max(w, text(r.Cells[col], false))
	}
	return min(max(w, 90), 240)
}

// The preview table.

func (s *importExportScreen) gridSize() (int, int) {
	if s.table == nil {
		return 0, 0
	}
	return min(previewRows, len(s.table.Rows)), len(s.table.Header)
}

func (s *importExportScreen) newCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (s *importExportScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if s.table == nil || id.Row >= len(s.table.Rows) || id.Col >= len(s.table.Rows[id.Row].Cells) {
		l.SetText("")
		return
	}
	l.SetText(strings.ReplaceAll(s.table.Rows[id.Row].Cells[id.Col], "\n", " ⏎ "))
}

func (s *importExportScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	l := box.Objects[0].(*widget.Label)
	slot := box.Objects[1].(*fyne.Container)
	l.Importance = widget.MediumImportance
	switch {
	case s.table == nil:
		l.SetText("")
		slot.Objects = nil
	case id.Row < 0 && id.Col >= 0 && id.Col < len(s.maps): // a column: its header and mapping
		h := s.table.Header[id.Col]
		if h == "" {
			h = i18n.L("Column {{.N}}", map[string]any{"N": id.Col + 1})
		}
		l.SetText(h)
		slot.Objects = []fyne.CanvasObject{s.maps[id.Col]}
	case id.Col < 0 && id.Row >= 0 && id.Row < len(s.table.Rows): // a row: its line in the file
		line := s.table.Rows[id.Row].Line
		l.SetText(strconv.Itoa(line))
		if imp, ok := s.marks[line]; ok {
			l.Importance = imp
		}
		slot.Objects = nil
	default: // the corner
		l.SetText(i18n.L("Line"))
		slot.Objects = nil
	}
	l.Refresh()
	slot.Refresh()
}

// Importing.

// runImport imports the previewed table with its mapping in the background,
// with a progress bar and Cancel.
func (s *importExportScreen) runImport() { s.startImport(context.Background()) }

func (s *importExportScreen) startImport(parent context.Context) {
	if s.table == nil || s.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(parent)
	s.cancel = cancel
	ready := make(chan struct{})
	s.ready = ready
	t, mapping, opts, path := s.table, slices.Clone(s.mapping), s.opts, s.path
	values := s.values.values.Clone()

	s.setStatus("", widget.MediumImportance)
	s.progress.SetValue(0)
	s.progress.Hide()
	s.waiting.Show()
	s.waiting.Start()
	s.cancelBtn.Enable()
	s.bottom.Objects = []fyne.CanvasObject{s.running}
	s.bottom.Refresh()
	for _, m := range s.maps {
		m.Disable()
	}
	s.options.Hide()

	// Progress comes from the store's writers, two at a time: one at a
	// time and only when the percentage moves reaches the widgets.
	var mu sync.Mutex
	shown := -1
	progress := func(done, total int) {
		if total == 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		pct := done * 100 / total
		if pct == shown {
			return
		}
		shown = pct
		fyne.Do(func() {
			s.waiting.Stop()
			s.waiting.Hide()
			s.progress.Show()
			s.progress.SetValue(float64(pct) / 100)
		})
	}
	svc := s.u.svc
	hook := s.importHook
	go func() {
		if hook != nil {
			hook()
		}
		sum, err := svc.Customers.Import(ctx, t, mapping, customers.ImportOptions{
			Job: importer.Job{
				Options:   opts,
				Translate: func(m string) string { return i18n.L(m) },
				Progress:  progress,
			},
			Values: values,
		})
		if err == nil {
			// A big import drops the store's in-memory list; build it again
			// here rather than in the customers screen's reload on the UI
			// goroutine.
			svc.Customers.List(customers.Query{Sort: "name", Limit: 1})
		}
		fyne.Do(func() {
			defer close(ready)
			defer s.importEnded()
			cancel()
			s.cancel = nil
			s.waiting.Stop()
			for _, m := range s.maps {
				m.Enable()
			}
			s.options.Show()
			switch {
			case errors.Is(err, importer.ErrCancelled):
				s.bottom.Objects = []fyne.CanvasObject{s.ready2go}
				s.bottom.Refresh()
				s.setStatus(i18n.L("Cancelled: nothing was imported."), widget.WarningImportance)
			case err != nil:
				s.bottom.Objects = []fyne.CanvasObject{s.ready2go}
				s.bottom.Refresh()
				s.setStatus(i18n.L("Import of {{.File}} failed: {{.Err}}", map[string]any{"File": filepath.Base(path), "Err": err}), widget.DangerImportance)
			default:
				s.last, s.lastRun = sum, path
				s.showSummary()
				s.u.customers.reload()
				s.history.reload()
			}
		})
	}()
}

// setStatus shows a message under the counts; "" hides it.
func (s *importExportScreen) setStatus(text string, imp widget.Importance) {
	s.status.Importance = imp
	s.status.SetText(text)
	if text == "" {
		s.status.Hide()
	} else {
		s.status.Show()
	}
}

// fixedWidth gives o a width of its own, whatever it shows.
func fixedWidth(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

func (s *importExportScreen) cancelImport() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancelBtn.Disable()
}

// showSummary replaces the preview by the card of the import just finished.
func (s *importExportScreen) showSummary() {
	sum := s.last
	stat := func(label string, n int, imp widget.Importance) fyne.CanvasObject {
		v := widget.NewLabelWithStyle(strconv.Itoa(n), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		v.SizeName = theme.SizeNameSubHeadingText
		v.Importance = imp
		return container.NewVBox(v, widget.NewLabelWithStyle(i18n.L(label), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	rejImp := widget.MediumImportance
	if sum.Rejected > 0 {
		rejImp = widget.DangerImportance
	}
	stats := container.NewGridWithColumns(6,
		stat("Rows", sum.Rows, widget.MediumImportance),
		stat("New", sum.New, widget.SuccessImportance),
		stat("Merged", sum.Merged, widget.MediumImportance),
		stat("Rejected", sum.Rejected, rejImp),
		stat("Blank rows", sum.Blank, widget.MediumImportance),
		stat("Skipped: summary", sum.Summary, widget.MediumImportance),
	)
	notes := []fyne.CanvasObject{
		widget.NewLabel(i18n.L("Batch {{.Batch}}", map[string]any{"Batch": sum.Batch})),
	}
	if sum.Merged > 0 {
		notes = append(notes, widget.NewLabel(i18n.L("Merged customers only had their blank fields filled in; nothing anyone typed was overwritten.")))
	}
	if sum.RejectedFile != "" {
		l := widget.NewLabel(i18n.L("Rejected rows and every warning, with the reason, are in {{.File}}.", map[string]any{"File": sum.RejectedFile}))
		l.Wrapping = fyne.TextWrapWord
		notes = append(notes, l)
	}
	buttons := container.NewHBox()
	if sum.RejectedFile != "" {
		buttons.Add(widget.NewButtonWithIcon(i18n.L("Open rejected rows"), theme.DocumentIcon(), func() { s.openRejected(sum.RejectedFile) }))
	}
	undo := widget.NewButtonWithIcon(i18n.L("Undo this import"), theme.ContentUndoIcon(), func() { s.confirmUndo(sum.Batch, s.lastRun) })
	buttons.Add(undo)
	another := widget.NewButtonWithIcon(i18n.L("Import another file…"), theme.FolderOpenIcon(), s.chooseFile)
	another.Importance = widget.HighImportance
	buttons.Add(another)
	card := widget.NewCard(i18n.L("Import finished"), s.lastRun, container.NewVBox(stats, container.NewVBox(notes...), buttons))

	issues := issueLines(sum)
	var list fyne.CanvasObject
	if len(issues) == 0 {
		list = widget.NewLabel(i18n.L("No warnings."))
	} else {
		l := widget.NewList(func() int { return len(issues) },
			func() fyne.CanvasObject {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				return l
			},
			func(i widget.ListItemID, o fyne.CanvasObject) {
				o.(*widget.Label).SetText(issues[i].text)
				o.(*widget.Label).Importance = issues[i].imp
				o.(*widget.Label).Refresh()
			})
		list = l
	}
	head := widget.NewLabelWithStyle(i18n.L("Rejected rows and warnings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.body.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(card, head), nil, nil, nil, list)}
	s.body.Refresh()
	s.bottom.Objects = nil
	s.bottom.Refresh()
}

// issue is one line of the summary's warnings list.
type issue struct {
	text string
	imp  widget.Importance
}

// issueLines lists the rejected rows (the first maxIssues, then how many
// more), then one line a column of warnings.
func issueLines(sum *customers.ImportSummary) []issue {
	var out []issue
	line := func(r importer.RowIssue) string {
		if r.Column == "" {
			return i18n.L("Line {{.Line}}: {{.Msg}}", map[string]any{"Line": r.Line, "Msg": i18n.L(r.Msg)})
		}
		col := r.Column
		if f, ok := customers.FieldByName(col); ok {
			col = i18n.L(f.Label) // a check of the customer names its field
		}
		return i18n.L("Line {{.Line}}, {{.Column}}: {{.Msg}}", map[string]any{"Line": r.Line, "Column": col, "Msg": i18n.L(r.Msg)})
	}
	for _, r := range sum.Rejects {
		out = append(out, issue{line(r) + " " + i18n.L("(rejected, not imported)"), widget.DangerImportance})
	}
	if n := len(out) - maxIssues; n > 0 {
		out = append(out[:maxIssues], issue{i18n.L("… {{.N}} more", map[string]any{"N": n}), widget.MediumImportance})
	}
	// Warnings: one line a column, with counts and two of the values.
	for _, g := range importer.GroupIssues(sum.Warnings) {
		out = append(out, issue{g.Text(), widget.WarningImportance})
	}
	return out
}

// openRejected opens the rejected rows' CSV in the program the system uses
// for CSV (Excel, WPS …).
func (s *importExportScreen) openRejected(path string) {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err == nil {
		err = s.u.app.OpenURL(u)
	}
	if err != nil {
		showError(fmt.Errorf("%s: %w", path, err), s.u.win)
	}
}

// Undo, from the summary and from the history.

// confirmUndo asks before undoing batch id (an import of file).
func (s *importExportScreen) confirmUndo(id, file string) {
	msg := i18n.L("Undo the import of {{.File}}? The customers it added are removed and those it merged get their earlier values back.",
		map[string]any{"File": filepath.Base(file)})
	d := dialog.NewConfirm(i18n.L("Undo import"), msg, func(ok bool) {
		if ok {
			s.undo(id, false)
		}
	}, s.u.win)
	d.SetConfirmText(i18n.L("Undo import"))
	d.SetDismissText(i18n.L("Cancel"))
	showDialog(d, s.u.win)
}

// undo takes batch id back. When customers were edited after the import it
// names them and asks again before forcing.
func (s *importExportScreen) undo(id string, force bool) error {
	err := s.u.svc.Customers.UndoImport(id, force)
	var touched *customers.TouchedError
	if errors.As(err, &touched) {
		names := strings.Join(touched.Names, "、")
		if n := len(touched.Names); n > 10 {
			names = i18n.L("{{.Names}} and {{.N}} more", map[string]any{"Names": strings.Join(touched.Names[:10], "、"), "N": n - 10})
		}
		msg := i18n.L("{{.N}} customers were edited after this import: {{.Names}}. Undoing it loses those edits. Undo anyway?",
			map[string]any{"N": len(touched.Names), "Names": names})
		d := dialog.NewConfirm(i18n.L("Undo import"), msg, func(ok bool) {
			if ok {
				s.undo(id, true)
			}
		}, s.u.win)
		d.SetConfirmText(i18n.L("Undo anyway"))
		d.SetDismissText(i18n.L("Cancel"))
		showDialog(d, s.u.win)
		return err
	}
	if err != nil {
		showError(err, s.u.win)
		return err
	}
	s.u.customers.reload()
	s.history.reload()
	if s.last != nil && s.last.Batch == id {
		s.last = nil
		s.body.Objects = []fyne.CanvasObject{s.start}
		s.body.Refresh()
		s.bottom.Objects = nil
		s.bottom.Refresh()
		s.notice.SetText(i18n.L("Import {{.Batch}} undone.", map[string]any{"Batch": id}))
	}
	return nil
}
