package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
)

// The output formats of every listing and report.
const (
	formatTable = "table"
	formatCSV   = "csv"
	formatJSON  = "json"
)

// Column is one column of a listing: its key in CSV and JSON, its English
// label for the table header (translated when shown), and how a table shows it.
type Column struct {
	Key   string
	Label string
	Enum  string             // enumeration kind: the table shows i18n.Enum(Enum, code)
	Show  func(v any) string // table text when not fmt.Sprint (e.g. grouped money)
	Right bool               // right-align in the table (numbers)
}

// Table is a listing ready to print in any format. Values are strings,
// numbers or bools: JSON keeps their type, CSV and the table print them.
type Table struct {
	Cols []Column
	Rows [][]any
	More int // matches left out of the table (table format only)
}

// write prints t in the format; the table says how many rows it left out.
func (t *Table) write(w io.Writer, format string) error {
	switch format {
	case formatCSV:
		return t.writeCSV(w)
	case formatJSON:
		return t.writeJSON(w)
	}
	return t.writeTable(w)
}

func (t *Table) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		rec[i] = c.Key
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range t.Rows {
		for i := range t.Cols {
			rec[i] = plain(r[i])
			if _, isText := r[i].(string); isText && !t.Cols[i].Right {
				// Piped into a file Excel opens: text never runs as a
				// formula; numbers (right-aligned columns) stay numbers.
				rec[i] = export.Inert(rec[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON prints one array of objects whose keys keep the column order.
func (t *Table) writeJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if len(t.Rows) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	for n, r := range t.Rows {
		bw.WriteString("  {")
		for i, c := range t.Cols {
			if i > 0 {
				bw.WriteString(", ")
			}
			k, _ := json.Marshal(c.Key)
			v, err := json.Marshal(r[i])
			if err != nil {
				return err
			}
			bw.Write(k)
			bw.WriteString(": ")
			bw.Write(v)
		}
		bw.WriteString("}")
		if n < len(t.Rows)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func (t *Table) writeTable(w io.Writer) error {
	cells := make([][]string, 0, len(t.Rows)+1)
	head := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		head[i] = i18n.L(c.Label)
	}
	cells = append(cells, head)
	for _, r := range t.Rows {
		line := make([]string, len(t.Cols))
		for i, c := range t.Cols {
			switch {
			case c.Show != nil:
				line[i] = c.Show(r[i])
			case c.Enum != "":
				line[i] = i18n.Enum(c.Enum, plain(r[i]))
			default:
				line[i] = plain(r[i])
			}
			line[i] = oneLine(line[i])
		}
		cells = append(cells, line)
	}
	right := make([]bool, len(t.Cols))
	for i, c := range t.Cols {
		right[i] = c.Right
	}
	bw := bufio.NewWriter(w)
	writeAligned(bw, cells, right, true)
	if t.More > 0 {
		fmt.Fprintln(bw, i18n.L("… {{.N}} more, use --limit or --format csv", map[string]any{"N": t.More}))
	}
	return bw.Flush()
}

// writeAligned prints rows as columns two spaces apart, padded to the widest
// cell by display width, with a rule under the first row when header is set.
func writeAligned(w io.Writer, rows [][]string, right []bool, header bool) {
	if len(rows) == 0 {
		return
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for n, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(right) && right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if n == 0 && header {
			var rule strings.Builder
			for i, wd := range widths {
				if i > 0 {
					rule.WriteString("  ")
				}
				rule.WriteString(strings.Repeat("-", wd))
			}
			fmt.Fprintln(w, rule.String())
		}
	}
}

// displayWidth is the number of terminal columns s takes: East Asian wide and
// fullwidth characters take two, combining marks and controls none.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.IsControl(r) || r == '\u200b':
		case isWide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// plain is a value as CSV and the table print it.
func plain(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// oneLine keeps a table cell on one line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
