package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// month is a month as a count of months since year 0, so windows are plain
// integer ranges.
type month int

func parseMonth(s string) (month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return month(t.Year()*12 + int(t.Month()) - 1), nil
}

func (m month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }

// span lists the months from..to inclusive as strings.
func span(from, to month) []string {
	var out []string
	for m := from; m <= to; m++ {
		out = append(out, m.String())
	}
	return out
}

// thisMonth is the month of the service's clock.
func thisMonth(s *Services) month {
	t := s.Now()
	return month(t.Year()*12 + int(t.Month()) - 1)
}

// periodRange resolves From and To (any granularity) to months; "" for both
// is the 12 months up to this month, one alone reaches 12 months from it.
func periodRange(s *Services, from, to string) (month, month, error) {
	var f, t month
	if to != "" {
		_, last, err := reports.PeriodMonths(to)
		if err != nil {
			return 0, 0, err
		}
		t, _ = parseMonth(last)
	}
	if from != "" {
		first, _, err := reports.PeriodMonths(from)
		if err != nil {
			return 0, 0, err
		}
		f, _ = parseMonth(first)
	}
	switch {
	case from == "" && to == "":
		t = thisMonth(s)
		f = t - 11
	case from == "":
		f = t - 11
	case to == "":
		t = max(thisMonth(s), f)
	}
	if f > t {
		return 0, 0, fmt.Errorf("the range %s to %s ends before it starts", f, t)
	}
	return f, t, nil
}

// customerRows is every customer of the archive, from the customers
// service's in-memory list.
func customerRows(s *Services) ([]*customers.Row, error) {
	rows, _, err := s.Customers.List(customers.Query{})
	return rows, err
}

// sum adds a customer's months i..j-1 (indexes into its rollup row).
func sum(row []model.Agg, i, j int) (amount, orders int64) {
	for k := max(i, 0); k < min(j, len(row)); k++ {
		amount += row[k].Amount
		orders += row[k].Orders
	}
	return amount, orders
}

// share is part/whole, 0 for an empty whole.
func share(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

func round(v float64) int64 { return int64(math.Round(v)) }

// perCustomer reads the customers' months and keeps, by id, what keep makes
// of each row (ok false drops it).
func perCustomer[T any](s *Services, months []string, keep func(row []model.Agg) (T, bool)) (map[string]T, error) {
	out := map[string]T{}
	err := s.Sales.EachCustomerMonths(months, func(id []byte, row []model.Agg) error {
		if v, ok := keep(row); ok {
			out[string(id)] = v
		}
		return nil
	})
	return out, err
}

// totals is each customer's revenue and sales over the months.
func totals(s *Services, months []string) (map[string]model.Agg, error) {
	return perCustomer(s, months, func(row []model.Agg) (model.Agg, bool) {
		a, o := sum(row, 0, len(row))
		return model.Agg{Amount: a, Orders: o}, true
	})
}
