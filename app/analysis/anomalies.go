package analysis

import (
	"cmp"
	"slices"

	"github.com/kehu-crm/kehu/app"
)

func (o AnomalyOptions) withDefaults() AnomalyOptions {
	if o.Recent <= 0 {
		o.Recent = 3
	}
	if o.Baseline <= 0 {
		o.Baseline = 12
	}
	if o.Threshold <= 0 {
		o.Threshold = 0.30
	}
	return o
}

// anomalies compares each customer's monthly mean over the last Recent
// complete months with its mean over the Baseline months before them.
func anomalies(s *app.Service, o AnomalyOptions) (*AnomalyResult, error) {
	o = o.withDefaults()
	last := thisMonth(s) - 1
	rf := last - month(o.Recent) + 1
	bf := rf - month(o.Baseline)
	mat, err := s.CustomerMonths(span(bf, last))
	if err != nil {
		return nil, err
	}
	res := &AnomalyResult{Options: o, RecentFrom: rf.String(), RecentTo: last.String(), BaseFrom: bf.String(), BaseTo: (rf - 1).String()}
	if len(mat) == 0 {
		return res, nil
	}
	cs, err := customerRows(s)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		row, ok := mat[c.ID]
		if !ok {
			continue
		}
		base, _ := sum(row, 0, o.Baseline)
		if base <= 0 {
			continue // new, or only returns: no baseline to depart from
		}
		recent, recentOrders := sum(row, o.Baseline, len(row))
		bm := float64(base) / float64(o.Baseline)
		rm := float64(recent) / float64(o.Recent)
		a := Anomaly{CustomerID: c.ID, Name: c.Name, Tier: c.Tier, Baseline: round(bm), Recent: round(rm), Change: rm/bm - 1}
		switch {
		case recent == 0 && recentOrders == 0:
			a.Kind = Silent
		case a.Change < -o.Threshold:
			a.Kind = Drop
		case a.Change > o.Threshold:
			a.Kind = Rise
		default:
			continue
		}
		if a.Kind != Rise {
			a.AtRisk = round((bm - rm) * 12)
		}
		for k := len(row) - 1; k >= 0; k-- {
			if row[k] != (app.Agg{}) {
				a.Last = (bf + month(k)).String()
				break
			}
		}
		switch a.Kind {
		case Silent:
			res.Silent++
		case Drop:
			res.Drops++
		default:
			res.Rises++
		}
		res.AtRisk += a.AtRisk
		res.Rows = append(res.Rows, a)
	}
	slices.SortFunc(res.Rows, func(a, b Anomaly) int {
		return cmp.Or(cmp.Compare(b.AtRisk, a.AtRisk), cmp.Compare(b.Change, a.Change), cmp.Compare(a.Name, b.Name), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	if o.Limit > 0 && len(res.Rows) > o.Limit {
		res.Rows = res.Rows[:o.Limit]
	}
	return res, nil
}
