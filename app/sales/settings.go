package sales

import (
	"errors"

	"github.com/kehu-crm/kehu/data/model"
)

// errFoundSale ends Any's iteration at the first sale.
var errFoundSale = errors.New("stop")

// Any reports whether any sale is recorded: from the first sale on, the
// base currency cannot change (SetBaseCurrency returns model.ErrHasSales).
func (s *Service) Any() (bool, error) {
	store, done := s.c.Use()
	defer done()
	has := false
	err := store.EachSale(func(*model.Sale) error { has = true; return errFoundSale })
	if errors.Is(err, errFoundSale) {
		err = nil
	}
	return has, err
}

// CurrencyCode reads a currency the way Settings and the imports do: "usd" →
// USD, "人民币" → CNY; an error when it is not three letters or a known name.
func CurrencyCode(c string) (string, error) { return model.NormalizeCurrency(c) }
