package app

import "github.com/kehu-crm/kehu/data"

// Agg is a rollup: revenue in base-currency minor units and the number of sales.
type Agg = data.Agg

// CustomerMonths returns every customer's revenue and sales in each of the
// months (YYYY-MM), aligned with them, from the customer rollups: what the
// analyses (app/analysis) read instead of the sales. Customers without a sale
// in the months are absent.
func (s *Service) CustomerMonths(months []string) (map[string][]Agg, error) {
	if err := s.st.EnsureRollups(); err != nil {
		return nil, err
	}
	return s.st.RollupMatrix(months, data.DimCustomer)
}

// SalesSpan returns the first and last month with sales ("" when none).
func (s *Service) SalesSpan() (first, last string, err error) { return s.st.SalesMonths() }

// FollowUpsDue counts the follow-ups due on or before date (YYYY-MM-DD).
func (s *Service) FollowUpsDue(date string) (int, error) {
	f, err := s.st.FollowUpsUntil(date)
	return len(f), err
}
