package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
)

// isExport reports whether the command line is an export, whose --format
// names a file format (csv, xlsx, jsonl) rather than a listing's.
func isExport(args []string) bool { return len(args) > 0 && args[0] == "export" }

func printExportHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --out FILE", i18n.L("the file to write; its extension gives the format (.csv, .xlsx, .jsonl)")},
		{"  --format csv|xlsx|jsonl", i18n.L("the file format, whatever the file's name")},
		{"  --encoding utf-8-bom|gb18030", i18n.L("the encoding of CSV (default utf-8-bom, which Excel reads)")},
	}, nil, false)
}

// runExport writes every customer to a file; the file appears whole or not
// at all.
func runExport(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "export"
	if len(pos) != 1 {
		return usageErr(cmd, "Say what to export: customers, sales or complaints.")
	}
	switch pos[0] {
	case "customers", "sales", "complaints":
	default:
		return usageErr(cmd, "Unknown export {{.What}}: use customers, sales or complaints.", map[string]any{"What": strconv.Quote(pos[0])})
	}
	out := strings.TrimSpace(flags["out"])
	if out == "" {
		return usageErr(cmd, "Give the file to write with --out FILE (.csv, .xlsx or .jsonl).")
	}
	flag := c.format
	if flag == formatTable { // the global default: not given
		flag = ""
	}
	format, err := export.FormatFromPath(out, flag)
	if err != nil {
		if flag != "" {
			return usageErr(cmd, "Unknown export format {{.Format}}: use --format csv, xlsx or jsonl.", map[string]any{"Format": strconv.Quote(flag)})
		}
		return usageErr(cmd, "Cannot tell the format of {{.File}}: end its name in .csv, .xlsx or .jsonl, or give --format csv, xlsx or jsonl.", map[string]any{"File": out})
	}
	enc, err := export.ParseEncoding(flags["encoding"])
	if err != nil {
		return usageErr(cmd, "Unknown encoding {{.Enc}}: use --encoding utf-8-bom or gb18030.", map[string]any{"Enc": strconv.Quote(flags["encoding"])})
	}
	if enc != export.UTF8BOM && format != export.CSV {
		return usageErr(cmd, "--encoding is for CSV only; .xlsx and .jsonl are always Unicode.")
	}

	switch pos[0] {
	case "sales":
		return exportSales(c, out, format, enc)
	case "complaints":
		return exportComplaints(c, out, format, enc)
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	rows, _, err := svc.Customers.List(customers.Query{Sort: "name"})
	if err != nil {
		return err
	}
	cs := make([]*model.Customer, 0, len(rows))
	for _, r := range rows {
		cu, err := svc.Customers.Get(r.ID)
		if errors.Is(err, model.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return err
		}
		cs = append(cs, cu)
	}
	err = app.WriteFileAtomic(out, func(w io.Writer) error {
		return export.Customers(w, format, cs, export.Options{Encoding: enc, Lang: i18n.Lang()})
	})
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in Excel or WPS, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Exported {{.N}} customers to {{.File}}.", map[string]any{"N": len(cs), "File": out}))
	return nil
}

// exportComplaints writes every complaint, oldest first, with its history in
// JSON Lines and its computed service times in CSV and .xlsx.
func exportComplaints(c *ctx, out string, format export.Format, enc string) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	rows, _, err := svc.Complaints.List(complaints.Filter{})
	if err != nil {
		return err
	}
	err = app.WriteFileAtomic(out, func(w io.Writer) error {
		return export.Complaints(w, format, rows, export.Options{Encoding: enc, Lang: i18n.Lang()})
	})
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in Excel or WPS, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Exported {{.N}} complaints to {{.File}}.", map[string]any{"N": len(rows), "File": out}))
	return nil
}
