package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/export"
	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// runImportSales imports a sales list and prints its accounting.
func runImportSales(c *ctx, flags map[string]string, pos []string) error {
	return c.importFile("import sales", flags, pos, func(svc *app.Service, path string, o customers.ImportOptions) (imported, error) {
		sum, err := svc.Sales.ImportFile(context.Background(), path, o.Job)
		if err != nil {
			return imported{}, err
		}
		return imported{summary: sum, warnings: sum.Warnings, batch: sum.Batch, rejectedFile: sum.RejectedFile,
			line: i18n.L("{{.Rows}} rows: {{.Imported}} sales imported, {{.Rejected}} rejected, {{.Blank}} blank; {{.Created}} new customers.",
				map[string]any{"Rows": sum.Rows, "Imported": sum.Imported, "Rejected": sum.Rejected, "Blank": sum.Blank, "Created": sum.CustomersCreated})}, nil
	})
}

// printDemoSales says how many sales the demo made.
func printDemoSales(c *ctx, svc *app.Service, months int) error {
	n, err := svc.Sales.Count()
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("Created {{.N}} sample sales over {{.Months}} months.", map[string]any{"N": n, "Months": months}))
	return nil
}

func printCheckHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --repair", i18n.L("rebuild the indexes and the sales rollups from the records, and say what was fixed")},
	}, nil, false)
}

// runRepair lists what is wrong, rebuilds indexes and rollups, and checks again.
func runRepair(c *ctx, svc *app.Service) error {
	before, err := svc.Check()
	if err != nil {
		return err
	}
	for _, p := range before {
		fmt.Fprintln(c.stdout, p)
	}
	r, err := svc.Repair()
	if err != nil {
		return fail("Repair failed: {{.Err}}. Keep a copy of the folder and send it to support.", map[string]any{"Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Indexes rebuilt: {{.Removed}} entries removed, {{.Written}} written.",
		map[string]any{"Removed": r.IndexRemoved, "Written": r.IndexWritten}))
	fmt.Fprintln(c.stdout, i18n.L("Sales rollups rebuilt from {{.Sales}} sales: {{.Entries}} entries, {{.Fixed}} of them fixed.",
		map[string]any{"Sales": r.Rollups.Sales, "Entries": r.Rollups.Entries, "Fixed": r.Rollups.Fixed}))
	fmt.Fprintln(c.stdout, i18n.L("Interrupted imports and undos finished: {{.Batches}}; undo records without their import removed: {{.N}}.",
		map[string]any{"Batches": r.Batches, "N": r.Markers}))
	if r.Relogged > 0 {
		fmt.Fprintln(c.stdout, i18n.L("The clock of this folder was far ahead and is set back: {{.N}} records are sent again at the next sync, dated now.",
			map[string]any{"N": r.Relogged}))
	}
	after, err := svc.Check()
	if err != nil {
		return err
	}
	if len(after) > 0 {
		for _, p := range after {
			fmt.Fprintln(c.stdout, p)
		}
		return fail("{{.N}} problems remain after the repair in {{.Dir}}. Keep a copy of the folder and send this list to support.",
			map[string]any{"N": len(after), "Dir": svc.Dir()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Repaired: {{.N}} problems fixed, none left.", map[string]any{"N": len(before)}))
	return nil
}

// exportSales writes every sale, oldest first by creation.
func exportSales(c *ctx, out string, format export.Format, enc string) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	names := map[string]string{}
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		n := ""
		if cu, err := svc.Customers.Get(id); err == nil {
			n = cu.Name
		}
		names[id] = n
		return n
	}
	var n int
	err = app.WriteFileAtomic(out, func(w io.Writer) error {
		var err error
		n, err = export.Sales(w, format, svc.Sales.Each, name, export.Options{Encoding: enc, Lang: i18n.Lang()})
		return err
	})
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in Excel or WPS, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Exported {{.N}} sales to {{.File}}.", map[string]any{"N": n, "File": out}))
	return nil
}

// runSettingsSet changes one setting.
func runSettingsSet(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "settings set"
	if len(pos) != 2 {
		return usageErr(cmd, "Give a setting and its value, for example: kehu settings set base_currency USD.")
	}
	switch pos[0] {
	case "base_currency", "company_name":
	case backup.SettingKeep:
		return runSetBackupKeep(c, pos[1]) // backup_settings.go
	case ksync.SettingSyncURL:
		return runSetSyncURL(c, pos[1]) // sync_pg.go
	case ksync.SettingSyncKey, ksync.SettingSyncPlain:
		return runSetSyncSeal(c, pos[0], pos[1]) // sync.go
	default:
		return usageErr(cmd, "Unknown setting {{.Name}}: use base_currency, company_name, backup_keep, sync_url, sync_key or sync_plain.", map[string]any{"Name": pos[0]})
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if err := svc.SetSetting(pos[0], pos[1]); err != nil {
		if errors.Is(err, model.ErrHasSales) {
			return fail("The base currency can only change before the first sale is recorded.")
		}
		return fail("Could not change {{.Name}}: {{.Err}}.", map[string]any{"Name": pos[0], "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.Name}} is now {{.Value}}.", map[string]any{"Name": pos[0], "Value": pos[1]}))
	return nil
}

// runSettingsList prints the settings and the rate table.
func runSettingsList(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("settings list", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	base, err := svc.Sales.BaseCurrency()
	if err != nil {
		return err
	}
	company, err := svc.Setting("company_name")
	if err != nil {
		return err
	}
	rates, err := svc.Sales.Rates()
	if err != nil {
		return err
	}
	t := &Table{Cols: []Column{{Key: "name", Label: "Setting"}, {Key: "date", Label: "Date"}, {Key: "value", Label: "Value"}}}
	t.Rows = append(t.Rows, []any{"base_currency", "", base}, []any{"company_name", "", company})
	t.Rows = append(t.Rows, backupSettingRows(svc)...) // backup_settings.go
	if u, _ := svc.Sync.SyncURL(); u != "" {
		t.Rows = append(t.Rows, []any{ksync.SettingSyncURL, "", ksync.MaskURL(u)}) // never the password
	}
	for _, r := range rates {
		t.Rows = append(t.Rows, []any{"rate " + r.Currency, r.Date, r.Value})
	}
	return t.write(c.stdout, c.format)
}

// runRateSet sets an exchange rate; the rollups are rebuilt with it.
func runRateSet(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "rate set"
	if len(pos) != 3 {
		return usageErr(cmd, "Give a currency, a date and a rate, for example: kehu rate set USD 2024-01-01 7.1.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if err := svc.Sales.SetRate(pos[0], pos[1], pos[2]); err != nil {
		return fail("Could not set the rate: {{.Err}}.", map[string]any{"Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Rate set; the sales reports use it from {{.Date}} on.", map[string]any{"Date": pos[1]}))
	return nil
}
