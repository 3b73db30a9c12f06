package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
)

var chartSalesFlags = map[string]bool{"by": true, "from": true, "to": true, "customer": true, "tier": true, "region": true,
	"product": true, "compare_years": false, "out": true, "width": true, "height": true}

func printChartSalesHelp(w io.Writer) {
	printReportSalesHelp(w)
	writeAligned(w, [][]string{
		{"  --compare-years", i18n.L("draw the same periods a year earlier as a dashed line")},
		{"  --out FILE", i18n.L("the file to write; its extension gives the format (.png, .svg, .pdf)")},
		{"  --width PX --height PX", i18n.L("the size of the picture (default 1200×600)")},
	}, nil, false)
}

// salesQuery reads the filters shared by report sales and chart sales; it
// resolves --customer, so it opens the data folder.
func salesQuery(c *ctx, cmd string, flags map[string]string) (reports.SalesQuery, string, error) {
	if err := fromTo(c, cmd, flags); err != nil {
		return reports.SalesQuery{}, "", err
	}
	q := reports.SalesQuery{By: strings.ToLower(strings.TrimSpace(flags["by"])), From: flags["from"], To: flags["to"],
		Tier: strings.ToUpper(strings.TrimSpace(flags["tier"])), Region: strings.TrimSpace(flags["region"]), Product: flags["product"]}
	switch q.By {
	case "", reports.ByMonth, reports.ByQuarter, reports.ByYear:
	default:
		return q, "", usageErr(cmd, "Unknown period {{.By}}: use --by month, quarter or year.", map[string]any{"By": flags["by"]})
	}
	if ref := strings.TrimSpace(flags["customer"]); ref != "" {
		svc, err := c.service()
		if err != nil {
			return q, "", err
		}
		cu, err := svc.Customers.Resolve(ref)
		if errors.Is(err, model.ErrNotFound) {
			return q, "", fail("No customer matches {{.Ref}}: see kehu customer list.", map[string]any{"Ref": model.Shorten(ref)})
		}
		if err != nil {
			return q, "", err
		}
		q.CustomerID = cu.ID
	}
	// what the filters select, for titles
	var what string
	if q.CustomerID != "" || q.Tier != "" || q.Region != "" || strings.TrimSpace(q.Product) != "" {
		svc, err := c.service()
		if err != nil {
			return q, "", err
		}
		what = svc.Reports.FilterText(q)
	}
	return q, what, nil
}

// chartFile reads what every chart command shares: --out, whose extension
// names the format, and --width/--height.
func chartFile(cmd string, flags map[string]string) (out string, format chart.Format, width, height int, err error) {
	out = strings.TrimSpace(flags["out"])
	if out == "" {
		return "", "", 0, 0, usageErr(cmd, "Say where to write the chart: --out FILE.png, .svg or .pdf.")
	}
	if format, err = chart.FormatFromPath(out, ""); err != nil {
		return "", "", 0, 0, usageErr(cmd, "End the file name in .png, .svg or .pdf: {{.File}}.", map[string]any{"File": out})
	}
	if width, err = intFlag(cmd, flags, "width", 1200, 320); err != nil {
		return "", "", 0, 0, err
	}
	if height, err = intFlag(cmd, flags, "height", 600, 240); err != nil {
		return "", "", 0, 0, err
	}
	if width > 10000 || height > 10000 {
		return "", "", 0, 0, usageErr(cmd, "The picture may be at most 10000 pixels wide and high.")
	}
	return out, format, width, height, nil
}

// runChartSales draws the sales curve to a PNG, SVG or PDF file.
func runChartSales(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart sales"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	out, format, width, height, err := chartFile(cmd, flags)
	if err != nil {
		return err
	}
	q, what, err := salesQuery(c, cmd, flags)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	var cur, prev []reports.Point
	if flags["compare_years"] == "true" {
		cur, prev, err = svc.Reports.YoY(q)
	} else {
		cur, err = svc.Reports.SalesReport(q)
	}
	if err != nil {
		return fail("The sales report failed: {{.Err}}", map[string]any{"Err": err.Error()})
	}
	sub := cur[0].Period
	if len(cur) > 1 {
		sub += " — " + cur[len(cur)-1].Period
	}
	if what != "" {
		sub += "    " + what
	}
	o := chart.Options{Title: i18n.L("Sales curve"), Subtitle: sub, Width: width, Height: height}
	err = app.WriteFileAtomic(out, func(w io.Writer) error { return chart.Line(w, format, reports.CurveSeries(cur, prev), o) })
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Wrote the chart to {{.File}}.", map[string]any{"File": out}))
	return nil
}
