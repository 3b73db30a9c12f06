package analysis

import (
	"cmp"
	"slices"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
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
// complete months with its mean over the Baseline months before them, and
// names the customers.
func anomalies(s *Services, o AnomalyOptions) (*AnomalyResult, error) {
	res, err := findAnomalies(s, o, 0)
	if err != nil || len(res.Rows) == 0 {
		return res, err
	}
	cs, err := customerRows(s)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*customers.Row, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	for i := range res.Rows {
		if c := byID[res.Rows[i].CustomerID]; c != nil {
			res.Rows[i].Name, res.Rows[i].Tier = c.Name, c.Tier
		}
	}
	sortAnomalies(res.Rows)
	if o.Limit > 0 && len(res.Rows) > o.Limit {
		res.Rows = res.Rows[:o.Limit]
	}
	return res, nil
}

// findAnomalies finds the anomalies from the rollups alone, unnamed and
// unsorted; with top > 0 it keeps only the top largest at risk (the
// dashboard's tile), counting all.
func findAnomalies(s *Services, o AnomalyOptions, top int) (*AnomalyResult, error) {
	o = o.withDefaults()
	last := thisMonth(s) - 1
	rf := last - month(o.Recent) + 1
	bf := rf - month(o.Baseline)
	res := &AnomalyResult{Options: o, RecentFrom: rf.String(), RecentTo: last.String(), BaseFrom: bf.String(), BaseTo: (rf - 1).String()}
	err := s.Sales.EachCustomerMonths(span(bf, last), func(id []byte, row []model.Agg) error {
		base, _ := sum(row, 0, o.Baseline)
		if base <= 0 {
			return nil // new, or only returns: no baseline to depart from
		}
		recent, recentOrders := sum(row, o.Baseline, len(row))
		bm := float64(base) / float64(o.Baseline)
		rm := float64(recent) / float64(o.Recent)
		a := Anomaly{Baseline: round(bm), Recent: round(rm), Change: rm/bm - 1}
		switch {
		case recent == 0 && recentOrders == 0:
			a.Kind = Silent
			res.Silent++
		case a.Change < -o.Threshold:
			a.Kind = Drop
			res.Drops++
		case a.Change > o.Threshold:
			a.Kind = Rise
			res.Rises++
		default:
			return nil
		}
		if a.Kind != Rise {
			a.AtRisk = round((bm - rm) * 12)
		}
		for k := len(row) - 1; k >= 0; k-- {
			if row[k] != (model.Agg{}) {
				a.Last = (bf + month(k)).String()
				break
			}
		}
		res.AtRisk += a.AtRisk
		res.Count++
		if top > 0 && len(res.Rows) == top {
			a.CustomerID = string(id)
			i := slices.IndexFunc(res.Rows, func(b Anomaly) bool { return compareAnomalies(a, b) < 0 })
			if i < 0 {
				return nil
			}
			res.Rows = slices.Delete(res.Rows, top-1, top)
			res.Rows = slices.Insert(res.Rows, i, a)
			return nil
		}
		a.CustomerID = string(id)
		res.Rows = append(res.Rows, a)
		if top > 0 {
			sortAnomalies(res.Rows)
		}
		return nil
	})
	return res, err
}

// compareAnomalies orders by revenue at risk, then change, largest first.
func compareAnomalies(a, b Anomaly) int {
	return cmp.Or(cmp.Compare(b.AtRisk, a.AtRisk), cmp.Compare(b.Change, a.Change), cmp.Compare(a.Name, b.Name), cmp.Compare(a.CustomerID, b.CustomerID))
}

func sortAnomalies(rows []Anomaly) { slices.SortFunc(rows, compareAnomalies) }
