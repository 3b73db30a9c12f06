package cli

import (
	"fmt"
	"io"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
)

var (
	chartFlags          = map[string]bool{"out": true, "width": true, "height": true}
	chartCustomersFlags = withChartFlags(reportCustomersFlags)
	chartRankingFlags   = withChartFlags(reportRankingFlags)
	chartForecastFlags  = withChartFlags(reportForecastFlags)
	chartTiersFlags     = withChartFlags(map[string]bool{"from": true, "to": true, "s": true, "a": true, "b": true})
	chartAnomaliesFlags = withChartFlags(reportAnomaliesFlags)
	chartDevFlags       = withChartFlags(map[string]bool{"by": true, "from": true, "to": true})
)

func withChartFlags(m map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range chartFlags {
		out[k] = v
	}
	return out
}

func printChartFileHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  --out FILE", i18n.L("the file to write; its extension gives the format (.png, .svg, .pdf)")},
		{"  --width PX --height PX", i18n.L("the size of the picture (default 1200×600)")},
	}, nil, false)
}

// writeAnalysisChart draws an analysis' chart into --out.
func writeAnalysisChart(c *ctx, cmd string, flags map[string]string, draw func() (analysis.Chart, error)) error {
	out, _, width, height, err := chartFile(cmd, flags)
	if err != nil {
		return err
	}
	ch, err := draw()
	if err != nil {
		return err
	}
	ch.Options.Width, ch.Options.Height = width, height
	if err := ch.WriteFile(out); err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and the file is not open in another program, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("Wrote the chart to {{.File}}.", map[string]any{"File": out}))
	return nil
}

func runChartCustomers(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart customers"
	return writeAnalysisChart(c, cmd, flags, func() (analysis.Chart, error) {
		r, err := composition(c, cmd, flags, pos)
		if err != nil {
			return analysis.Chart{}, err
		}
		return r.Chart(), nil
	})
}

func runChartRanking(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart ranking"
	return writeAnalysisChart(c, cmd, flags, func() (analysis.Chart, error) {
		r, err := ranking(c, cmd, flags, pos, 10)
		if err != nil {
			return analysis.Chart{}, err
		}
		return r.Chart(), nil
	})
}

func runChartForecast(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart forecast"
	return writeAnalysisChart(c, cmd, flags, func() (analysis.Chart, error) {
		f, rate, err := forecast(c, cmd, flags, pos)
		if err != nil {
			return analysis.Chart{}, err
		}
		return f.Chart(rate), nil
	})
}

func runChartTiers(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart tiers"
	return writeAnalysisChart(c, cmd, flags, func() (analysis.Chart, error) {
		r, err := tierReport(c, cmd, flags, pos)
		if err != nil {
			return analysis.Chart{}, err
		}
		return r.Chart(), nil
	})
}

func runChartAnomalies(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart anomalies"
	return writeAnalysisChart(c, cmd, flags, func() (analysis.Chart, error) {
		r, err := anomalyReport(c, cmd, flags, pos)
		if err != nil {
			return analysis.Chart{}, err
		}
		return r.Chart(), nil
	})
}

func runChartDevelopment(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "chart development"
	return writeAnalysisChart(c, cmd, flags, func() (analysis.Chart, error) {
		d, err := development(c, cmd, flags, pos)
		if err != nil {
			return analysis.Chart{}, err
		}
		return d.Chart(), nil
	})
}
