package importer

import (
	"fmt"
	"strings"
)

// eachRecord splits decoded text into records and hands each to fn, so a
// big file need not be held as records. It reads as encoding/csv does with
// LazyQuotes and any number of fields (FuzzEachRecord holds it to that),
// but a cell is a slice of text wherever the file has it whole: a
// million-row import then makes a string per escaped or multi-line cell,
// not one per row. Empty lines, which encoding/csv skips, come as records
// with nil cells, so that every line below the header is accounted for;
// empty lines after the last record are dropped.
func eachRecord(text string, delim string, fn func(record) error) error {
	return scanRecords(text, delim, false, fn)
}

// scanRecords is eachRecord; strict, it also stops with a *FileError (its
// File left empty) at a quoted cell the text ends inside, which would take
// the rest of the file as one cell, at a record of more than MaxColumns
// cells and after MaxRows records.
func scanRecords(text string, delim string, strict bool, fn func(record) error) error {
	sc := recordScanner{text: text, comma: byte(delimiterRune(delim)), strict: strict}
	next := 1 // the first line not yet handed out
	for {
		line, nl, ok := sc.line()
		for ok && line == "" { // empty lines: encoding/csv skips them
			line, nl, ok = sc.line()
		}
		if !ok {
			return nil
		}
		start := sc.n
		cells := sc.record(line, nl)
		if strict {
			where := fmt.Sprintf("line %d", start)
			switch {
			case sc.wide:
				return fileErr("", where, ErrLimit, "More than {{.Max}} columns: delete the empty columns at the right, or keep only the columns to import.", "Max", MaxColumns)
			case sc.open:
				return fileErr("", where, ErrBroken, "A quoted cell starts here and never ends: the file was cut off, or a cell starts with a stray quote (\"). Fix it and import again.")
			case sc.n > MaxRows:
				return fileErr("", where, ErrLimit, "More than {{.Max}} rows: split the file.", "Max", MaxRows)
			}
		}
		for l := next; l < start; l++ {
			if err := fn(record{line: l, end: l}); err != nil {
				return err
			}
		}
		next = sc.n + 1
		if err := fn(record{line: start, end: sc.n, cells: cells}); err != nil {
			return err
		}
	}
}

// recordScanner is eachRecord's place in the text.
type recordScanner struct {
	text  string
	comma byte
	pos   int      // where the next line starts
	n     int      // lines read
	slab  []string // cells are cut from it, a record's own
	field []byte   // a cell being put together

	strict bool
	first  int  // where the record's cells start in slab
	wide   bool // strict: the record has more than MaxColumns cells (the rest dropped)
	open   bool // the text ended inside a quoted cell
}

// line reads the next line without its break, as encoding/csv reads it: a
// "\r\n" ends a line as "\n" does, and a '\r' that ends the text is
// dropped. nl reports whether a break followed; ok is false at the end.
func (sc *recordScanner) line() (line string, nl, ok bool) {
	if sc.pos >= len(sc.text) {
		return "", false, false
	}
	rest := sc.text[sc.pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		line, nl = rest[:i], true
		sc.pos += i + 1
	} else {
		line = rest
		sc.pos = len(sc.text)
	}
	sc.n++
	return strings.TrimSuffix(line, "\r"), nl, true
}

// record reads the cells of the record that starts with line, reading on
// while a quoted cell spans lines (encoding/csv's readRecord, lazy quotes).
func (sc *recordScanner) record(line string, nl bool) []string {
	if cap(sc.slab)-len(sc.slab) < 64 {
		sc.slab = make([]string, 0, 4096)
	}
	first := len(sc.slab)
	sc.first = first
	for {
		if line == "" || line[0] != '"' {
			i := strings.IndexByte(line, sc.comma)
			if i < 0 {
				sc.add(line)
				break
			}
			sc.add(line[:i])
			line = line[i+1:]
			continue
		}
		// A quoted cell: "" is a quote, and a quote not before the comma
		// or the end of the line is kept as it is.
		line = line[1:]
		whole, parts := "", 0
		part := func(s string) {
			if parts == 1 {
				sc.field = append(sc.field[:0], whole...)
			}
			if parts == 0 {
				whole = s
			} else {
				sc.field = append(sc.field, s...)
			}
			parts++
		}
		done := func() {
			if parts <= 1 {
				sc.add(whole)
			} else {
				sc.add(string(sc.field))
			}
		}
		end := false // the record ends with the cell
		for {
			i := strings.IndexByte(line, '"')
			if i >= 0 {
				part(line[:i])
				line = line[i+1:]
				switch {
				case line != "" && line[0] == '"':
					part(`"`)
					line = line[1:]
					continue
				case line != "" && line[0] == sc.comma:
					line = line[1:]
				case line == "":
					end = true
				default:
					part(`"`)
					continue
				}
				break
			}
			if line == "" && !nl { // the text ends inside the quotes
				end, sc.open = true, true
				break
			}
			part(line)
			if nl {
				part("\n")
			}
			var ok bool
			if line, nl, ok = sc.line(); !ok {
				line, nl = "", false
			}
		}
		done()
		if end {
			break
		}
	}
	n := len(sc.slab) - first
	return sc.slab[first : first+n : first+n]
}

func (sc *recordScanner) add(cell string) {
	if sc.strict && len(sc.slab)-sc.first >= MaxColumns {
		// A line of a million commas must not become a million cells.
		sc.wide = true
		return
	}
	sc.slab = append(sc.slab, cell)
}
