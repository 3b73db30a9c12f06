package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadXLSX mutates the committed workbooks (Excel's and LibreOffice's):
// reading any such bytes as .xlsx gives a table or an error, never a panic,
// and every row of a table has exactly one cell per header column.
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
		for _, r := range tab.Rows {
			if len(r.Cells) != len(tab.Header) {
				t.Fatalf("row %d: %d cells, %d columns", r.Line, len(r.Cells), len(tab.Header))
			}
		}
	})
}
