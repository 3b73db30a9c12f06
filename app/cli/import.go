package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/importer"
)

var importFlags = map[string]bool{"sheet": true, "encoding": true, "delimiter": true, "header_row": true, "map": true, "dry_run": false}

// importOptions reads the flags every import shares.
func importOptions(cmd string, flags map[string]string) (customers.ImportOptions, error) {
	o := customers.ImportOptions{Job: importer.Job{Translate: func(s string) string { return i18n.L(s) }}}
	o.Sheet = flags["sheet"]
	switch e := strings.ToLower(flags["encoding"]); e {
	case "", "auto", "utf-8", "utf8", "gb18030", "gbk", "utf-16", "utf16":
		o.Encoding = map[string]string{"utf8": "utf-8", "gbk": "gb18030", "utf16": "utf-16"}[e]
		if o.Encoding == "" {
			o.Encoding = e
		}
	default:
		return o, usageErr(cmd, "Unknown encoding {{.Value}}: use auto, utf-8, gb18030 or utf-16.", map[string]any{"Value": strconv.Quote(e)})
	}
	switch d := strings.ToLower(flags["delimiter"]); d {
	case "", "auto", ",", ";", "tab":
		o.Delimiter = d
	case `\t`:
		o.Delimiter = "tab"
	default:
		return o, usageErr(cmd, "Unknown delimiter {{.Value}}: use auto, \",\", \";\" or tab.", map[string]any{"Value": strconv.Quote(d)})
	}
	if h := flags["header_row"]; h != "" && h != "auto" {
		n, err := strconv.Atoi(h)
		if err != nil || n < 1 {
			return o, usageErr(cmd, "The flag --{{.Flag}} wants auto or a line number of at least 1, not {{.Value}}.", map[string]any{"Flag": "header-row", "Value": strconv.Quote(h)})
		}
		o.HeaderRow = n
	}
	if m := flags["map"]; m != "" {
		// COLUMN:VALUE=CODE maps a value (客户等级:重点=A), SOURCE=field a column.
		cols, values, err := customers.SplitMap(m)
		if err != nil {
			return o, usageErr(cmd, "--map: {{.Err}}", map[string]any{"Err": err.Error()})
		}
		if len(values) > 0 {
			o.Values = values
		}
		if o.Map, err = importer.ParseMap(cols); err != nil {
			return o, usageErr(cmd, "--map: {{.Err}}", map[string]any{"Err": err.Error()})
		}
	}
	o.DryRun = flags["dry_run"] != ""
	return o, nil
}

// runImportCustomers imports a distributor list and prints its accounting.
func runImportCustomers(c *ctx, flags map[string]string, pos []string) error {
	return c.importFile("import customers", flags, pos, func(svc *app.Service, path string, o customers.ImportOptions) (imported, error) {
		sum, err := svc.Customers.ImportFile(context.Background(), path, o)
		if err != nil {
			return imported{}, err
		}
		line := i18n.L("{{.Rows}} rows: {{.New}} new, {{.Merged}} merged, {{.Rejected}} rejected, {{.Blank}} blank.",
			map[string]any{"Rows": sum.Rows, "New": sum.New, "Merged": sum.Merged, "Rejected": sum.Rejected, "Blank": sum.Blank})
		if sum.Summary > 0 {
			line += " " + i18n.L("Skipped: summary: {{.N}}.", map[string]any{"N": sum.Summary})
		}
		return imported{summary: sum, warnings: sum.Warnings, batch: sum.Batch, rejectedFile: sum.RejectedFile,
			unmatched: sum.Unmatched, line: line}, nil
	})
}

// imported is what an import tells the command line.
type imported struct {
	summary      any // printed as the JSON object of docs/CLI.md
	warnings     []importer.RowIssue
	line         string // the accounting, for people
	batch        string
	rejectedFile string
	unmatched    []customers.Unmatched // values no code matched, a column
}

// importFile is what every import command shares: its flags, the file
// check, warnings on stderr, and the summary as JSON or as lines for people.
func (c *ctx) importFile(cmd string, flags map[string]string, pos []string, do func(*app.Service, string, customers.ImportOptions) (imported, error)) error {
	if len(pos) != 1 {
		return usageErr(cmd, "Give one file to import.")
	}
	o, err := importOptions(cmd, flags)
	if err != nil {
		return err
	}
	if _, err := os.Stat(pos[0]); err != nil {
		return fail("Cannot read {{.File}}: {{.Err}}.", map[string]any{"File": pos[0], "Err": err.Error()})
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	r, err := do(svc, pos[0], o)
	if err != nil {
		var fe *importer.FileError
		if errors.As(err, &fe) {
			// What is wrong with the file, where, and what to do, in the
			// user's language.
			return fail("Import of {{.File}} failed: {{.Err}}", map[string]any{"File": pos[0], "Err": fe.Localize(i18n.L)})
		}
		return fail("Import of {{.File}} failed: {{.Err}}", map[string]any{"File": pos[0], "Err": err.Error()})
	}
	// One line a column, with counts and two of the values; the full list
	// is in the rejected-rows file.
	for _, g := range importer.GroupIssues(r.warnings) {
		fmt.Fprintln(c.stderr, groupLine(pos[0], g))
	}
	if c.format == formatJSON {
		b, _ := json.Marshal(r.summary)
		fmt.Fprintln(c.stdout, string(b))
		return nil
	}
	fmt.Fprintln(c.stdout, r.line)
	if len(r.unmatched) > 0 {
		fmt.Fprintln(c.stdout, i18n.L("Values that match no code (kept in the notes); map them with --map COLUMN:VALUE=CODE (- keeps them in the notes), e.g. --map {{.Example}}:",
			map[string]any{"Example": r.unmatched[0].Column + ":" + r.unmatched[0].Values[0].Value + "=" + exampleCode(r.unmatched[0].Field)}))
		for _, u := range r.unmatched {
			fmt.Fprintln(c.stdout, "  "+u.Text())
		}
	}
	if r.rejectedFile != "" {
		fmt.Fprintln(c.stdout, i18n.L("Rejected rows and every warning, with the reason, are in {{.File}}.", map[string]any{"File": r.rejectedFile}))
	}
	if o.DryRun {
		fmt.Fprintln(c.stdout, i18n.L("Dry run: nothing was written."))
	} else {
		fmt.Fprintln(c.stdout, i18n.L("Batch {{.Batch}}; undo it with: kehu import undo {{.Batch}}", map[string]any{"Batch": r.batch}))
	}
	return nil
}

// groupLine is one column's warnings: "warning: FILE: 客户等级: 52 rows: Not
// a valid value; kept in the notes. e.g. "重点" (line 3), "一般" (line 7)".
func groupLine(file string, g importer.IssueGroup) string {
	return fmt.Sprintf("%s: %s: %s", i18n.L("warning"), file, g.Text())
}

var importListColumns = []Column{
	{Key: "batch", Label: "Batch"},
	{Key: "kind", Label: "Kind"},
	{Key: "file", Label: "File"},
	{Key: "at", Label: "Imported at"},
	{Key: "rows", Label: "Rows", Right: true},
	{Key: "new", Label: "New", Right: true},
	{Key: "merged", Label: "Merged", Right: true},
	{Key: "undone", Label: "Undone"},
	{Key: "state", Label: "State"},
}

func runImportList(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("import list", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	list, err := svc.Customers.Imports()
	if err != nil {
		return err
	}
	t := &Table{Cols: importListColumns}
	for _, b := range list {
		// A cancelled or interrupted import was rolled back: it has no effect
		// left, like an undone one.
		undone := b.State == "undone" || b.State == "rolled_back"
		t.Rows = append(t.Rows, []any{b.ID, b.Kind, b.File, b.At.Format("2006-01-02T15:04:05Z07:00"), b.Rows, b.New, b.Merged, undone, b.State})
	}
	return t.write(c.stdout, c.format)
}

func runImportUndo(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "import undo"
	if len(pos) != 1 {
		return usageErr(cmd, "Give the batch to undo (see kehu import list).")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	err = svc.Customers.UndoImport(pos[0], flags["force"] != "")
	var te *customers.TouchedError
	switch {
	case errors.As(err, &te):
		return fail("{{.N}} customers were edited after this import and would lose those edits: {{.Names}}. Run again with --force to undo anyway.",
			map[string]any{"N": len(te.Names), "Names": strings.Join(te.Names, ", ")})
	case errors.Is(err, model.ErrNotFound):
		return fail("No import batch {{.Batch}}: see kehu import list.", map[string]any{"Batch": pos[0]})
	case err != nil:
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("Import {{.Batch}} undone.", map[string]any{"Batch": pos[0]}))
	return nil
}

// exampleCode is a code of the field, for the --map example.
func exampleCode(field string) string {
	if f, ok := customers.FieldByName(field); ok && len(f.Codes) > 1 {
		return f.Codes[1]
	}
	return customers.KeepInNotes
}
