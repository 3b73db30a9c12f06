package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

var chartComplaintsFlags = map[string]bool{"by": true, "measure": true, "limit": true, "out": true, "width": true, "height": true}

func printChartComplaintsHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --by category|customer|month|status", i18n.L("how to group the complaints (default category); months are drawn as a line, the others as bars")},
		{"  --measure count|response|handling", i18n.L("count (default), response or handling: what the bars or the line show")},
		{"  --limit N", i18n.L("how many customers to show with --by customer (default 10)")},
		{"  --out FILE", i18n.L("the file to write; its extension gives the format (.png, .svg, .pdf)")},
		{"  --width PX --height PX", i18n.L("the size of the picture (default 1200×600)")},
	}, nil, false)
}

// runChartComplaints draws complaints per group — their number, or their
// average response or handling time against the target — to PNG, SVG or PDF.
func runChartComplaints(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart complaints"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	by := strings.ToLower(strings.TrimSpace(flags["by"]))
	if by == "" {
		by = "category"
	}
	if !slices.Contains(complaints.Groupings, by) {
		return usageErr(cmd, "Unknown grouping {{.By}}: use --by category, customer, month or status.", map[string]any{"By": strconv.Quote(by)})
	}
	measure := strings.ToLower(strings.TrimSpace(flags["measure"]))
	if measure == "" {
		measure = "count"
	}
	if !slices.Contains(complaints.Measures, measure) {
		return usageErr(cmd, "Unknown measure {{.Measure}}: use --measure count, response or handling.", map[string]any{"Measure": strconv.Quote(measure)})
	}
	out, format, width, height, err := chartFile(cmd, flags)
	if err != nil {
		return err
	}
	limit, err := intFlag(cmd, flags, "limit", 10, 1)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	gs, err := svc.Reports.ComplaintReport(by)
	if err != nil {
		return err
	}
	ch, err := complaints.ChartOf(gs, by, measure, limit)
	if errors.Is(err, complaints.ErrNoComplaints) {
		if measure == "count" {
			return fail("No complaints yet: nothing to chart.")
		}
		return fail("No complaint has this time yet: none was acknowledged or resolved. Chart --measure count instead.")
	}
	if err != nil {
		return err
	}
	ch.Options.Width, ch.Options.Height = width, height
	err = app.WriteFileAtomic(out, func(w io.Writer) error { return ch.Draw(w, format) })
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Wrote the chart to {{.File}}.", map[string]any{"File": out}))
	return nil
}
