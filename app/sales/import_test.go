package sales

import (
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

func TestParseMoneyPlain(t *testing.T) {
	for _, s := range []string{"1,234.56", "-5", "+5", "1.2.3", ",", "-", "", "12,,3", "1.234", "--1", "+-1", "0.5", ".5", "5."} {
		got, err := model.ParseMoney(s)
		want, werr := parseMoneySlow(s)
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("%q: %d %v, want %d %v", s, got, err, want, werr)
		}
	}
}

// parseMoneySlow is model.ParseMoney without its ASCII path.
func parseMoneySlow(s string) (int64, error) { return model.ParseMoney(s + "元") }
