package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/kehu-crm/kehu/data/model"
)

func rank(s *Services, o RankOptions) (*Ranking, error) {
	if o.By == "" {
		o.By = "revenue"
	}
	if !slices.Contains(RankBy, o.By) {
		return nil, fmt.Errorf("rank by %q: want revenue, orders or growth", o.By)
	}
	f, t, err := periodRange(s, o.From, o.To)
	if err != nil {
		return nil, err
	}
	n := t - f + 1
	pf := f - n
	mat, err := perCustomer(s, span(pf, t), func(row []model.Agg) ([2]model.Agg, bool) {
		var p [2]model.Agg
		p[0].Amount, p[0].Orders = sum(row, 0, int(n))
		p[1].Amount, p[1].Orders = sum(row, int(n), len(row))
		return p, true
	})
	if err != nil {
		return nil, err
	}
	r := &Ranking{By: o.By, From: f.String(), To: t.String(), PrevFrom: pf.String(), PrevTo: (f - 1).String()}
	if len(mat) > 0 {
		cs, err := customerRows(s)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			row, ok := mat[c.ID]
			if !ok {
				continue
			}
			rr := RankRow{CustomerID: c.ID, Name: c.Name}
			rr.Previous, rr.Revenue, rr.Orders = row[0].Amount, row[1].Amount, row[1].Orders
			if rr.Previous > 0 {
				rr.Growth, rr.GrowthOK = float64(rr.Revenue)/float64(rr.Previous)-1, true
			}
			// By revenue and orders only the period's customers are ranked;
			// by growth those that stopped buying too (growth -100 %).
			if rr.Orders == 0 && rr.Revenue == 0 && !(o.By == "growth" && rr.GrowthOK) {
				continue
			}
			r.Rows = append(r.Rows, rr)
		}
	}
	slices.SortFunc(r.Rows, func(a, b RankRow) int {
		var c int
		switch o.By {
		case "orders":
			c = cmp.Compare(b.Orders, a.Orders)
		case "growth":
			c = cmp.Or(cmp.Compare(b2i(a.GrowthOK), b2i(b.GrowthOK)), cmp.Compare(b.Growth, a.Growth))
		}
		return cmp.Or(c, cmp.Compare(b.Revenue, a.Revenue), cmp.Compare(a.Name, b.Name), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	r.Total = len(r.Rows)
	if o.Limit > 0 && len(r.Rows) > o.Limit {
		r.Rows = r.Rows[:o.Limit]
	}
	for i := range r.Rows {
		r.Rows[i].Rank = i + 1
	}
	return r, nil
}
