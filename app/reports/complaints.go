package reports

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"
)

// ComplaintReport groups every complaint by category, customer, month
// (opened, local time), status, or "all" (one group). Categories and statuses
// list every code, months every month from the first to the last, customers
// those with complaints, most complaints first.
func (s *Service) ComplaintReport(by string) ([]*complaints.Stats, error) {
	if by != "all" && !slices.Contains(complaints.Groupings, by) {
		return nil, fmt.Errorf("complaint report by %q: %w", by, complaints.ErrBadGrouping)
	}
	rows, _, err := s.complaints.List(complaints.Filter{})
	if err != nil {
		return nil, err
	}
	groups := map[string][]*complaints.Row{}
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
	out := make([]*complaints.Stats, 0, len(keys))
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

func monthsSpanning(groups map[string][]*complaints.Row) []string {
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

func stats(rows []*complaints.Row) *complaints.Stats {
	g := &complaints.Stats{Count: len(rows)}
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
