package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

func (r LifecycleRule) withDefaults() LifecycleRule {
	if r.Window <= 0 {
		r.Window = 6
	}
	if r.LostAfter <= 0 {
		r.LostAfter = 6
	}
	if r.NewWithin <= 0 {
		r.NewWithin = 6
	}
	if r.Change <= 0 {
		r.Change = 0.10
	}
	return r
}

func lifecycleText(r LifecycleRule) []string {
	r = r.withDefaults()
	d := map[string]any{"W": r.Window, "Lost": r.LostAfter, "New": r.NewWithin, "Pct": fmt.Sprintf("%.0f%%", r.Change*100)}
	return []string{
		i18n.L("The rule looks back from the last complete month; the first step that applies decides:"),
		i18n.L("1. No purchase yet: exploration."),
		i18n.L("2. No purchase in the last {{.Lost}} complete months: lost.", d),
		i18n.L("3. First purchase within the last {{.New}} months: exploration.", d),
		i18n.L("4. Revenue of the last {{.W}} months against the {{.W}} before: up more than {{.Pct}} (or nothing before): development; down more than {{.Pct}}: decline; otherwise stable.", d),
	}
}

func suggestStages(s *Services, r LifecycleRule) (*LifecycleResult, error) {
	r = r.withDefaults()
	now := thisMonth(s)
	last := now - 1 // the last complete month
	type curve struct {
		recent, before int64
		first, last    month
	}
	// Every customer's months in one sequential read of the transposed
	// rollup: its first and last purchase however far back, and the two
	// windows' revenue. Sales after this month do not count.
	curves := map[string]curve{}
	err := s.Sales.EachCustomerHistory(func(id []byte, bought []int, aggs []model.Agg) error {
		c := curve{first: -1, last: -1}
		for k, b := range bought {
			m := month(b)
			if m > now {
				break
			}
			if a := aggs[k]; a.Orders != 0 || a.Amount != 0 {
				if c.first < 0 {
					c.first = m
				}
				c.last = m
				switch {
				case m > last || m <= last-month(2*r.Window):
				case m > last-month(r.Window):
					c.recent += a.Amount
				default:
					c.before += a.Amount
				}
			}
		}
		if c.first >= 0 {
			curves[string(id)] = c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cs, err := customerRows(s)
	if err != nil {
		return nil, err
	}
	// Reasons are translated once with a hole, then filled per customer:
	// a template execution per customer would dominate the analysis.
	const hole = "\x00"
	var (
		noPurchase = i18n.L("No purchase yet.")
		silentFor  = i18n.L("No purchase for {{.N}} complete months.", map[string]any{"N": hole})
		firstIn    = i18n.L("First purchase in {{.Month}}.", map[string]any{"Month": hole})
		again      = i18n.L("Buying again after {{.W}} months without purchases.", map[string]any{"W": r.Window})
		up         = i18n.L("Revenue up {{.Pct}} on the {{.W}} months before.", map[string]any{"Pct": hole, "W": r.Window})
		down       = i18n.L("Revenue down {{.Pct}} on the {{.W}} months before.", map[string]any{"Pct": hole, "W": r.Window})
		within     = i18n.L("Revenue within {{.Pct}} of the {{.W}} months before.", map[string]any{"Pct": pct(r.Change), "W": r.Window})
	)
	fill := func(t, v string) string { return strings.Replace(t, hole, v, 1) }
	res := &LifecycleResult{Rule: r, Month: last.String(), Rows: make([]LifecycleRow, 0, len(cs)), Counts: map[string]int{}}
	for _, c := range cs {
		row := LifecycleRow{CustomerID: c.ID, Name: c.Name, Current: c.Stage}
		cv, ok := curves[c.ID]
		first, lastSale := month(-1), month(-1)
		if ok {
			first, lastSale = cv.first, cv.last
		}
		row.Recent, row.Before = cv.recent, cv.before
		if row.Before != 0 {
			row.Trend, row.TrendOK = float64(row.Recent)/float64(row.Before)-1, true
		}
		switch {
		case first < 0:
			row.Suggested, row.Reason = "exploration", noPurchase
		default:
			row.First, row.Last = first.String(), lastSale.String()
			row.Silent = max(0, int(last-lastSale))
			switch {
			case row.Silent >= r.LostAfter:
				row.Suggested = "lost"
				row.Reason = fill(silentFor, strconv.Itoa(row.Silent))
			case first > last-month(r.NewWithin):
				row.Suggested = "exploration"
				row.Reason = fill(firstIn, row.First)
			case !row.TrendOK:
				row.Suggested = "development"
				row.Reason = again
			case row.Trend > r.Change:
				row.Suggested = "development"
				row.Reason = fill(up, pct(row.Trend))
			case row.Trend < -r.Change:
				row.Suggested = "decline"
				row.Reason = fill(down, pct(-row.Trend))
			default:
				row.Suggested = "stable"
				row.Reason = within
			}
		}
		res.Counts[row.Suggested]++
		if row.Suggested != row.Current {
			res.Changes++
		}
		res.Rows = append(res.Rows, row)
	}
	slices.SortFunc(res.Rows, func(a, b LifecycleRow) int {
		return cmp.Or(cmp.Compare(b2i(a.Suggested != a.Current), b2i(b.Suggested != b.Current)), cmp.Compare(b.Recent, a.Recent),
			strings.Compare(a.Name, b.Name), strings.Compare(a.CustomerID, b.CustomerID))
	})
	return res, nil
}

func b2i(b bool) int {
	if b {
		return 0
	}
	return 1
}

// pct shows a fraction as a whole percentage: 0.125 → "13%".
func pct(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }

func stageChanges(rows []LifecycleRow) []Change {
	var ch []Change
	for _, r := range rows {
		if r.Suggested != "" && r.Suggested != r.Current {
			ch = append(ch, Change{CustomerID: r.CustomerID, Field: "stage", Old: r.Current, New: r.Suggested})
		}
	}
	return ch
}
