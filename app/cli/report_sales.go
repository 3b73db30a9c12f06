package cli

import (
	"io"
	"strings"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

var reportSalesFlags = map[string]bool{"by": true, "from": true, "to": true, "customer": true, "tier": true, "region": true, "product": true}

func printReportSalesHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --by month|quarter|year", i18n.L("the period of each point (default month)")},
		{"  --from PERIOD --to PERIOD", i18n.L("2024-01, 2024-Q1 or 2024; default from the first month with sales to this month")},
		{"  --customer CUST --tier T --region R --product P", i18n.L("filters, in any combination (all must hold)")},
	}, nil, false)
}

// runReportSales prints the sales curve from the rollups.
func runReportSales(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "report sales"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	q, _, err := salesQuery(c, cmd, flags)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	points, err := svc.Reports.SalesReport(q)
	if err != nil {
		return fail("The sales report failed: {{.Err}}", map[string]any{"Err": err.Error()})
	}
	t := &Table{Cols: []Column{
		{Key: "period", Label: "Period"},
		{Key: "amount", Label: "Amount", Right: true, Show: func(v any) string { return groupDecimal(v.(string)) }},
		{Key: "orders", Label: "Orders", Right: true, Show: func(v any) string { return groupDecimal(plain(v)) }},
	}}
	var total, orders int64
	for _, p := range points {
		t.Rows = append(t.Rows, []any{p.Period, model.FormatMoney(p.Amount), p.Orders})
		total += p.Amount
		orders += p.Orders
	}
	if c.format == formatTable {
		t.Rows = append(t.Rows, []any{i18n.L("Total"), model.FormatMoney(total), orders})
	}
	if total == 0 && orders == 0 && len(points) > 0 {
		c.emptyPeriod(points[0].Period, points[len(points)-1].Period)
	}
	return t.write(c.stdout, c.format)
}

// groupDecimal puts thousands separators into a decimal: "1467822.97" →
// "1,467,822.97", "412" → "412".
func groupDecimal(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}
