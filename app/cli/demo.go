package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

// runDemo fills an empty data folder with the case study's sample data.
func runDemo(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("demo", pos); err != nil {
		return err
	}
	n, err := intFlag("demo", flags, "customers", 300, 1)
	if err != nil {
		return err
	}
	months, err := intFlag("demo", flags, "months", 36, 1)
	if err != nil {
		return err
	}
	var seed int64
	if v, ok := flags["seed"]; ok {
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			return usageErr("demo", "The flag --{{.Flag}} wants a whole number, not {{.Value}}.", map[string]any{"Flag": "seed", "Value": strconv.Quote(v)})
		}
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if have, err := svc.Customers.Count(); err != nil {
		return err
	} else if have > 0 {
		return fail("The data folder {{.Dir}} already holds {{.N}} customers; the demo needs an empty one: give a new folder with --data.",
			map[string]any{"Dir": svc.Dir(), "N": have})
	}
	made, err := svc.Demo(app.DemoOptions{Customers: n, Seed: seed, Months: months})
	if errors.Is(err, app.ErrNotEmpty) {
		return fail("The data folder {{.Dir}} already holds customers; the demo needs an empty one: give a new folder with --data.",
			map[string]any{"Dir": svc.Dir()})
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("Created {{.N}} sample customers in {{.Dir}}.", map[string]any{"N": made, "Dir": svc.Dir()}))
	return printDemoSales(c, svc, months)
}

// runCheck verifies the store: each problem on a line of stdout, exit 1 if any.
func runCheck(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("check", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if flags["repair"] != "" {
		return runRepair(c, svc)
	}
	problems, err := svc.Check()
	if err != nil {
		return err
	}
	attach, err := svc.Complaints.CheckAttachments()
	if err != nil {
		return err
	}
	problems = append(problems, attach...)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(c.stdout, p)
		}
		return fail("{{.N}} problems found in {{.Dir}}. Keep a copy of the folder and send this list to support.",
			map[string]any{"N": len(problems), "Dir": svc.Dir()})
	}
	n, err := svc.Customers.Count()
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("OK: {{.N}} customers, no problems found", map[string]any{"N": n}))
	return nil
}
