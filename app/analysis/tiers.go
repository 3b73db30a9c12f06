package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// Default cumulative-share thresholds: close to the case study's classes
// (big customers ~8 % bringing >60 %, medium ~13 % bringing ~25 %, small ~79 %
// bringing ~15 %) and to the 80/20 rule (S and A bring 80 %).
const (
	defaultS = 0.50
	defaultA = 0.80
	defaultB = 0.95
)

func (o TierOptions) withDefaults() TierOptions {
	if o.S <= 0 {
		o.S = defaultS
	}
	if o.A <= 0 {
		o.A = defaultA
	}
	if o.B <= 0 {
		o.B = defaultB
	}
	return o
}

func (o TierOptions) check() error {
	if !(o.S <= o.A && o.A <= o.B && o.B <= 1) {
		return fmt.Errorf("tier thresholds %.2f, %.2f, %.2f: want S ≤ A ≤ B ≤ 1", o.S, o.A, o.B)
	}
	return nil
}

// propose is the Pareto rule: customers in revenue order; the share of
// revenue reached before a customer decides its tier, so the customer that
// crosses a threshold still belongs to the tier below it (the first customer
// is always S) and S is the fewest customers that bring the S share.
func (o TierOptions) propose(before float64, revenue int64) string {
	switch {
	case revenue <= 0:
		return "C"
	case before < o.S:
		return "S"
	case before < o.A:
		return "A"
	case before < o.B:
		return "B"
	}
	return "C"
}

func tierRuleText(o TierOptions) string {
	o = o.withDefaults()
	pct := func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }
	return i18n.L("Customers are sorted by revenue in the period, largest first. Those that bring the first {{.S}} of revenue are proposed S, up to {{.A}} A, up to {{.B}} B, the rest and customers without sales C. A customer proposed S or A whose strategic fit is low is a cash cow.",
		map[string]any{"S": pct(o.S), "A": pct(o.A), "B": pct(o.B)})
}

func suggestTiers(s *Services, o TierOptions) (*TierResult, error) {
	o = o.withDefaults()
	if err := o.check(); err != nil {
		return nil, err
	}
	f, t, err := periodRange(s, o.From, o.To)
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
	r := &TierResult{From: f.String(), To: t.String(), Options: o, Rows: make([]TierRow, 0, len(cs))}
	for _, c := range cs {
		row := TierRow{CustomerID: c.ID, Name: c.Name, Current: c.Tier, Fit: c.Fit}
		row.Revenue, row.Orders = tot[c.ID].Amount, tot[c.ID].Orders
		r.Total += row.Revenue
		r.Rows = append(r.Rows, row)
	}
	slices.SortFunc(r.Rows, func(a, b TierRow) int {
		return cmp.Or(cmp.Compare(b.Revenue, a.Revenue), strings.Compare(a.Name, b.Name), strings.Compare(a.CustomerID, b.CustomerID))
	})
	var cum int64
	counts := map[string]*TierSummary{}
	for _, t := range model.Tiers {
		r.Summary = append(r.Summary, TierSummary{Tier: t})
	}
	for i := range r.Summary {
		counts[r.Summary[i].Tier] = &r.Summary[i]
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		before := share(cum, r.Total)
		cum += max(row.Revenue, 0)
		row.Share = share(row.Revenue, r.Total)
		row.Cumulative = share(cum, r.Total)
		row.Proposed = o.propose(before, row.Revenue)
		row.CashCow = (row.Proposed == "S" || row.Proposed == "A") && row.Fit == "low"
		if row.CashCow {
			r.CashCows++
		}
		if row.Proposed != row.Current {
			r.Changes++
		}
		sm := counts[row.Proposed]
		sm.Customers++
		sm.Revenue += row.Revenue
	}
	for i := range r.Summary {
		r.Summary[i].CustomerShare = share(int64(r.Summary[i].Customers), int64(len(r.Rows)))
		r.Summary[i].RevenueShare = share(r.Summary[i].Revenue, r.Total)
	}
	return r, nil
}

func tierChanges(rows []TierRow) []Change {
	var ch []Change
	for _, r := range rows {
		if r.Proposed != "" && r.Proposed != r.Current {
			ch = append(ch, Change{CustomerID: r.CustomerID, Field: "tier", Old: r.Current, New: r.Proposed})
		}
	}
	return ch
}

// apply groups the changes by customer, so each customer is one transaction.
func apply(s *Services, changes []Change, progress func(done, total int)) ([]Change, error) {
	var order []string
	by := map[string][]Change{}
	for _, c := range changes {
		if _, ok := by[c.CustomerID]; !ok {
			order = append(order, c.CustomerID)
		}
		by[c.CustomerID] = append(by[c.CustomerID], c)
	}
	var done []Change
	for i, id := range order {
		cu, err := s.Customers.Get(id)
		if err == nil {
			var made []Change
			for _, c := range by[id] {
				f, ok := customers.FieldByName(c.Field)
				if !ok {
					return done, fmt.Errorf("no customer field %q", c.Field)
				}
				if !strings.EqualFold(f.Get(cu), c.Old) {
					continue // changed meanwhile: leave the newer value
				}
				if err := f.Set(cu, c.New); err != nil {
					return done, fmt.Errorf("customer %s: %w", cu.Name, err)
				}
				made = append(made, c)
			}
			if len(made) > 0 {
				if _, err := s.Customers.Update(cu); err != nil {
					return done, fmt.Errorf("customer %s: %w", cu.Name, err)
				}
				done = append(done, made...)
			}
		} else if err != model.ErrNotFound {
			return done, err
		}
		if progress != nil {
			progress(i+1, len(order))
		}
	}
	return done, nil
}

func reverse(done []Change) []Change {
	out := make([]Change, len(done))
	for i, c := range done {
		out[len(done)-1-i] = Change{CustomerID: c.CustomerID, Field: c.Field, Old: c.New, New: c.Old}
	}
	return out
}
