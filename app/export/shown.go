package export

import "io"

// Shown writes a table as a screen shows it — headers already translated,
// every cell text — as CSV for Excel (UTF-8 with a BOM, or GB18030), with the
// same guard against formulas as the other exports.
func Shown(w io.Writer, enc string, head []string, rows [][]string) error {
	t := &table{head: head, rows: make([][]cell, len(rows))}
	for i, r := range rows {
		t.rows[i] = make([]cell, len(r))
		for j, s := range r {
			t.rows[i][j] = cell{kind: text, s: s}
		}
	}
	return writeCSV(w, enc, t)
}
