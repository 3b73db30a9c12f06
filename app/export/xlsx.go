package export

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kehu-crm/kehu/data/model"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// Column widths of .xlsx, in Excel's units (about one Latin character).
const (
	minWidth = 8
	maxWidth = 50
)

// Number formats of .xlsx: built-in 4 is "#,##0.00", 49 is Text ("@").
const (
	numFmtMoney = 4
	numFmtText  = 49
	timeFmt     = "yyyy-mm-dd hh:mm"
)

// writeXLSX writes t as a workbook of one sheet: a bold header row frozen
// above the data, columns as wide as their content, amounts as numbers.
func writeXLSX(w io.Writer, sheet string, t *table) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: numFmtMoney})
	if err != nil {
		return err
	}
	tf := timeFmt
	when, err := f.NewStyle(&excelize.Style{CustomNumFmt: &tf})
	if err != nil {
		return err
	}
	txt, err := f.NewStyle(&excelize.Style{NumFmt: numFmtText})
	if err != nil {
		return err
	}

	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Widths and panes go before the first row.
	for i, wd := range widths(t) {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	vals := make([]any, len(t.head))
	for i, h := range t.head {
		vals[i] = excelize.Cell{StyleID: head, Value: h}
	}
	if err := sw.SetRow("A1", vals); err != nil {
		return err
	}
	for r, row := range t.rows {
		for i, c := range row {
			vals[i] = nil // an empty cell is left out
			switch {
			case c.kind == amount && c.s != "":
				v, _ := strconv.ParseFloat(c.s, 64) // display only; CSV and JSON Lines keep the exact string
				vals[i] = excelize.Cell{StyleID: money, Value: v}
			case c.kind == stamp && c.s != "":
				// Excel has no time zones: store the local wall clock.
				at := time.Date(c.t.Year(), c.t.Month(), c.t.Day(), c.t.Hour(), c.t.Minute(), c.t.Second(), 0, time.UTC)
				vals[i] = excelize.Cell{StyleID: when, Value: at}
			case c.kind == text && risky(c.s):
				vals[i] = excelize.Cell{StyleID: txt, Value: c.s}
			case c.kind == text && c.s != "":
				vals[i] = c.s
			}
		}
		cellRef, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cellRef, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// widths sizes each column to its longest line, wide characters counting
// two, within minWidth and maxWidth.
func widths(t *table) []float64 {
	n := make([]int, len(t.head))
	for i, h := range t.head {
		n[i] = textWidth(h) + 1 // bold
	}
	for _, row := range t.rows {
		for i, c := range row {
			w := 0
			switch {
			case c.kind == amount && c.s != "":
				w = len(model.GroupMoney(c.m))
			case c.kind == stamp && c.s != "":
				w = len(timeLayout)
			default:
				w = textWidth(c.s)
			}
			n[i] = max(n[i], w)
		}
	}
	out := make([]float64, len(n))
	for i, w := range n {
		out[i] = float64(min(max(w+2, minWidth), maxWidth))
	}
	return out
}

// textWidth is the display width of the longest line of s.
func textWidth(s string) int {
	longest := 0
	for line := range strings.SplitSeq(s, "\n") {
		w := 0
		for _, r := range line {
			switch {
			case unicode.Is(unicode.Mn, r) || unicode.IsControl(r):
			case isWide(r):
				w += 2
			default:
				w++
			}
		}
		longest = max(longest, w)
	}
	return longest
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}
