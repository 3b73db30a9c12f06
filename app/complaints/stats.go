package complaints

import (
	"errors"
	"time"
)

// ErrBadGrouping is a report grouping other than Groupings.
var ErrBadGrouping = errors.New("unknown grouping")

// Groupings are the ways the complaint report groups complaints, and so
// the groupings of ChartOf.
var Groupings = []string{"category", "customer", "month", "status"}

// Stats is one group of the complaint analysis (投诉原因分析,
// 服务时限分析). Response is opened → acknowledged, handling opened →
// resolved; averages and medians are over the complaints that have them
// (Responded, Handled), and so are the targets they are compared with.
type Stats struct {
	Group string // category or status code, customer id, month YYYY-MM, or "all"
	Label string // the customer's name when grouped by customer; else Group

	Count, Open, Overdue int

	Responded                   int // acknowledged complaints
	AvgResponse, MedianResponse time.Duration
	ResponseTarget              time.Duration // mean target of the acknowledged ones
	ResponseWithinTarget        int
	Handled                     int // resolved or closed complaints
	AvgHandling, MedianHandling time.Duration
	HandlingTarget              time.Duration // mean target of the resolved ones
	ResolvedWithinTarget        int
	Rated                       int // complaints with a satisfaction rating
	AvgSatisfaction             float64
}

// ShareResponseWithinTarget is the share of acknowledged complaints
// acknowledged within target; ok is false when none was acknowledged.
func (g *Stats) ShareResponseWithinTarget() (share float64, ok bool) {
	if g.Responded == 0 {
		return 0, false
	}
	return float64(g.ResponseWithinTarget) / float64(g.Responded), true
}

// ShareResolvedWithinTarget is the share of resolved complaints resolved
// within target; ok is false when none was resolved.
func (g *Stats) ShareResolvedWithinTarget() (share float64, ok bool) {
	if g.Handled == 0 {
		return 0, false
	}
	return float64(g.ResolvedWithinTarget) / float64(g.Handled), true
}
