package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

func printReportMeetingHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --from PERIOD --to PERIOD", i18n.L("2024-01, 2024-Q1 or 2024; default the twelve months up to this month")},
		{"  --customer CUST --tier T --region R --product P", i18n.L("filters, in any combination (all must hold)")},
		{"  --out FILE.pdf", i18n.L("the PDF to write (A4 landscape)")},
	}, nil, false)
}

// runReportMeeting writes the A4 meeting report: the sales curve with last
// year's overlay, revenue by tier, the top 10 customers and the totals.
func runReportMeeting(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "report meeting"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	out := strings.TrimSpace(flags["out"])
	if out == "" {
		return usageErr(cmd, "Say where to write the report: --out FILE.pdf.")
	}
	if !strings.EqualFold(filepath.Ext(out), ".pdf") {
		return usageErr(cmd, "The meeting report is a PDF: end the file name in .pdf, not {{.File}}.", map[string]any{"File": out})
	}
	q, _, err := salesQuery(c, cmd, flags)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	r, err := svc.Reports.MeetingReport(q)
	if err != nil {
		return fail("The meeting report failed: {{.Err}}", map[string]any{"Err": err.Error()})
	}
	if err := app.WriteFileAtomic(out, r.WritePDF); err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Wrote the meeting report for {{.Period}} to {{.File}}.", map[string]any{"Period": r.Period, "File": out}))
	return nil
}
