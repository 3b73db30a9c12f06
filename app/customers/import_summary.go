package customers

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/kehu-crm/kehu/app/importer"
)

// summaryWords are the first cells of the rows under a table that sum it
// (合计, 小计, 总计 …), compared without spaces, case or a trailing colon.
var summaryWords = map[string]bool{
	"合计": true, "小计": true, "总计": true, "共计": true, "总合计": true, "累计": true, "合计金额": true,
	"total": true, "totals": true, "subtotal": true, "grandtotal": true, "sum": true,
}

// footnoteStarts begin a note written under a table: 注：…, 说明：…, * …
// (a colon after the word, so a name such as 注塑机械厂 is no note).
var footnoteStarts = []string{"注:", "说明:", "备注:", "note:", "notes:", "source:", "数据来源", "制表", "填表", "*", "※"}

func cellWord(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' || r == '\t' {
			return -1
		}
		return r
	}, s)
	return strings.TrimRight(s, ":：")
}

// isSummaryRow reports whether a row sums the table (a cell says 合计, 小计,
// 总计 or Total) rather than being a customer: its name cell is empty or
// is that word.
func isSummaryRow(mapping []string, row importer.Row) bool {
	found := false
	for i, v := range row.Cells {
		w := cellWord(v)
		if summaryWords[w] {
			found = true
			continue
		}
		if i < len(mapping) && mapping[i] == "name" && w != "" {
			return false
		}
	}
	return found
}

// isFootnote reports whether a row with one filled cell is a note under the
// table: it begins like one, or follows a summary row.
func isFootnote(row importer.Row, afterSummary bool) bool {
	var only string
	n := 0
	for _, v := range append(row.Cells, row.Extra...) {
		if v = strings.TrimSpace(v); v != "" {
			only = v
			n++
		}
	}
	if n != 1 {
		return false
	}
	if afterSummary {
		return true
	}
	w := strings.ToLower(norm.NFKC.String(only))
	for _, p := range footnoteStarts {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// markSummaries marks the summary rows and the footnotes under the table.
// A footnote is looked for only below the last customer row, so a
// one-column list of names is never taken for notes.
func markSummaries(mapping []string, rows []importer.Row, parsed []parsedRow) {
	last := -1 // the last row that is not blank, summary or note
	after := false
	for i, row := range rows {
		if row.Blank() {
			continue
		}
		if isSummaryRow(mapping, row) {
			parsed[i] = parsedRow{summary: true}
			after = true
			continue
		}
		if isFootnote(row, after) {
			continue // decided below, once the last customer row is known
		}
		last = i
	}
	after = false
	for i := last + 1; i < len(rows); i++ {
		if parsed[i].summary {
			after = true
			continue
		}
		if !rows[i].Blank() && isFootnote(rows[i], after) {
			parsed[i] = parsedRow{summary: true}
		}
	}
}
