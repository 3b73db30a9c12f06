package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

// groupCodes are the enumerations' codes in display order; region has none
// (provinces are ordered by revenue).
var groupCodes = map[string][]string{"tier": model.Tiers, "type": model.Types, "source": model.Sources, "stage": model.Stages}

func groupValue(by string, r *customers.Row) string {
	switch by {
	case "tier":
		return r.Tier
	case "region":
		return r.Province
	case "type":
		return r.Type
	case "source":
		return r.Source
	case "stage":
		return r.Stage
	}
	return ""
}

func compose(s *Services, by, from, to string) (*Composition, error) {
	if !slices.Contains(Groupings, by) {
		return nil, fmt.Errorf("group by %q: want tier, region, type, source or stage", by)
	}
	f, t, err := periodRange(s, from, to)
	if err != nil {
		return nil, err
	}
	tot, err := totals(s, span(f, t))
	if err != nil {
		return nil, err
	}
	cs, err := customerRows(s)
	if err != nil {
		return nil, err
	}
	r := &Composition{By: by, From: f.String(), To: t.String(), Customers: len(cs)}
	slices0 := map[string]*Slice{}
	for _, c := range cs {
		v := groupValue(by, c)
		sl := slices0[v]
		if sl == nil {
			sl = &Slice{Value: v}
			slices0[v] = sl
		}
		amount, orders := tot[c.ID].Amount, tot[c.ID].Orders
		sl.Customers++
		sl.Revenue += amount
		sl.Orders += orders
		r.Revenue += amount
	}
	codes := groupCodes[by]
	for _, c := range codes { // every code shown, zeros too
		if slices0[c] == nil {
			slices0[c] = &Slice{Value: c}
		}
	}
	rank := func(v string) int {
		if v == "" {
			return len(codes) + 1
		}
		if i := slices.Index(codes, v); i >= 0 {
			return i
		}
		return len(codes) // a code unknown to this version, or a province
	}
	for _, sl := range slices0 {
		sl.CustomerShare = share(int64(sl.Customers), int64(r.Customers))
		sl.RevenueShare = share(sl.Revenue, r.Revenue)
		r.Slices = append(r.Slices, *sl)
	}
	slices.SortFunc(r.Slices, func(a, b Slice) int {
		return cmp.Or(cmp.Compare(rank(a.Value), rank(b.Value)), cmp.Compare(b.Revenue, a.Revenue),
			cmp.Compare(b.Customers, a.Customers), cmp.Compare(a.Value, b.Value))
	})
	return r, nil
}
