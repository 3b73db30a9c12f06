package sales

import "github.com/kehu-crm/kehu/data/model"

// EachCustomerMonths calls fn for every customer with a sale in any of the
// months (YYYY-MM), in id order, with its revenue and sales in each month
// aligned with them: what the analyses (app/analysis) read instead of the
// sales. The slices are reused between calls; copy them to keep them.
func (s *Service) EachCustomerMonths(months []string, fn func(id []byte, row []model.Agg) error) error {
	store, done := s.c.Use()
	defer done()
	if err := store.EnsureRollups(); err != nil {
		return err
	}
	return store.RollupRows(months, model.DimCustomer, fn)
}

// EachCustomerHistory calls fn for every customer with a sale, in id
// order, with the months it bought in (year×12 + month − 1, oldest first)
// and its revenue and sales in each: one sequential read of the transposed
// customer rollup, however many months there are. The slices are reused.
func (s *Service) EachCustomerHistory(fn func(id []byte, months []int, aggs []model.Agg) error) error {
	store, done := s.c.Use()
	defer done()
	if err := store.EnsureRollups(); err != nil {
		return err
	}
	return store.EachCustomerHistory(fn)
}

// Span returns the first and last month with sales ("" when none).
func (s *Service) Span() (first, last string, err error) {
	st, done := s.c.Use()
	defer done()
	return st.SalesMonths()
}
