package analysis

import (
	"fmt"
	"strconv"

	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// periodName names the period of a month: "2024-02", "2024-Q1" or "2024".
func periodName(m month, by string) string {
	switch by {
	case reports.ByQuarter:
		return fmt.Sprintf("%04d-Q%d", int(m)/12, int(m)%12/3+1)
	case reports.ByYear:
		return strconv.Itoa(int(m) / 12)
	}
	return m.String()
}

func develop(s *Services, by, from, to string) (*Development, error) {
	if by == "" {
		by = reports.ByYear
	}
	switch by {
	case reports.ByMonth, reports.ByQuarter, reports.ByYear:
	default:
		return nil, fmt.Errorf("%q: %w", by, reports.ErrBadBy)
	}
	first, _, err := s.Sales.Span()
	if err != nil {
		return nil, err
	}
	now := thisMonth(s)
	def := now
	if first != "" {
		def, _ = parseMonth(first)
	}
	f, t, err := developRange(s, from, to, def)
	if err != nil {
		return nil, err
	}
	// Widen to whole periods, and read from the first sale (to know each
	// customer's first one) and the year before f (for retention).
	for periodName(f-1, by) == periodName(f, by) {
		f--
	}
	for periodName(t+1, by) == periodName(t, by) {
		t++
	}
	load := f - month(int(f)%12) - 12
	if first != "" {
		fm, _ := parseMonth(first)
		load = min(load, fm)
	}
	d := &Development{By: by}
	index := map[string]int{}
	for m := f; m <= t; m++ {
		p := periodName(m, by)
		if _, ok := index[p]; !ok {
			index[p] = len(d.Periods)
			d.Periods = append(d.Periods, DevPeriod{Period: p})
		}
	}
	// Years from load's to t's: each customer's active years as bits give
	// the retention counts without keeping anything per customer.
	y0, y1 := int(load)/12, int(t)/12
	before, retained, fresh := make([]int, y1-y0+1), make([]int, y1-y0+1), make([]int, y1-y0+1)
	seen := make([]bool, len(d.Periods))
	pidx := make([]int, int(t-load)+1) // loaded month → period, -1 outside f..t
	for k := range pidx {
		pidx[k] = -1
		if m := load + month(k); m >= f && m <= t {
			pidx[k] = index[periodName(m, by)]
		}
	}
	err = s.Sales.EachCustomerMonths(span(load, t), func(_ []byte, row []model.Agg) error {
		firstSale := -1
		clear(seen)
		var years uint64
		for k, a := range row {
			if a.Orders == 0 && a.Amount == 0 {
				continue
			}
			if firstSale < 0 {
				firstSale = k
			}
			years |= 1 << uint((int(load+month(k))/12-y0)%64)
			pi := pidx[k]
			if pi < 0 {
				continue
			}
			if !seen[pi] {
				seen[pi] = true
				d.Periods[pi].Active++
			}
		}
		if firstSale >= 0 && pidx[firstSale] >= 0 {
			d.Periods[pidx[firstSale]].FirstSale++
		}
		for y := 1; y <= y1-y0 && y < 64; y++ {
			prev, cur := years&(1<<uint(y-1)) != 0, years&(1<<uint(y)) != 0
			switch {
			case prev && cur:
				before[y]++
				retained[y]++
			case prev:
				before[y]++
			case cur:
				fresh[y]++
			}
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
	for _, c := range cs {
		if !c.Created.IsZero() {
			cm := month(c.Created.UTC().Year()*12 + int(c.Created.UTC().Month()) - 1)
			if cm >= f && cm <= t {
				d.Periods[index[periodName(cm, by)]].Created++
			}
		}
	}
	for y := max(y0+1, int(f)/12); y <= y1; y++ {
		i := y - y0
		yr := YearRetention{Year: strconv.Itoa(y), Before: before[i], Retained: retained[i], New: fresh[i]}
		if yr.Before == 0 {
			continue
		}
		yr.Churned = yr.Before - yr.Retained
		yr.Retention = share(int64(yr.Retained), int64(yr.Before))
		yr.Churn = share(int64(yr.Churned), int64(yr.Before))
		d.Years = append(d.Years, yr)
	}
	return d, nil
}

// developRange is periodRange with the default start def (the first month
// with sales) instead of a year back.
func developRange(s *Services, from, to string, def month) (month, month, error) {
	if from != "" {
		return periodRange(s, from, to)
	}
	_, t, err := periodRange(s, "", to)
	if err != nil {
		return 0, 0, err
	}
	if def > t {
		def = t
	}
	return def, t, nil
}
