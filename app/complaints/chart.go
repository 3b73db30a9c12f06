package complaints

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
)

// Measures are what a complaint chart shows per group: the number of
// complaints, or the average response or handling time beside its target.
var Measures = []string{"count", "response", "handling"}

// Errors of ChartOf.
var (
	ErrNoComplaints = errors.New("no complaints to chart")
	ErrBadMeasure   = errors.New("unknown complaint measure")
)

// Chart is a complaint chart ready to draw.
type Chart struct {
	Series  []chart.Series
	Options chart.Options
	Line    bool // months are a line, other groupings bars
}

// Draw writes the chart in the format.
func (c *Chart) Draw(w io.Writer, f chart.Format) error {
	if c.Line {
		return chart.Line(w, f, c.Series, c.Options)
	}
	return chart.Bar(w, f, c.Series, c.Options)
}

// ChartOf builds the chart of the complaint report grouped by by: counts per
// group (value axis in 件), or the average response or handling hours per
// group with the mean target beside them. Groups where no complaint has that
// time yet are left out rather than drawn as zero. With by "customer" only
// the first limit customers (most complaints first) are drawn; limit <= 0
// means 10. Labels are in the interface's language.
func ChartOf(gs []*Stats, by, measure string, limit int) (*Chart, error) {
	if !slices.Contains(Measures, measure) {
		return nil, fmt.Errorf("complaint chart of %q: %w", measure, ErrBadMeasure)
	}
	total := 0
	for _, g := range gs {
		total += g.Count
	}
	if total == 0 {
		return nil, ErrNoComplaints
	}
	if limit <= 0 {
		limit = 10
	}
	if by == "customer" && len(gs) > limit {
		gs = gs[:limit]
	}
	label := func(g *Stats) string {
		switch by {
		case "category", "status":
			return i18n.Enum(by, g.Group)
		}
		return g.Label
	}
	hours := func(d time.Duration) int64 { return int64(d.Round(36*time.Second) / (36 * time.Second)) } // hundredths
	c := &Chart{Line: by == "month"}
	c.Options.Subtitle = i18n.L("{{.N}} complaints", map[string]any{"N": total})
	switch measure {
	case "count":
		c.Options.Title = complaintChartTitle(by)
		c.Options.YName, c.Options.YUnit = "Number of complaints", chart.UnitCount
		s := chart.Series{Name: "Number of complaints"}
		for _, g := range gs {
			s.Points = append(s.Points, chart.Point{Label: label(g), Value: int64(g.Count)})
		}
		c.Series = []chart.Series{s}
	case "response", "handling":
		c.Options.YUnit = chart.UnitHours
		avg := chart.Series{Name: "Average response time"}
		tgt := chart.Series{Name: "Response target"}
		if measure == "handling" {
			avg.Name, tgt.Name = "Average handling time", "Handling target"
		}
		c.Options.YName = avg.Name
		c.Options.Title = complaintTimeTitle(by, measure)
		for _, g := range gs {
			n, a, t := g.Responded, g.AvgResponse, g.ResponseTarget
			if measure == "handling" {
				n, a, t = g.Handled, g.AvgHandling, g.HandlingTarget
			}
			if n == 0 {
				continue
			}
			avg.Points = append(avg.Points, chart.Point{Label: label(g), Value: hours(a)})
			tgt.Points = append(tgt.Points, chart.Point{Label: label(g), Value: hours(t)})
		}
		if len(avg.Points) == 0 {
			return nil, ErrNoComplaints
		}
		c.Series = []chart.Series{avg, tgt}
	}
	return c, nil
}

func complaintChartTitle(by string) string {
	switch by {
	case "customer":
		return i18n.L("Complaints by customer")
	case "month":
		return i18n.L("Complaints by month")
	case "status":
		return i18n.L("Complaints by status")
	}
	return i18n.L("Complaints by category")
}

func complaintTimeTitle(by, measure string) string {
	if measure == "response" {
		switch by {
		case "customer":
			return i18n.L("Response time by customer")
		case "month":
			return i18n.L("Response time by month")
		case "status":
			return i18n.L("Response time by status")
		}
		return i18n.L("Response time by category")
	}
	switch by {
	case "customer":
		return i18n.L("Handling time by customer")
	case "month":
		return i18n.L("Handling time by month")
	case "status":
		return i18n.L("Handling time by status")
	}
	return i18n.L("Handling time by category")
}
