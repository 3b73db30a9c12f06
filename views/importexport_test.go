package views

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// distributorCSV is a partner's list as Excel on Chinese Windows saves it:
// GB18030, a title row above the header, a customer already in the archive
// (宝岛眼镜公司), a row without a name, a blank row and a bad email.
const distributorCSV = "2024年经销商名单,,,,,\r\n" +
	"客户名称,联系人,电话,城市,邮箱,年销售额(万元)\r\n" +
	"宝岛眼镜公司,李娜,13900000002,上海市,,800\r\n" +
	"明月眼镜店,张三,13800000001,杭州市,zs@example.com,120\r\n" +
	",王五,13800000003,苏州市,,50\r\n" +
	",,,,,\r\n" +
	"星光眼镜,赵六,13800000004,宁波市,not-an-email,30\r\n"

func writeDistributors(t *testing.T) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(distributorCSV))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "经销商.csv")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// openPreview opens a file as the file dialog and a drop do, and waits for
// the preview.
func openPreview(t *testing.T, u *UI, path string) *importExportScreen {
	t.Helper()
	s := u.imports
	u.openImport(path)
	<-s.ready
	if s.table == nil || s.predict == nil {
		t.Fatalf("no preview: %q", s.counts.Text)
	}
	return s
}

// choose picks an option of a drop-down as a click in its menu does, with
// one difference: the drop-down is redrawn before its OnChanged runs rather
// than after. OnChanged starts the background count, and the test driver
// runs that goroutine's fyne.Do at once instead of queueing it for the UI
// goroutine as the real driver does, so the redraw must come first.
func choose(sel *widget.Select, option string) {
	changed := sel.OnChanged
	sel.OnChanged = nil
	sel.SetSelected(option)
	sel.OnChanged = changed
	changed(option)
}

// importNow taps Import and waits for the result.
func importNow(t *testing.T, s *importExportScreen) {
	t.Helper()
	if s.importBtn.Disabled() {
		t.Fatal("Import is disabled")
	}
	test.Tap(s.importBtn)
	<-s.ready
}

func TestImportExport_PreviewMapImportUndo(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	s := openPreview(t, u, writeDistributors(t))

	// What was detected is shown and changeable.
	if s.header.Text != "2" || s.table.HeaderRow != 2 {
		t.Errorf("header row: entry %q, table %d; want 2 (the title row skipped)", s.header.Text, s.table.HeaderRow)
	}
	if got := s.encoding.Selected; got != "GB18030 / GBK" {
		t.Errorf("encoding %q", got)
	}
	if got := s.delim.Selected; got != "Comma ," {
		t.Errorf("delimiter %q", got)
	}
	if r, c := s.gridSize(); r != 5 || c != 6 {
		t.Errorf("preview %d×%d, want 5 rows × 6 columns", r, c)
	}
	if got := s.maps[0].Selected; got != i18n.L("Name") {
		t.Errorf("column 1 mapped to %q", got)
	}
	if got := s.maps[5].Selected; got != "Annual revenue (10,000 yuan)" {
		t.Errorf("column 6 mapped to %q", got)
	}

	// The predicted counts, before anything is written.
	p := s.predict
	if p.New != 2 || p.Merged != 1 || p.Rejected != 1 || p.Blank != 1 || len(p.Warnings) != 1 {
		t.Fatalf("predicted %+v", p)
	}
	if !strings.Contains(s.counts.Text, "2 new, 1 merged into existing customers, 1 rejected, 1 blank (5 rows)") {
		t.Errorf("counts label %q", s.counts.Text)
	}
	if n, _ := svc.Customers.Count(); n != 3 {
		t.Fatalf("the preview wrote: %d customers", n)
	}

	// Keep the email column in the notes: the warning goes, the counts are
	// computed again.
	choose(s.maps[4], "Not imported (kept in notes)")
	<-s.ready
	if s.mapping[4] != "" || len(s.predict.Warnings) != 0 {
		t.Fatalf("after mapping: %v, %d warnings", s.mapping, len(s.predict.Warnings))
	}
	// A field belongs to one column: giving 城市 the name takes it from 客户名称.
	choose(s.maps[3], i18n.L("Name"))
	<-s.ready
	if s.mapping[0] != "" || s.maps[0].SelectedIndex() != 0 || s.mapping[3] != "name" {
		t.Fatalf("name not moved: %v", s.mapping)
	}
	choose(s.maps[0], i18n.L("Name"))
	<-s.ready
	if s.mapping[0] != "name" || s.mapping[3] != "" {
		t.Fatalf("name not moved back: %v", s.mapping)
	}
	choose(s.maps[3], i18n.L("City"))
	<-s.ready

	importNow(t, s)
	sum := s.last
	if sum == nil || sum.Batch == "" || sum.New != 2 || sum.Merged != 1 || sum.Rejected != 1 {
		t.Fatalf("summary %+v (status %q)", sum, s.status.Text)
	}
	if n, _ := svc.Customers.Count(); n != 5 {
		t.Errorf("stored %d customers, want 5", n)
	}
	if len(u.customers.rows) != 5 {
		t.Errorf("customers screen shows %d rows", len(u.customers.rows))
	}
	c, err := svc.Customers.Resolve("明月眼镜店")
	if err != nil || !strings.Contains(c.Notes, "zs@example.com") || c.City != "杭州市" {
		t.Errorf("imported customer %+v %v", c, err)
	}
	if _, err := os.Stat(sum.RejectedFile); err != nil {
		t.Errorf("rejected rows file: %v", err)
	}
	h := s.history
	if len(h.batches) != 1 || h.batches[0].ID != sum.Batch || h.batches[0].State != "done" {
		t.Fatalf("history %+v", h.batches)
	}

	// Undo through the function the buttons' confirmation calls.
	if err := s.undo(sum.Batch, false); err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.Customers.Count(); n != 3 {
		t.Errorf("after undo %d customers, want 3", n)
	}
	if len(u.customers.rows) != 3 {
		t.Errorf("customers screen shows %d rows after undo", len(u.customers.rows))
	}
	if h.batches[0].State != "undone" {
		t.Errorf("history state %q", h.batches[0].State)
	}
	if !strings.Contains(s.notice.Text, sum.Batch) {
		t.Errorf("notice %q", s.notice.Text)
	}
}

func TestImportExport_UndoAsksWhenEdited(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	s := openPreview(t, u, writeDistributors(t))
	importNow(t, s)
	id := s.last.Batch
	c, err := svc.Customers.Resolve("星光眼镜")
	if err != nil {
		t.Fatal(err)
	}
	c.City = "温州市"
	if _, err := svc.Customers.Update(c); err != nil {
		t.Fatal(err)
	}
	var touched *customers.TouchedError
	if err := s.undo(id, false); !errors.As(err, &touched) || len(touched.Names) != 1 || touched.Names[0] != "星光眼镜" {
		t.Fatalf("undo of an edited import: %v", err)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no confirmation naming the edited customers")
	}
	if n, _ := svc.Customers.Count(); n != 5 {
		t.Fatalf("undone without asking: %d customers", n)
	}
	if err := s.undo(id, true); err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.Customers.Count(); n != 3 {
		t.Errorf("after forced undo %d customers", n)
	}
}

func TestImportExport_CancelImportsNothing(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	s := openPreview(t, u, writeDistributors(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Cancel were pressed at once
	s.startImport(ctx)
	<-s.ready
	if s.status.Text != "Cancelled: nothing was imported." {
		t.Errorf("status %q", s.status.Text)
	}
	if n, _ := svc.Customers.Count(); n != 3 {
		t.Errorf("%d customers after cancel", n)
	}
	for _, b := range s.history.batches {
		if b.State == "done" {
			t.Errorf("a cancelled import is listed as done: %+v", b)
		}
	}
	if s.importBtn.Disabled() {
		t.Error("Import cannot be tried again")
	}
}

func TestImportExport_ReadErrorIsShown(t *testing.T) {
	u, _ := newTestUI(t)
	path := filepath.Join(t.TempDir(), "old.xls")
	os.WriteFile(path, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, 0o644)
	s := u.imports
	u.openImport(path)
	<-s.ready
	if s.table != nil {
		t.Fatal("an .xls file was previewed")
	}
}

func TestImportExport_Export(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	e := u.imports.export
	e.format.SetSelectedIndex(3) // JSON Lines
	if got := u.app.Preferences().String(prefExportFormat); got != "jsonl" {
		t.Errorf("format pref %q", got)
	}
	path := filepath.Join(t.TempDir(), "客户.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	e.write(f, path, e.selected())
	<-e.exported
	if !strings.Contains(e.status.Text, "Exported 3 customers") {
		t.Errorf("status %q", e.status.Text)
	}
	r, _ := os.Open(path)
	defer r.Close()
	lines := 0
	for sc := bufio.NewScanner(r); sc.Scan(); {
		lines++
	}
	if lines != 3 {
		t.Errorf("%d lines exported", lines)
	}
	if got := u.app.Preferences().String(prefExportFolder); got != filepath.Dir(path) {
		t.Errorf("folder pref %q", got)
	}
}

// setEntry sets an entry's text as typing does, OnChanged last (see choose).
func setEntry(e *keyEntry, text string) {
	changed := e.OnChanged
	e.OnChanged = nil
	e.SetText(text)
	e.OnChanged = changed
	changed(text)
}

func TestImportExport_ChangedOptionsReread(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	s := openPreview(t, u, writeDistributors(t))

	// A header row past the end: the error is shown, the controls stay.
	setEntry(s.header, "99")
	<-s.ready
	if s.table != nil || !strings.Contains(s.status.Text, "past the last line") || !s.importBtn.Disabled() {
		t.Fatalf("header row 99: table %v, status %q", s.table != nil, s.status.Text)
	}
	// The title row as the header: one column named after the title.
	setEntry(s.header, "1")
	<-s.ready
	if s.table == nil || s.table.HeaderRow != 1 || s.status.Text != "" {
		t.Fatalf("header row 1: %+v, status %q", s.table, s.status.Text)
	}
	if s.predict.Rejected == 0 {
		t.Errorf("with the title as header nothing is rejected: %+v", s.predict)
	}
	setEntry(s.header, "2")
	<-s.ready
	if s.predict.New != 2 || s.mapping[0] != "name" {
		t.Errorf("back to line 2: %+v %v", s.predict, s.mapping)
	}

	// Forcing UTF-8 on a GB18030 file reads something else; GB18030 again reads it right.
	choose(s.encoding, "UTF-8")
	<-s.ready
	if s.opts.Encoding != "utf-8" {
		t.Errorf("encoding option %q", s.opts.Encoding)
	}
	choose(s.encoding, "GB18030 / GBK")
	<-s.ready
	if s.table == nil || s.table.Header[0] != "客户名称" {
		t.Errorf("GB18030 again: %+v (status %q)", s.table, s.status.Text)
	}
}
