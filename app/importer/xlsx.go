package importer

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads one sheet of an .xlsx workbook: the cells as Excel displays
// them (number formats applied; a date without a date format stays a serial
// number), row numbers as in Excel.
func readXLSX(name string, b []byte, o Options) (t *Table, err error) {
	defer func() {
		// excelize is large and fed with whatever partners send: a panic in
		// it must not take the program down.
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("file %s: %w: %v", name, ErrNotXLSX, r)
		}
	}()
	if err := checkXLSX(name, b); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, fmt.Errorf("file %s: %w (%v); if it is a CSV file, rename it to .csv", name, ErrNotXLSX, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("file %s: %w: the workbook has no sheets", name, ErrNoRows)
	}
	sheet := sheets[0]
	if o.Sheet != "" {
		sheet = ""
		for _, s := range sheets {
			if s == o.Sheet {
				sheet = s
			}
		}
		if sheet == "" {
			for _, s := range sheets {
				if strings.EqualFold(trimCell(s), trimCell(o.Sheet)) {
					sheet = s
					break
				}
			}
		}
		if sheet == "" {
			return nil, fmt.Errorf("file %s: %w %q; the sheets are: %s", name, ErrUnknownSheet, o.Sheet, strings.Join(sheets, ", "))
		}
	}
	// f.Rows rather than f.GetRows: GetRows stops quietly at a broken row.
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("file %s: sheet %s: %w", name, sheet, err)
	}
	defer rows.Close()
	var recs []record
	for n := 1; rows.Next(); n++ { // Next steps through every row number, gaps included
		where := func(col int) string {
			if col < 1 {
				return fmt.Sprintf("sheet %s row %d", sheet, n)
			}
			cell, _ := excelize.CoordinatesToCellName(col, n)
			return fmt.Sprintf("sheet %s cell %s", sheet, cell)
		}
		if n > MaxRows {
			return nil, fileErr(name, where(0), ErrLimit, "More than {{.Max}} rows: split the file.", "Max", MaxRows)
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("file %s: sheet %s: row %d: %w", name, sheet, n, err)
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > MaxColumns {
			return nil, fileErr(name, where(len(cells)), ErrLimit, "More than {{.Max}} columns: delete the empty columns at the right, or keep only the columns to import.", "Max", MaxColumns)
		}
		for i, c := range cells {
			if len(c) > MaxCellLen && utf8.RuneCountInString(c) > MaxCellLen {
				return nil, fileErr(name, where(i+1), ErrLimit, "A cell of more than {{.Max}} characters, more than Excel allows: shorten it.", "Max", MaxCellLen)
			}
			if strings.IndexByte(c, 0) >= 0 {
				return nil, fileErr(name, where(i+1), ErrBroken, "A NUL byte in this cell: the workbook is damaged. Save it again in Excel or WPS.")
			}
		}
		recs = append(recs, record{line: n, end: n, cells: slices.Clip(cells)})
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("file %s: sheet %s: %w", name, sheet, err)
	}
	for len(recs) > 0 && nonEmpty(recs[len(recs)-1].cells) == 0 {
		recs = recs[:len(recs)-1] // rows after the last one with data
	}
	t = &Table{File: name, Format: FormatXLSX, Sheets: sheets, Sheet: sheet}
	if err := t.fill(recs, o.HeaderRow, "row"); err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File, fe.Where = name, "sheet "+sheet+" "+fe.Where
			return nil, fe
		}
		return nil, fmt.Errorf("file %s: sheet %s: %w", name, sheet, err)
	}
	return t, nil
}
