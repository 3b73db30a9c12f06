package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var wantDistMapping = []string{"name", "contact", "phone", "province", "city", "address", "revenue_wan", "notes"}

// TestReadDistributors reads the same list in every format partners send and
// expects the same header and rows from each.
func TestReadDistributors(t *testing.T) {
	tests := []struct {
		name   string
		path   string                    // a committed fixture, or ""
		file   string                    // else: the name to write gen's bytes under in a temp dir
		gen    func(t testing.TB) []byte //
		format string
		enc    string
		delim  string
	}{
		{"gb18030 csv", "", "经销商.csv", fixtureGB18030, "csv", "gb18030", ","},
		{"utf-8 bom csv", "", "distributors.csv", fixtureUTF8BOM, "csv", "utf-8-bom", ","},
		{"utf-8 csv", "", "distributors.csv", fixtureUTF8, "csv", "utf-8", ","},
		{"utf-16 unicode text", "", "distributors.txt", fixtureUTF16, "csv", "utf-16le", "tab"},
		{"xlsx excelize", "", "distributors.xlsx", fixtureXLSX, "xlsx", "", ""},
		{"xlsx by magic bytes", "", "distributors.dat", fixtureXLSX, "xlsx", "", ""},
		{"committed gb18030", "testdata/distributors-gb18030.csv", "", nil, "csv", "gb18030", ","},
		{"committed utf-16", "testdata/distributors-utf16.txt", "", nil, "csv", "utf-16le", "tab"},
		{"committed xlsx", "testdata/distributors.xlsx", "", nil, "xlsx", "", ""},
		{"LibreOffice xlsx", "testdata/distributors-libreoffice.xlsx", "", nil, "xlsx", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = writeTemp(t, tt.file, tt.gen(t))
			}
			tab, err := Read(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tab.Format != tt.format || tab.Encoding != tt.enc || tab.Delimiter != tt.delim {
				t.Errorf("format/encoding/delimiter = %q/%q/%q, want %q/%q/%q",
					tab.Format, tab.Encoding, tab.Delimiter, tt.format, tt.enc, tt.delim)
			}
			if tab.HeaderRow != 2 {
				t.Errorf("HeaderRow = %d, want 2", tab.HeaderRow)
			}
			if !reflect.DeepEqual(tab.Header, wantHeader) {
				t.Errorf("Header = %q,\nwant %q", tab.Header, wantHeader)
			}
			cells := wantCells()
			if len(tab.Rows) != len(cells) {
				t.Fatalf("%d rows, want %d: %+v", len(tab.Rows), len(cells), tab.Rows)
			}
			for i, r := range tab.Rows {
				if r.Line != wantLines[i] {
					t.Errorf("row %d: Line = %d, want %d", i, r.Line, wantLines[i])
				}
				if !reflect.DeepEqual(r.Cells, cells[i]) {
					t.Errorf("row %d (line %d): Cells = %q,\nwant %q", i, r.Line, r.Cells, cells[i])
				}
				if r.Extra != nil {
					t.Errorf("row %d: Extra = %q, want none", i, r.Extra)
				}
				if r.Blank() != (distRows[i] == nil) {
					t.Errorf("row %d: Blank() = %v", i, r.Blank())
				}
			}
			if got := GuessMapping(tab.Header, CustomerTargets); !reflect.DeepEqual(got, wantDistMapping) {
				t.Errorf("GuessMapping = %q,\nwant %q", got, wantDistMapping)
			}
			if tt.format == "xlsx" && len(tab.Sheets) == 0 {
				t.Errorf("Sheets empty")
			}
		})
	}
}

func TestReadEnglishSemicolon(t *testing.T) {
	tab, err := Read("testdata/customers-en-semicolon.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "utf-8" || tab.Delimiter != ";" || tab.HeaderRow != 1 {
		t.Errorf("encoding/delimiter/header = %q/%q/%d", tab.Encoding, tab.Delimiter, tab.HeaderRow)
	}
	want := [][]string{
		{"Acme Optics Ltd", "Jane Doe", "+1 555 0100", "jane@acme.example", "Boston", "1200.50", "key account"},
		{"Smith; Sons", "John Smith", "555-0101", "john@smith.example", "Denver", "300", ""},
		{"Lens World", "", "555-0102", "", "Austin", "80", "new"},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("%d rows", len(tab.Rows))
	}
	for i, r := range tab.Rows {
		if !reflect.DeepEqual(r.Cells, want[i]) || r.Line != i+2 {
			t.Errorf("row %d: line %d %q, want line %d %q", i, r.Line, r.Cells, i+2, want[i])
		}
	}
	got := GuessMapping(tab.Header, CustomerTargets)
	wantMap := []string{"name", "contact", "phone", "email", "city", "revenue", "notes"}
	if !reflect.DeepEqual(got, wantMap) {
		t.Errorf("GuessMapping = %q, want %q", got, wantMap)
	}
}

func TestHeaderRowOverride(t *testing.T) {
	utf8 := fixtureUTF8BOM(t) // empty line 6 is the blank row; the last record spans 9–10
	xlsx := fixtureXLSX(t)
	tests := []struct {
		name      string
		file      string
		data      []byte
		headerRow int
		wantHead  []string
		wantRows  int
		wantErr   string
	}{
		{"explicit 2", "d.csv", utf8, 2, wantHeader, 7, ""},
		{"title as header", "d.csv", utf8, 1, []string{title}, 8, ""},
		{"first data row as header", "d.csv", utf8, 3, []string{"宝岛眼镜公司", "王芳", "13800000001", "上海", "上海", "上海市黄浦区南京东路100号", "800", "重点客户"}, 6, ""},
		{"blank line", "d.csv", utf8, 6, nil, 0, "line 6: bad header row: that line is blank"},
		{"inside quoted field", "d.csv", utf8, 10, nil, 0, "no record starts on that line"},
		{"past the end", "d.csv", utf8, 99, nil, 0, "line 99 is past the last line with data (10)"},
		{"negative", "d.csv", utf8, -1, nil, 0, "bad header row: -1"},
		{"xlsx explicit 2", "d.xlsx", xlsx, 2, wantHeader, 7, ""},
		{"xlsx blank row", "d.xlsx", xlsx, 6, nil, 0, "sheet 经销商: row 6: bad header row: that row is blank"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ReadBytes(tt.file, tt.data, Options{HeaderRow: tt.headerRow})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrHeaderRow) {
					t.Fatalf("err = %v, want …%s…", err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "file "+tt.file+": ") {
					t.Errorf("err %q does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tab.HeaderRow != tt.headerRow || !reflect.DeepEqual(tab.Header, tt.wantHead) || len(tab.Rows) != tt.wantRows {
				t.Errorf("header row %d %q, %d rows; want %d %q, %d rows", tab.HeaderRow, tab.Header, len(tab.Rows), tt.headerRow, tt.wantHead, tt.wantRows)
			}
		})
	}
	// The title as header: the data columns beyond its one column are kept in Extra.
	tab, err := ReadBytes("d.csv", utf8, Options{HeaderRow: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r := tab.Rows[0]; !reflect.DeepEqual(r.Cells, []string{"客户名称"}) || len(r.Extra) != 7 {
		t.Errorf("row 0 = %q + %q", r.Cells, r.Extra)
	}
}

func TestUnknownSheet(t *testing.T) {
	path := writeTemp(t, "d.xlsx", fixtureXLSX(t))
	_, err := Read(path, Options{Sheet: "Sheet9"})
	if !errors.Is(err, ErrUnknownSheet) || !strings.Contains(err.Error(), `"Sheet9"; the sheets are: 经销商, 说明`) {
		t.Fatalf("err = %v", err)
	}
	tab, err := Read(path, Options{Sheet: "说明"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "说明" || !reflect.DeepEqual(tab.Sheets, []string{"经销商", "说明"}) || tab.HeaderRow != 1 || len(tab.Rows) != 0 {
		t.Errorf("sheet %q of %q: header row %d, %d rows", tab.Sheet, tab.Sheets, tab.HeaderRow, len(tab.Rows))
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       string
		opts       Options
		is         error
		msg        string
	}{
		{"empty", "a.csv", "", Options{}, ErrNoRows, "file a.csv: no rows"},
		{"only blank lines", "a.csv", "\r\n\r\n  \n,,,\n", Options{}, ErrNoRows, "file a.csv: no rows"},
		{"only a BOM", "a.csv", "\xEF\xBB\xBF", Options{}, ErrNoRows, "file a.csv: no rows"},
		{"old xls", "a.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", Options{}, ErrXLS, "file a.xls: old Excel"},
		{"not a zip", "a.xlsx", "客户名称,电话\n", Options{}, ErrNotXLSX, "file a.xlsx: not a readable .xlsx file"},
		{"broken zip", "a.csv", "PK\x03\x04garbage", Options{}, ErrNotXLSX, "file a.csv: not a readable"},
		{"bad encoding option", "a.csv", "a,b\n", Options{Encoding: "latin-1"}, ErrUnknownEncoding, `file a.csv: unknown encoding "latin-1": use one of auto, utf-8, gb18030, utf-16`},
		{"bad delimiter option", "a.csv", "a,b\n", Options{Delimiter: "|"}, ErrUnknownDelimiter, `file a.csv: unknown delimiter "|"`},
		{"forced utf-8 on gbk", "a.csv", "\xbf\xcd\xbb\xa7,b\n", Options{Encoding: "utf-8"}, ErrNotUTF8, "file a.csv: not valid UTF-8 (first bad byte at offset 0); try --encoding gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBytes(tt.file, []byte(tt.data), tt.opts)
			if !errors.Is(err, tt.is) || !strings.HasPrefix(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v starting %q", err, tt.is, tt.msg)
			}
		})
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing.csv"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestReadLinesAndCells(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		lines []int
		cells [][]string
		extra [][]string
	}{
		{
			name:  "multi-line record shifts the next line",
			data:  "name,addr\r\nA,\"x\r\ny\r\nz\"\r\nB,b\r\n",
			lines: []int{2, 5},
			cells: [][]string{{"A", "x\ny\nz"}, {"B", "b"}},
		},
		{
			name:  "empty lines in the middle are rows, trailing ones are not",
			data:  "name,addr\n\nA,a\n\n\nB,b\n\n\n",
			lines: []int{2, 3, 4, 5, 6},
			cells: [][]string{{"", ""}, {"A", "a"}, {"", ""}, {"", ""}, {"B", "b"}},
		},
		{
			name:  "ragged rows: short padded, long kept in Extra",
			data:  "name,phone,city\nA\nB,1,c,extra,,\nC,2,d,,\n",
			lines: []int{2, 3, 4},
			cells: [][]string{{"A", "", ""}, {"B", "1", "c"}, {"C", "2", "d"}},
			extra: [][]string{nil, {"extra"}, nil},
		},
		{
			name:  "old Mac CR endings",
			data:  "name,city\rA,a\rB,b",
			lines: []int{2, 3},
			cells: [][]string{{"A", "a"}, {"B", "b"}},
		},
		{
			name:  "lazy quotes",
			data:  "name,size\nA 5\" lens,x\"y\n",
			lines: []int{2},
			cells: [][]string{{"A 5\" lens", "x\"y"}},
		},
		{
			name:  "header with trailing empty cells",
			data:  "name,city,,\nA,a,,\n",
			lines: []int{2},
			cells: [][]string{{"A", "a"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ReadBytes("t.csv", []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.Rows) != len(tt.lines) {
				t.Fatalf("%d rows %+v, want %d", len(tab.Rows), tab.Rows, len(tt.lines))
			}
			for i, r := range tab.Rows {
				if r.Line != tt.lines[i] || !reflect.DeepEqual(r.Cells, tt.cells[i]) {
					t.Errorf("row %d: line %d %q, want line %d %q", i, r.Line, r.Cells, tt.lines[i], tt.cells[i])
				}
				var wantExtra []string
				if tt.extra != nil {
					wantExtra = tt.extra[i]
				}
				if !reflect.DeepEqual(r.Extra, wantExtra) {
					t.Errorf("row %d: Extra %q, want %q", i, r.Extra, wantExtra)
				}
			}
		})
	}
}

func TestRowBlank(t *testing.T) {
	tests := []struct {
		row  Row
		want bool
	}{
		{Row{}, true},
		{Row{Cells: []string{"", " ", "\u3000", "\t\u00a0"}}, true},
		{Row{Cells: []string{"", "x"}}, false},
		{Row{Cells: []string{""}, Extra: []string{"y"}}, false},
		{Row{Cells: []string{"\u3000a\u3000"}}, false},
	}
	for i, tt := range tests {
		if got := tt.row.Blank(); got != tt.want {
			t.Errorf("%d: Blank(%q) = %v", i, tt.row.Cells, got)
		}
	}
}

// TestReadXLSXDisplayed: cells come as Excel shows them; a date typed as a bare
// serial number stays a number (the sales importer converts it).
func TestReadXLSXDisplayed(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetRow("Sheet1", "A1", &[]any{"日期", "客户", "金额", "数量"}))
	must(f.SetSheetRow("Sheet1", "A2", &[]any{45296, "宝岛眼镜公司", 1200.5, 3}))
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	must(err)
	must(f.SetCellStyle("Sheet1", "C2", "C2", money))
	must(f.SetSheetRow("Sheet1", "A4", &[]any{"", "", "", ""}))
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	must(err)
	tab, err := ReadBytes("sales.xlsx", buf.Bytes(), Options{})
	must(err)
	want := []string{"45296", "宝岛眼镜公司", "1,200.50", "3"}
	if len(tab.Rows) != 1 || !reflect.DeepEqual(tab.Rows[0].Cells, want) {
		t.Fatalf("rows %+v, want one row %q", tab.Rows, want)
	}
	if got := GuessMapping(tab.Header, SalesTargets); !reflect.DeepEqual(got, []string{"date", "customer", "amount", "quantity"}) {
		t.Errorf("GuessMapping = %q", got)
	}
}

func TestReadHugeAndUnterminated(t *testing.T) {
	huge := "name,notes\nA," + strings.Repeat("长", 2<<20) + "\nB,b\n"
	tab, err := ReadBytes("huge.csv", []byte(huge), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || len(tab.Rows[0].Cells[1]) != 6<<20 || tab.Rows[1].Line != 3 {
		t.Errorf("huge line: %d rows", len(tab.Rows))
	}
	// An unterminated quote would swallow the rest of the file into one
	// cell (encoding/csv with LazyQuotes): the file is refused at its line.
	_, err = ReadBytes("q.csv", []byte("name,notes\nA,\"open\nB,b\nC,c\n"), Options{})
	if !errors.Is(err, ErrBroken) || !strings.Contains(err.Error(), "q.csv: line 2: ") {
		t.Errorf("unterminated quote: %v", err)
	}
}

// TestValidUTF8: the halves agree with utf8.Valid wherever a character is
// cut.
func TestValidUTF8(t *testing.T) {
	text := []byte(strings.Repeat("日期,客户名称,金额\n", 1<<16))
	for _, cut := range []int{len(text) / 2, len(text)/2 + 1, len(text)/2 + 2} {
		for _, bad := range [][]byte{nil, {0xff}, {0xe6, 0x97}} {
			b := slices.Concat(text[:cut], bad, text[cut:])
			if got, want := validUTF8(b), utf8.Valid(b); got != want {
				t.Errorf("cut %d, %x inserted: %v, want %v", cut, bad, got, want)
			}
		}
	}
}

// TestFileErrorLocalize: where and what are both translated.
func TestFileErrorLocalize(t *testing.T) {
	tr := func(key string, args ...any) string {
		s := "<" + key + ">"
		if len(args) > 0 {
			if m, ok := args[0].(map[string]any); ok {
				s = fill(s, m)
			}
		}
		return s
	}
	for _, tc := range []struct{ where, want string }{
		{"line 14", "<File f.csv>, <line 14>: <m>"},
		{"sheet 客户 表 cell XFD3", "<File f.csv>, <sheet 客户 表 cell XFD3>: <m>"},
		{"part xl/worksheets/sheet1.xml line 2", "<File f.csv>, <part xl/worksheets/sheet1.xml line 2>: <m>"},
		{"", "<File f.csv>: <m>"},
	} {
		e := &FileError{File: "f.csv", Where: tc.where, Msg: "m"}
		if got := e.Localize(tr); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.where, got, tc.want)
		}
	}
}
