package cli

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// The analyses' commands (issue 7): report customers|ranking|forecast|
// anomalies|tiers|lifecycle|development and their charts.

// analysisOf is what the analyses read of the open folder: the command
// line's one place that hands the façade's services to app/analysis.
func analysisOf(svc *app.Service) *analysis.Services {
	return &analysis.Services{Customers: svc.Customers, Sales: svc.Sales, Reports: svc.Reports, Complaints: svc.Complaints,
		Accounts: svc.Accounts, FollowUpsDue: svc.FollowUpsDue, Now: svc.Now}
}

var (
	reportCustomersFlags   = map[string]bool{"by": true, "from": true, "to": true}
	reportRankingFlags     = map[string]bool{"by": true, "from": true, "to": true, "limit": true}
	reportForecastFlags    = map[string]bool{"months": true, "rate": true}
	reportAnomaliesFlags   = map[string]bool{"recent": true, "baseline": true, "threshold": true, "limit": true}
	reportTiersFlags       = map[string]bool{"from": true, "to": true, "s": true, "a": true, "b": true, "summary": false, "limit": true}
	reportLifecycleFlags   = map[string]bool{"window": true, "lost_after": true, "limit": true}
	reportDevelopmentFlags = map[string]bool{"by": true, "from": true, "to": true, "retention": false}
)

func printAnalysisPeriodHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --from PERIOD --to PERIOD", i18n.L("2024-01, 2024-Q1 or 2024; default the 12 months up to this month")},
	}, nil, false)
}

func printReportTiersHelp(w io.Writer) {
	printAnalysisPeriodHelp(w)
	writeAligned(w, [][]string{
		{"  --s PCT --a PCT --b PCT", i18n.L("cumulative revenue shares that end tiers S, A and B (default 50, 80, 95)")},
		{"  --summary", i18n.L("one line per proposed tier: its share of customers and of revenue")},
	}, nil, false)
	for _, l := range strings.Split(analysis.TierOptions{}.RuleText(), "\n") {
		io.WriteString(w, l+"\n")
	}
}

func printReportLifecycleHelp(w io.Writer) {
	for _, l := range (analysis.LifecycleRule{}).Text() {
		io.WriteString(w, "  "+l+"\n")
	}
}

// fromTo reads --from and --to as periods in any form model.ParsePeriod
// takes (2026/1, 2026年1月, 2026Q1, 本月 …) and writes them back as the
// reports take them (2026-01, 2026-Q1, 2026).
func fromTo(c *ctx, cmd string, flags map[string]string) error {
	for _, f := range []string{"from", "to"} {
		if v, ok := flags[f]; ok {
			p, err := model.NormalizePeriod(v, c.now())
			if err != nil || p == "" {
				return usageErr(cmd, "--{{.Flag}} {{.Value}} is not a period: use 2024-01, 2024-Q1 or 2024.", map[string]any{"Flag": f, "Value": v})
			}
			flags[f] = p
		}
	}
	return nil
}

// pctFlag reads a percentage flag ("10", "-5.5", "10%"); absent gives def.
func pctFlag(cmd string, flags map[string]string, name string, def, lo, hi float64) (float64, error) {
	v, ok := flags[name]
	if !ok {
		return def, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), "%"), 64)
	if err != nil || f < lo || f > hi {
		return 0, usageErr(cmd, "The flag --{{.Flag}} wants a percentage from {{.Min}} to {{.Max}}, not {{.Value}}.",
			map[string]any{"Flag": name, "Min": lo, "Max": hi, "Value": strconv.Quote(v)})
	}
	return f, nil
}

// analysisTable turns an analysis table into a listing.
func analysisTable(at *analysis.Table, limit int, format string) *Table {
	t := &Table{}
	for _, c := range at.Cols {
		col := Column{Key: c.Key, Label: c.Label, Enum: c.Enum, Right: c.Right}
		if c.Enum == "" {
			col.Show = c.ShowValue // grouped money, percentages, yes for true
		}
		t.Cols = append(t.Cols, col)
	}
	t.Rows = at.Rows
	if limit > 0 && len(t.Rows) > limit {
		if format == formatTable {
			t.More = len(t.Rows) - limit
		}
		t.Rows = t.Rows[:limit]
	}
	return t
}

func analysisFailed(err error) error {
	return fail("The analysis failed: {{.Err}}", map[string]any{"Err": err.Error()})
}

func runReportCustomers(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "report customers"
	comp, err := composition(c, cmd, flags, pos)
	if err != nil {
		return err
	}
	return analysisTable(comp.Table(), 0, c.format).write(c.stdout, c.format)
}

// composition reads the flags of report customers and chart customers and runs it.
func composition(c *ctx, cmd string, flags map[string]string, pos []string) (*analysis.Composition, error) {
	if err := noArgs(cmd, pos); err != nil {
		return nil, err
	}
	by := strings.ToLower(strings.TrimSpace(flags["by"]))
	if by == "" {
		by = "tier"
	}
	if !slices.Contains(analysis.Groupings, by) {
		return nil, usageErr(cmd, "Unknown grouping {{.By}}: use --by tier, region, type, stage or source.", map[string]any{"By": flags["by"]})
	}
	if err := fromTo(c, cmd, flags); err != nil {
		return nil, err
	}
	svc, err := c.service()
	if err != nil {
		return nil, err
	}
	comp, err := analysis.Compose(analysisOf(svc), by, flags["from"], flags["to"])
	if err != nil {
		return nil, analysisFailed(err)
	}
	return comp, nil
}

func runReportRanking(c *ctx, flags map[string]string, pos []string) error {
	r, err := ranking(c, "report ranking", flags, pos, 0)
	if err != nil {
		return err
	}
	if len(r.Rows) == 0 {
		c.emptyPeriod(r.From, r.To)
	}
	return analysisTable(r.Table(), 0, c.format).write(c.stdout, c.format)
}

func ranking(c *ctx, cmd string, flags map[string]string, pos []string, defLimit int) (*analysis.Ranking, error) {
	if err := noArgs(cmd, pos); err != nil {
		return nil, err
	}
	o := analysis.RankOptions{By: strings.ToLower(strings.TrimSpace(flags["by"])), From: flags["from"], To: flags["to"]}
	if o.By != "" && !slices.Contains(analysis.RankBy, o.By) {
		return nil, usageErr(cmd, "Unknown ranking {{.By}}: use --by revenue, orders or growth.", map[string]any{"By": flags["by"]})
	}
	if err := fromTo(c, cmd, flags); err != nil {
		return nil, err
	}
	var err error
	if o.Limit, err = intFlag(cmd, flags, "limit", defLimit, 1); err != nil {
		return nil, err
	}
	svc, err := c.service()
	if err != nil {
		return nil, err
	}
	r, err := analysis.Rank(analysisOf(svc), o)
	if err != nil {
		return nil, analysisFailed(err)
	}
	return r, nil
}

func runReportForecast(c *ctx, flags map[string]string, pos []string) error {
	f, rate, err := forecast(c, "report forecast", flags, pos)
	if err != nil {
		return err
	}
	if err := analysisTable(f.Table(rate), 0, c.format).write(c.stdout, c.format); err != nil {
		return err
	}
	if c.format == formatTable {
		for _, l := range f.MethodText() {
			io.WriteString(c.stdout, l+"\n")
		}
	}
	return nil
}

func forecast(c *ctx, cmd string, flags map[string]string, pos []string) (*analysis.Forecast, float64, error) {
	if err := noArgs(cmd, pos); err != nil {
		return nil, 0, err
	}
	months, err := intFlag(cmd, flags, "months", 6, 1)
	if err != nil {
		return nil, 0, err
	}
	if months > 36 {
		return nil, 0, usageErr(cmd, "Forecast at most 36 months ahead.")
	}
	rate, err := pctFlag(cmd, flags, "rate", 0, -100, 1000)
	if err != nil {
		return nil, 0, err
	}
	svc, err := c.service()
	if err != nil {
		return nil, 0, err
	}
	f, err := analysis.MakeForecast(analysisOf(svc), analysis.ForecastOptions{Months: months})
	if err != nil {
		return nil, 0, analysisFailed(err)
	}
	return f, rate, nil
}

func runReportAnomalies(c *ctx, flags map[string]string, pos []string) error {
	r, err := anomalyReport(c, "report anomalies", flags, pos)
	if err != nil {
		return err
	}
	return analysisTable(r.Table(), 0, c.format).write(c.stdout, c.format)
}

func anomalyReport(c *ctx, cmd string, flags map[string]string, pos []string) (*analysis.AnomalyResult, error) {
	if err := noArgs(cmd, pos); err != nil {
		return nil, err
	}
	var o analysis.AnomalyOptions
	var err error
	if o.Recent, err = intFlag(cmd, flags, "recent", 3, 1); err != nil {
		return nil, err
	}
	if o.Baseline, err = intFlag(cmd, flags, "baseline", 12, 1); err != nil {
		return nil, err
	}
	if o.Limit, err = intFlag(cmd, flags, "limit", 0, 1); err != nil {
		return nil, err
	}
	t, err := pctFlag(cmd, flags, "threshold", 30, 1, 1000)
	if err != nil {
		return nil, err
	}
	o.Threshold = t / 100
	svc, err := c.service()
	if err != nil {
		return nil, err
	}
	r, err := analysis.Anomalies(analysisOf(svc), o)
	if err != nil {
		return nil, analysisFailed(err)
	}
	return r, nil
}

func runReportTiers(c *ctx, flags map[string]string, pos []string) error {
	r, err := tierReport(c, "report tiers", flags, pos)
	if err != nil {
		return err
	}
	if r.Total == 0 {
		c.emptyPeriod(r.From, r.To)
	}
	if flags["summary"] == "true" {
		return analysisTable(r.SummaryTable(), 0, c.format).write(c.stdout, c.format)
	}
	limit, err := intFlag("report tiers", flags, "limit", 0, 1)
	if err != nil {
		return err
	}
	return analysisTable(r.Table(), limit, c.format).write(c.stdout, c.format)
}

func tierReport(c *ctx, cmd string, flags map[string]string, pos []string) (*analysis.TierResult, error) {
	if err := noArgs(cmd, pos); err != nil {
		return nil, err
	}
	if err := fromTo(c, cmd, flags); err != nil {
		return nil, err
	}
	o := analysis.TierOptions{From: flags["from"], To: flags["to"]}
	for _, p := range []struct {
		name string
		v    *float64
	}{{"s", &o.S}, {"a", &o.A}, {"b", &o.B}} {
		v, err := pctFlag(cmd, flags, p.name, 0, 1, 100)
		if err != nil {
			return nil, err
		}
		*p.v = v / 100
	}
	if d := (analysis.TierOptions{S: 0.5, A: 0.8, B: 0.95}); cmpOr(o.S, d.S) > cmpOr(o.A, d.A) || cmpOr(o.A, d.A) > cmpOr(o.B, d.B) {
		return nil, usageErr(cmd, "Give the thresholds in order: --s ≤ --a ≤ --b ≤ 100.")
	}
	svc, err := c.service()
	if err != nil {
		return nil, err
	}
	r, err := analysis.SuggestTiers(analysisOf(svc), o)
	if err != nil {
		return nil, analysisFailed(err)
	}
	return r, nil
}

func runReportLifecycle(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "report lifecycle"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	var r analysis.LifecycleRule
	var err error
	if r.Window, err = intFlag(cmd, flags, "window", 6, 1); err != nil {
		return err
	}
	if r.LostAfter, err = intFlag(cmd, flags, "lost_after", 6, 1); err != nil {
		return err
	}
	limit, err := intFlag(cmd, flags, "limit", 0, 1)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	res, err := analysis.SuggestStages(analysisOf(svc), r)
	if err != nil {
		return analysisFailed(err)
	}
	return analysisTable(res.Table(), limit, c.format).write(c.stdout, c.format)
}

func runReportDevelopment(c *ctx, flags map[string]string, pos []string) error {
	d, err := development(c, "report development", flags, pos)
	if err != nil {
		return err
	}
	if flags["retention"] == "true" {
		return analysisTable(d.RetentionTable(), 0, c.format).write(c.stdout, c.format)
	}
	return analysisTable(d.Table(), 0, c.format).write(c.stdout, c.format)
}

func development(c *ctx, cmd string, flags map[string]string, pos []string) (*analysis.Development, error) {
	if err := noArgs(cmd, pos); err != nil {
		return nil, err
	}
	by := strings.ToLower(strings.TrimSpace(flags["by"]))
	switch by {
	case "", reports.ByMonth, reports.ByQuarter, reports.ByYear:
	default:
		return nil, usageErr(cmd, "Unknown period {{.By}}: use --by month, quarter or year.", map[string]any{"By": flags["by"]})
	}
	if err := fromTo(c, cmd, flags); err != nil {
		return nil, err
	}
	svc, err := c.service()
	if err != nil {
		return nil, err
	}
	d, err := analysis.Develop(analysisOf(svc), by, flags["from"], flags["to"])
	if err != nil {
		return nil, analysisFailed(err)
	}
	return d, nil
}

// cmpOr is v, or def when v is zero (a flag not given).
func cmpOr(v, def float64) float64 { return cmp.Or(v, def) }
