package analysis

import (
	"fmt"
	"strconv"

	"github.com/kehu-crm/kehu/app"
)

// periodName names the period of a month: "2024-02", "2024-Q1" or "2024".
func periodName(m month, by string) string {
	switch by {
	case app.ByQuarter:
		return fmt.Sprintf("%04d-Q%d", int(m)/12, int(m)%12/3+1)
	case app.ByYear:
		return strconv.Itoa(int(m) / 12)
	}
	return m.String()
}

func develop(s *app.Service, by, from, to string) (*Development, error) {
	if by == "" {
		by = app.ByYear
	}
	switch by {
	case app.ByMonth, app.ByQuarter, app.ByYear:
	default:
		return nil, fmt.Errorf("%q: %w", by, app.ErrBadBy)
	}
	first, _, err := s.SalesSpan()
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
	mat, err := s.CustomerMonths(span(load, t))
	if err != nil {
		return nil, err
	}
	cs, err := customerRows(s)
	if err != nil {
		return nil, err
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
	// Years: active customers of each year from load's year to t's.
	y0, y1 := int(load)/12, int(t)/12
	activeIn := make([][]bool, y1-y0+1) // [year][customer]
	for i := range activeIn {
		activeIn[i] = make([]bool, len(cs))
	}
	for ci, c := range cs {
		row := mat[c.ID]
		firstSale := -1
		seen := map[int]bool{}
		for k, a := range row {
			if a.Orders == 0 && a.Amount == 0 {
				continue
			}
			m := load + month(k)
			if firstSale < 0 {
				firstSale = k
			}
			activeIn[int(m)/12-y0][ci] = true
			if m < f || m > t {
				continue
			}
			pi := index[periodName(m, by)]
			if !seen[pi] {
				seen[pi] = true
				d.Periods[pi].Active++
			}
		}
		if firstSale >= 0 {
			if m := load + month(firstSale); m >= f && m <= t {
				d.Periods[index[periodName(m, by)]].FirstSale++
			}
		}
		if !c.Created.IsZero() {
			cm := month(c.Created.UTC().Year()*12 + int(c.Created.UTC().Month()) - 1)
			if cm >= f && cm <= t {
				d.Periods[index[periodName(cm, by)]].Created++
			}
		}
	}
	for y := max(y0+1, int(f)/12); y <= y1; y++ {
		yr := YearRetention{Year: strconv.Itoa(y)}
		prev, cur := activeIn[y-1-y0], activeIn[y-y0]
		for i := range cs {
			switch {
			case prev[i] && cur[i]:
				yr.Before++
				yr.Retained++
			case prev[i]:
				yr.Before++
			case cur[i]:
				yr.New++
			}
		}
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
func developRange(s *app.Service, from, to string, def month) (month, month, error) {
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
