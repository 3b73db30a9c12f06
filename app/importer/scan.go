package importer

import (
	"errors"
	"fmt"
	"strings"
)

// Scanner reads a file like Read but hands out the rows below the header one
// at a time, as often as asked, instead of keeping them all: an import of a
// million rows holds the file's bytes and one row, not a million rows.
// Rows, lines, header and detection are exactly Read's.
type Scanner struct {
	t     *Table // Rows nil for CSV; every row for the fallback cases
	text  string // decoded CSV text
	delim string
	skip  int  // records up to and including the header
	all   bool // t.Rows holds the rows (xlsx, and CSV shapes streaming does not cover)
}

// NewScanner reads path (size checks, encoding, delimiter and header
// detection as Read) and returns a Scanner over its rows.
func NewScanner(path string, o Options) (*Scanner, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return scanBytes(path, b, o)
}

// scanBytes is NewScanner over the contents b of the file name.
func scanBytes(name string, b []byte, o Options) (*Scanner, error) {
	whole := func() (*Scanner, error) {
		t, err := ReadBytes(name, b, o)
		if err != nil {
			return nil, err
		}
		return &Scanner{t: t, all: true}, nil
	}
	if o.HeaderRow < 0 || IsXLSX(name, b) || len(b) >= len(oleMagic) && string(b[:len(oleMagic)]) == string(oleMagic) {
		return whole()
	}
	delim, err := canonicalDelimiter(o.Delimiter)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", name, err)
	}
	if err := checkBinary(name, b); err != nil {
		return nil, err
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
	// The records header detection looks at, and one more to know the file
	// goes on; a short file, a header row further down or no data among
	// them is left to Read.
	n := 4*sniffLines + headerScanRows
	var head []record
	stop := errors.New("enough")
	err = scanRecords(text, delim, true, func(r record) error {
		head = append(head, r)
		if len(head) > n {
			return stop
		}
		return nil
	})
	if err != nil && err != stop {
		return nil, named(name, err)
	}
	if err != stop {
		return whole()
	}
	hasData := false
	for _, r := range head {
		if nonEmpty(r.cells) > 0 {
			hasData = true
			break
		}
	}
	if !hasData {
		return whole()
	}
	h := -1
	if o.HeaderRow > 0 {
		for i, r := range head[:n] {
			if r.line == o.HeaderRow {
				h = i
				break
			}
		}
		if h < 0 || nonEmpty(head[h].cells) == 0 {
			return whole()
		}
	} else {
		cells := make([][]string, n)
		for i := range cells {
			cells[i] = head[i].cells
		}
		h = DetectHeader(cells)
	}
	t := &Table{File: name, Format: FormatCSV, Encoding: enc, Delimiter: delim}
	hdr := head[h].cells
	for len(hdr) > 0 && trimCell(hdr[len(hdr)-1]) == "" {
		hdr = hdr[:len(hdr)-1]
	}
	t.HeaderRow = head[h].line
	t.Header = make([]string, len(hdr))
	for i, c := range hdr {
		t.Header[i] = cleanHeader(c)
	}
	return &Scanner{t: t, text: text, delim: delim, skip: h + 1}, nil
}

// Table is the file's header and what was detected; its Rows are nil when
// the scanner streams them.
func (s *Scanner) Table() *Table { return s.t }

// Len is about how many rows Each hands out, blank ones included: exact
// unless cells hold line breaks, which make it more. An import sizes its
// list of rows with it rather than growing it a million times.
func (s *Scanner) Len() int {
	if s.all {
		return len(s.t.Rows)
	}
	n := strings.Count(s.text, "\n") + 1 - s.skip
	if strings.HasSuffix(s.text, "\n") {
		n--
	}
	return max(n, 0)
}

// Each calls fn with every row below the header in file order, blank ones
// included, until fn returns an error, which Each returns. The Row's slices
// are fn's to keep.
func (s *Scanner) Each(fn func(Row) error) error {
	if s.all {
		for _, r := range s.t.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	w := len(s.t.Header)
	i := 0
	err := scanRecords(s.text, s.delim, true, func(r record) error {
		i++
		if i <= s.skip {
			return nil
		}
		return fn(rowOf(r, w))
	})
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) && fe.File == "" {
			fe.File = s.t.File
			return err
		}
		var pe *csvLineError
		if errors.As(err, &pe) {
			return fmt.Errorf("file %s: %w", s.t.File, err)
		}
		return err
	}
	return nil
}

// rowOf is the Row of a record below a header of w cells, as Table.fill
// makes it.
func rowOf(r record, w int) Row {
	row := Row{Line: r.line}
	if len(r.cells) >= w {
		row.Cells = r.cells[:w:w]
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
	return row
}

// csvLineError is a CSV syntax error at a line.
type csvLineError struct {
	line int
	err  error
}

func (e *csvLineError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *csvLineError) Unwrap() error { return e.err }
