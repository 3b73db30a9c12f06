package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadXLSX mutates the committed workbooks (Excel's and LibreOffice's,
// and the hostile ones of TestHostileFiles in testdata/fuzz/FuzzReadXLSX):
// reading any such bytes as .xlsx gives a table or an error, never a panic;
// every row of a table has exactly one cell per header column, and no cell
// is over MaxCellLen characters or holds a NUL. `make fuzz` runs it.
func FuzzReadXLSX(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.xlsx")
	for i, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(i))
	}
	f.Add([]byte("PK\x03\x04"), uint8(0))
	f.Add([]byte{}, uint8(1))
	f.Fuzz(func(t *testing.T, b []byte, opt uint8) {
		o := Options{}
		if opt&1 == 1 {
			o.HeaderRow = 1 + int(opt>>1)%4
		}
		tab, err := ReadBytes("f.xlsx", b, o)
		if err != nil {
			return
		}
		if len(tab.Header) > MaxColumns || len(tab.Rows) > MaxRows {
			t.Fatalf("%d columns, %d rows", len(tab.Header), len(tab.Rows))
		}
		for _, r := range tab.Rows {
			if len(r.Cells) != len(tab.Header) {
				t.Fatalf("row %d: %d cells, %d columns", r.Line, len(r.Cells), len(tab.Header))
			}
			for _, c := range append(r.Cells, r.Extra...) {
				if utf8.RuneCountInString(c) > MaxCellLen || strings.IndexByte(c, 0) >= 0 {
					t.Fatalf("row %d: a cell of %d characters or with a NUL", r.Line, utf8.RuneCountInString(c))
				}
			}
		}
	})
}
