package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/kehu-crm/kehu/app"
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

func suggestStages(s *app.Service, r LifecycleRule) (*LifecycleResult, error) {
	r = r.withDefaults()
	now := thisMonth(s)
	last := now - 1 // the last complete month
	// Read from the first month with sales, so the first purchase is known.
	load := now - month(max(2*r.Window, r.LostAfter, r.NewWithin))
	if first, _, err := s.SalesSpan(); err != nil {
		return nil, err
	} else if first != "" {
		fm, _ := parseMonth(first)
		load = min(load, fm)
	}
	mat, err := s.CustomerMonths(span(load, now))
	if err != nil {
		return nil, err
	}
	cs, err := customerRows(s)
	if err != nil {
		return nil, err
	}
	res := &LifecycleResult{Rule: r, Month: last.String(), Rows: make([]LifecycleRow, 0, len(cs)), Counts: map[string]int{}}
	at := func(m month) int { return int(m - load) }
	for _, c := range cs {
		row := LifecycleRow{CustomerID: c.ID, Name: c.Name, Current: c.Stage}
		sales := mat[c.ID]
		first, lastSale := month(-1), month(-1)
		for k, a := range sales {
			if a.Orders != 0 || a.Amount != 0 {
				if first < 0 {
					first = load + month(k)
				}
				lastSale = load + month(k)
			}
		}
		row.Recent, _ = sum(sales, at(last-month(r.Window)+1), at(last)+1)
		row.Before, _ = sum(sales, at(last-month(2*r.Window)+1), at(last-month(r.Window))+1)
		if row.Before != 0 {
			row.Trend, row.TrendOK = float64(row.Recent)/float64(row.Before)-1, true
		}
		switch {
		case first < 0:
			row.Suggested, row.Reason = "exploration", i18n.L("No purchase yet.")
		default:
			row.First, row.Last = first.String(), lastSale.String()
			row.Silent = max(0, int(last-lastSale))
			switch {
			case row.Silent >= r.LostAfter:
				row.Suggested = "lost"
				row.Reason = i18n.L("No purchase for {{.N}} complete months.", map[string]any{"N": row.Silent})
			case first > last-month(r.NewWithin):
				row.Suggested = "exploration"
				row.Reason = i18n.L("First purchase in {{.Month}}.", map[string]any{"Month": row.First})
			case !row.TrendOK:
				row.Suggested = "development"
				row.Reason = i18n.L("Buying again after {{.W}} months without purchases.", map[string]any{"W": r.Window})
			case row.Trend > r.Change:
				row.Suggested = "development"
				row.Reason = i18n.L("Revenue up {{.Pct}} on the {{.W}} months before.", map[string]any{"Pct": pct(row.Trend), "W": r.Window})
			case row.Trend < -r.Change:
				row.Suggested = "decline"
				row.Reason = i18n.L("Revenue down {{.Pct}} on the {{.W}} months before.", map[string]any{"Pct": pct(-row.Trend), "W": r.Window})
			default:
				row.Suggested = "stable"
				row.Reason = i18n.L("Revenue within {{.Pct}} of the {{.W}} months before.", map[string]any{"Pct": pct(r.Change), "W": r.Window})
			}
		}
		res.Counts[row.Suggested]++
		if row.Suggested != row.Current {
			res.Changes++
		}
		res.Rows = append(res.Rows, row)
	}
	slices.SortStableFunc(res.Rows, func(a, b LifecycleRow) int {
		return cmp.Or(cmp.Compare(b2i(a.Suggested != a.Current), b2i(b.Suggested != b.Current)), cmp.Compare(b.Recent, a.Recent))
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
