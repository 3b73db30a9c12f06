package app

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// ComplaintStats is one group of the complaint analysis (投诉原因分析,
// 服务时限分析). Response is opened → acknowledged, handling opened →
// resolved; averages and medians are over the complaints that have them
// (Responded, Handled), and so are the targets they are compared with.
type ComplaintStats struct {
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
func (g *ComplaintStats) ShareResponseWithinTarget() (share float64, ok bool) {
	if g.Responded == 0 {
		return 0, false
	}
	return float64(g.ResponseWithinTarget) / float64(g.Responded), true
}

// ShareResolvedWithinTarget is the share of resolved complaints resolved
// within target; ok is false when none was resolved.
func (g *ComplaintStats) ShareResolvedWithinTarget() (share float64, ok bool) {
	if g.Handled == 0 {
		return 0, false
	}
	return float64(g.ResolvedWithinTarget) / float64(g.Handled), true
}

// ComplaintReport groups every complaint by category, customer, month
// (opened, local time), status, or "all" (one group). Categories and statuses
// list every code, months every month from the first to the last, customers
// those with complaints, most complaints first.
func (s *Service) ComplaintReport(by string) ([]*ComplaintStats, error) {
	if by != "all" && !slices.Contains(ComplaintGroupings, by) {
		return nil, fmt.Errorf("complaint report by %q: %w", by, ErrBadGrouping)
	}
	rows, _, err := s.Complaints(ComplaintFilter{})
	if err != nil {
		return nil, err
	}
	groups := map[string][]*ComplaintRow{}
	labels := map[string]string{}
	for _, r := range rows {
		var k string
		switch by {
		case "category":
			k = r.Category
		case "status":
			k = r.Status
		case "customer":
			k, labels[r.CustomerID] = r.CustomerID, r.CustomerName
		case "month":
			k = r.OpenedAt.Local().Format("2006-01")
		default:
			k = "all"
		}
		groups[k] = append(groups[k], r)
	}
	var keys []string
	switch by {
	case "category":
		keys = model.Categories
	case "status":
		keys = model.ComplaintStatuses
	case "all":
		keys = []string{"all"}
	case "month":
		keys = monthsSpanning(groups)
	case "customer":
		for k := range groups {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if n := cmp.Compare(len(groups[b]), len(groups[a])); n != 0 {
				return n
			}
			return cmp.Compare(model.Normalize(labels[a]), model.Normalize(labels[b]))
		})
	}
	out := make([]*ComplaintStats, 0, len(keys))
	for _, k := range keys {
		g := stats(groups[k])
		g.Group, g.Label = k, k
		if l, ok := labels[k]; ok {
			g.Label = l
		}
		out = append(out, g)
	}
	return out, nil
}

func monthsSpanning(groups map[string][]*ComplaintRow) []string {
	if len(groups) == 0 {
		return nil
	}
	var first, last string
	for k := range groups {
		if first == "" || k < first {
			first = k
		}
		if k > last {
			last = k
		}
	}
	t, _ := time.Parse("2006-01", first)
	var keys []string
	for ; t.Format("2006-01") <= last; t = t.AddDate(0, 1, 0) {
		keys = append(keys, t.Format("2006-01"))
	}
	return keys
}

func stats(rows []*ComplaintRow) *ComplaintStats {
	g := &ComplaintStats{Count: len(rows)}
	var resp, hand []time.Duration
	var respTarget, handTarget time.Duration
	sat := 0
	for _, r := range rows {
		if r.Open() {
			g.Open++
		}
		if r.Overdue {
			g.Overdue++
		}
		if r.Responded {
			resp = append(resp, r.Response)
			respTarget += r.Target.Acknowledge
			if r.ResponseMet() {
				g.ResponseWithinTarget++
			}
		}
		if r.Handled {
			hand = append(hand, r.Handling)
			handTarget += r.Target.Resolve
			if r.HandlingMet() {
				g.ResolvedWithinTarget++
			}
		}
		if r.Satisfaction > 0 {
			g.Rated++
			sat += r.Satisfaction
		}
	}
	g.Responded, g.Handled = len(resp), len(hand)
	g.AvgResponse, g.MedianResponse = mean(resp), median(resp)
	g.AvgHandling, g.MedianHandling = mean(hand), median(hand)
	if g.Responded > 0 {
		g.ResponseTarget = respTarget / time.Duration(g.Responded)
	}
	if g.Handled > 0 {
		g.HandlingTarget = handTarget / time.Duration(g.Handled)
	}
	if g.Rated > 0 {
		g.AvgSatisfaction = float64(sat) / float64(g.Rated)
	}
	return g
}

func mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
