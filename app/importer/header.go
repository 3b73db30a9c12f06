package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// isSpace reports the characters a cell is trimmed of: Unicode white space
// (ASCII spaces, NBSP, the full-width space U+3000, …) and a stray BOM.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// trimCell trims spaces, full-width ones included.
func trimCell(s string) string { return strings.TrimFunc(s, isSpace) }

// cleanHeader is a header text as Table.Header holds it: NFKC-normalised
// (full-width letters, digits and brackets become ASCII) and trimmed.
func cleanHeader(s string) string { return trimCell(norm.NFKC.String(trimCell(s))) }

func nonEmpty(cells []string) int {
	n := 0
	for _, c := range cells {
		if trimCell(c) != "" {
			n++
		}
	}
	return n
}

// isText reports whether a cell holds a letter (Latin, CJK, …): "客户名称" and
// "Phone" do, "1,200.50", "0571-88880001" and "2024-01-05" do not.
func isText(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// headerScanRows is how many records after a candidate DetectHeader looks at
// to learn the table's width.
const headerScanRows = 200

// DetectHeader returns the 0-based index of the header record among the first
// ~20 non-blank records. It skips title rows ("2024年经销商名单" alone in the
// first cell) and other narrow rows: a header has at least 60% as many
// non-empty cells as the modal width of the rows below it, and at least half
// of its non-empty cells are text rather than numbers. Among such rows, one
// holding known column names (the aliases of CustomerTargets and
// SalesTargets) wins over one that holds none; otherwise the first wins.
// With no candidate it returns the first non-blank record (0 when all are
// blank or there are none).
func DetectHeader(records [][]string) int {
	widths := make([]int, len(records))
	first := -1
	for i, r := range records {
		widths[i] = nonEmpty(r)
		if first < 0 && widths[i] > 0 {
			first = i
		}
	}
	if first < 0 {
		return 0
	}
	best, bestHits := -1, -1
	seen := 0
	for i := first; i < len(records) && seen < sniffLines; i++ {
		if widths[i] == 0 {
			continue
		}
		seen++
		mode := modalWidth(widths[i+1 : min(len(widths), i+1+headerScanRows)])
		if mode == 0 {
			mode = widths[i]
		}
		if widths[i]*10 < mode*6 {
			continue // title row or note above the table
		}
		text := 0
		for _, c := range records[i] {
			if c = trimCell(c); c != "" && isText(c) {
				text++
			}
		}
		if text*2 < widths[i] {
			continue // a data row of numbers
		}
		hits := aliasHits(records[i])
		// The first candidate stays unless a later one names more columns.
		if best < 0 || hits > bestHits {
			best, bestHits = i, hits
		}
	}
	if best < 0 {
		return first
	}
	return best
}

// modalWidth is the most common non-zero width (ties: the larger), or 0.
func modalWidth(ws []int) int {
	freq := map[int]int{}
	for _, w := range ws {
		if w > 0 {
			freq[w]++
		}
	}
	mode, f := 0, 0
	for w, n := range freq {
		if n > f || (n == f && w > mode) {
			mode, f = w, n
		}
	}
	return mode
}

// aliasHits counts the cells that are exactly a known column name.
func aliasHits(cells []string) int {
	n := 0
	for _, c := range cells {
		if c = trimCell(c); c == "" || len(c) > 200 {
			continue
		}
		if knownAliases()[matchKey(c)] {
			n++
		}
	}
	return n
}
