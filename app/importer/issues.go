package importer

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// Job is what every import (customers, sales) is told besides its rows: how
// to read the file and what to do with it.
type Job struct {
	Options
	Map    map[string]string // --map overrides: source header (or column number) → target
	DryRun bool
	// Translate turns English messages into the user's language for the
	// rejected-rows file; nil keeps English.
	Translate func(string) string
	// Progress, if set, is called now and then with rows written and total.
	Progress func(done, total int)
}

// Tr is j.Translate, or the identity when it is nil.
func (j Job) Tr() func(string) string {
	if j.Translate == nil {
		return func(s string) string { return s }
	}
	return j.Translate
}

// ErrCancelled means the user cancelled an import; nothing was imported.
var ErrCancelled = errors.New("import cancelled: nothing was imported")

// RowIssue is a problem with one cell or row of the file.
type RowIssue struct {
	Line    int
	Column  string // header text, or "" for the whole row
	Msg     string // English; translated at the edge
	Value   string // the cell's text, for a warning
	Warning bool   // the row was imported (the value kept in the notes)
	Enum    string // the enumeration kind of a value that matched no code
}

func (r RowIssue) String() string {
	if r.Column == "" {
		return fmt.Sprintf("line %d: %s", r.Line, r.Msg)
	}
	return fmt.Sprintf("line %d: column %s: %s", r.Line, r.Column, r.Msg)
}

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
		if f, ok := model.FieldByName(col); ok {
			col = i18n.L(f.Label) // a check of the customer names its field
		}
		s = col + ": " + s
	}
	if len(ex) > 0 {
		s += " " + i18n.L("e.g. {{.Examples}}", map[string]any{"Examples": strings.Join(ex, ", ")})
	}
	return s
}
