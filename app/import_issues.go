package app

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/importer"
)

// IssueGroup is the warnings of one column, as one line a person reads:
// how many, what about, and two of the values.
type IssueGroup struct {
	Column   string   // header text, or a field name for a check of the whole customer
	Msg      string   // the first warning's message, English
	Count    int      // warnings of the column
	Examples []string // up to two distinct values, in file order
	Lines    []int    // the lines of the examples
}

// maxExamples is how many values an issue line names.
const maxExamples = 2

// GroupIssues folds warnings into one group a column, in the order the
// columns first warn. The full list goes to the rejected-rows file.
func GroupIssues(list []RowIssue) []IssueGroup {
	var out []IssueGroup
	at := map[string]int{}
	for _, r := range list {
		i, ok := at[r.Column]
		if !ok {
			i = len(out)
			at[r.Column] = i
			out = append(out, IssueGroup{Column: r.Column, Msg: r.Msg})
		}
		g := &out[i]
		g.Count++
		if len(g.Examples) < maxExamples && !slices.Contains(g.Examples, r.Value) {
			g.Examples = append(g.Examples, r.Value)
			g.Lines = append(g.Lines, r.Line)
		}
	}
	return out
}

// Text is the group as one line in the interface's language: "客户等级: 52
// rows: Not a valid value; kept in the notes. e.g. "重点" (line 3), "一般"
// (line 7)". The window and the command line show the same line.
func (g IssueGroup) Text() string {
	var ex []string
	for i, v := range g.Examples {
		ex = append(ex, i18n.L("{{.Value}} (line {{.Line}})", map[string]any{"Value": strconv.Quote(v), "Line": g.Lines[i]}))
	}
	s := i18n.L("{{.N}} rows: {{.Msg}}", map[string]any{"N": g.Count, "Msg": i18n.L(g.Msg)})
	if g.Column != "" {
		col := g.Column
		if f, ok := customers.FieldByName(col); ok {
			col = i18n.L(f.Label) // a check of the customer names its field
		}
		s = col + ": " + s
	}
	if len(ex) > 0 {
		s += " " + i18n.L("e.g. {{.Examples}}", map[string]any{"Examples": strings.Join(ex, ", ")})
	}
	return s
}

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
