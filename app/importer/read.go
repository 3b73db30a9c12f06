package importer

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Options are the user's overrides of what Read detects.
type Options struct {
	Encoding  string // "auto" (default, also ""), "utf-8", "gb18030", "utf-16"
	Delimiter string // "auto" (default), ",", ";", "tab"
	HeaderRow int    // 0 = auto; else the 1-based line (CSV) or row (xlsx) of the header
	Sheet     string // xlsx sheet name; "" = first sheet
}

// Table is a file read into a header and rows, with what was detected.
type Table struct {
	File      string
	Format    string   // "csv" or "xlsx"
	Encoding  string   // detected or forced: "utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be", "" for xlsx
	Delimiter string   // ",", ";", "tab" ("" for xlsx)
	HeaderRow int      // 1-based line/row of the header
	Header    []string // trimmed, NFKC-normalised header texts
	Rows      []Row    // every record below the header, blank ones included, in file order
	Sheets    []string // xlsx sheet names
	Sheet     string   // xlsx sheet read ("" for CSV)
}

// Row is one record below the header.
type Row struct {
	Line  int      // 1-based line (CSV: the line the record starts on, counting embedded newlines) or row number (xlsx)
	Cells []string // len == len(Header); missing cells "", extra cells kept in Extra
	Extra []string // cells beyond the header's width (trailing empty ones dropped)
}

// Blank reports whether every cell is empty after trimming spaces (the
// full-width U+3000 included).
func (r Row) Blank() bool {
	for _, c := range r.Cells {
		if trimCell(c) != "" {
			return false
		}
	}
	for _, c := range r.Extra {
		if trimCell(c) != "" {
			return false
		}
	}
	return true
}

// Formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// Errors callers may test for with errors.Is; the wrapping message names the
// file and line.
var (
	ErrNoRows       = errors.New("no rows")
	ErrHeaderRow    = errors.New("bad header row")
	ErrUnknownSheet = errors.New("no such sheet")
	ErrNotXLSX      = errors.New("not a readable .xlsx file")
	ErrXLS          = errors.New("old Excel 97-2003 .xls files are not supported: save it as .xlsx or CSV in Excel or WPS")
)

// Read reads a CSV/TXT or .xlsx file; see ReadBytes. The file must be a
// regular file of at most MaxFileSize bytes.
func Read(path string, o Options) (*Table, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ReadBytes(path, b, o)
}

// IsXLSX reports whether a file is read as .xlsx: by its extension (.xlsx,
// .xlsm) or by the zip magic "PK\x03\x04".
func IsXLSX(name string, b []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return true
	}
	return bytes.HasPrefix(b, []byte("PK\x03\x04"))
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// ReadBytes reads the contents b of the file name. The name's extension and
// the magic bytes decide the format: .xlsx/.xlsm or a zip header → xlsx,
// anything else → CSV/TXT. Errors start with "file NAME:". The Table's cells
// may share b's memory: b must not change while the Table is in use.
func ReadBytes(name string, b []byte, o Options) (*Table, error) {
	if o.HeaderRow < 0 {
		return nil, fmt.Errorf("file %s: %w: %d (use 0 for auto or a 1-based line number)", name, ErrHeaderRow, o.HeaderRow)
	}
	if bytes.HasPrefix(b, oleMagic) {
		return nil, fmt.Errorf("file %s: %w", name, ErrXLS)
	}
	if err := checkBinary(name, b); err != nil {
		return nil, err
	}
	if IsXLSX(name, b) {
		return readXLSX(name, b, o)
	}
	return readCSV(name, b, o)
}

func readCSV(name string, b []byte, o Options) (*Table, error) {
	delim, err := canonicalDelimiter(o.Delimiter)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", name, err)
	}
	text, enc, err := decode(b, o.Encoding, true)
	if err != nil {
		return nil, decodeErr(name, err)
	}
	if err := checkText(name, text); err != nil {
		return nil, err
	}
	if delim == "auto" {
		delim = DetectDelimiter(text)
	}
	recs, err := parseCSV(text, delim)
	if err != nil {
		return nil, named(name, err)
	}
	t := &Table{File: name, Format: FormatCSV, Encoding: enc, Delimiter: delim}
	if err := t.fill(recs, o.HeaderRow, "line"); err != nil {
		return nil, named(name, err)
	}
	return t, nil
}

func hasRowsBelow(recs []record) bool {
	for _, r := range recs {
		if nonEmpty(r.cells) > 0 {
			return true
		}
	}
	return false
}

// fill chooses the header among recs (or takes headerRow) and fills Header,
// HeaderRow and Rows. unit is "line" or "row", for messages.
func (t *Table) fill(recs []record, headerRow int, unit string) error {
	hasData := false
	for _, r := range recs {
		if nonEmpty(r.cells) > 0 {
			hasData = true
			break
		}
	}
	if !hasData {
		return ErrNoRows
	}
	h := -1
	if headerRow > 0 {
		for i, r := range recs {
			if r.line == headerRow {
				h = i
				break
			}
		}
		if h < 0 {
			if last := recs[len(recs)-1].end; headerRow > last {
				return fmt.Errorf("%w: %s %d is past the last %s with data (%d)", ErrHeaderRow, unit, headerRow, unit, last)
			}
			return fmt.Errorf("%s %d: %w: no record starts on that %s (it is inside a quoted field that spans lines)", unit, headerRow, ErrHeaderRow, unit)
		}
		if nonEmpty(recs[h].cells) == 0 {
			return fmt.Errorf("%s %d: %w: that %s is blank", unit, headerRow, ErrHeaderRow, unit)
		}
	} else {
		n := min(len(recs), 4*sniffLines+headerScanRows)
		cells := make([][]string, n)
		for i := range cells {
			cells[i] = recs[i].cells
		}
		h = DetectHeader(cells)
	}
	if headerRow == 0 && !hasRowsBelow(recs[h+1:]) {
		for i := range h {
			if nonEmpty(recs[i].cells) > 0 {
				// A narrow first line skipped as a title, and the only data
				// row taken for the header: importing nothing would hide it.
				return fileErr("", fmt.Sprintf("%s %d", unit, recs[h].line), ErrHeaderRow,
					"This was taken for the header and no rows are below it; {{.Unit}} {{.First}} above it has fewer cells. If {{.Unit}} {{.First}} is the header, import again with --header-row {{.First}} (the cells beyond it go into the notes).",
					"Unit", unit, "First", recs[i].line)
			}
		}
	}
	hdr := recs[h].cells
	for len(hdr) > 0 && trimCell(hdr[len(hdr)-1]) == "" {
		hdr = hdr[:len(hdr)-1]
	}
	t.HeaderRow = recs[h].line
	t.Header = make([]string, len(hdr))
	for i, c := range hdr {
		t.Header[i] = cleanHeader(c)
	}
	w := len(t.Header)
	t.Rows = make([]Row, 0, len(recs)-h-1)
	for _, r := range recs[h+1:] {
		row := Row{Line: r.line}
		if len(r.cells) >= w {
			row.Cells = r.cells[:w:w] // no copy; capped so appends cannot reach Extra
		} else {
			row.Cells = make([]string, w)
			copy(row.Cells, r.cells)
		}
		if len(r.cells) > w {
			extra := r.cells[w:]
			for len(extra) > 0 && trimCell(extra[len(extra)-1]) == "" {
				extra = extra[:len(extra)-1]
			}
			if len(extra) > 0 {
				row.Extra = extra
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return nil
}
