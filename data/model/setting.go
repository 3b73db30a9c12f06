package model

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// DefaultBaseCurrency is the base currency until Settings names another.
const DefaultBaseCurrency = "CNY"

// Errors of settings and exchange rates.
var (
	ErrBadCurrency = errors.New("not a currency code (three letters, such as USD)")
	ErrBadRate     = errors.New("not an exchange rate (a positive decimal such as 7.2345)")
	ErrBadDate     = errors.New("not a date YYYY-MM-DD")
	ErrNoRate      = errors.New("no exchange rate")
	ErrHasSales    = errors.New("the store already holds sales")
)

// NormalizeCurrency upper-cases a currency code and reads the usual Chinese
// names: "人民币", "RMB", "元", "¥" → CNY, "美元", "$" → USD. "" stays "".
func NormalizeCurrency(c string) (string, error) {
	c = strings.ToUpper(strings.TrimSpace(c))
	switch c {
	case "":
		return "", nil
	case "人民币", "RMB", "元", "¥", "￥", "CNY":
		return "CNY", nil
	case "美元", "$", "US$", "USD":
		return "USD", nil
	case "欧元", "€", "EUR":
		return "EUR", nil
	case "港币", "港元", "HK$", "HKD":
		return "HKD", nil
	case "日元", "JPY":
		return "JPY", nil
	}
	if len(c) != 3 || strings.IndexFunc(c, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return "", fmt.Errorf("%q: %w", c, ErrBadCurrency)
	}
	return c, nil
}

// Rate is one entry of the exchange-rate table: from Date on, one unit of
// Currency is Value base units ("7.2345").
type Rate struct {
	Currency string `json:"currency"`
	Date     string `json:"date"`
	Value    string `json:"rate"`
}

// rat is a parsed rate: num/den with den a power of ten.
type Rat struct{ num, den uint64 }

// parseRate reads a positive decimal with at most 9 decimals exactly.
func ParseRate(v string) (Rat, error) {
	v = strings.TrimSpace(v)
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" && frac == "" || len(frac) > 9 || len(whole) > 9 || !allDigits(whole) || !allDigits(frac) {
		return Rat{}, fmt.Errorf("%q: %w", v, ErrBadRate)
	}
	r := Rat{den: 1}
	for _, c := range whole + frac {
		r.num = r.num*10 + uint64(c-'0')
	}
	for range frac {
		r.den *= 10
	}
	if r.num == 0 {
		return Rat{}, fmt.Errorf("%q: %w", v, ErrBadRate)
	}
	return r, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// convert multiplies minor units by the rate exactly (128-bit product) and
// rounds half away from zero to the minor unit.
func (r Rat) Convert(amount int64) (int64, error) {
	neg := amount < 0
	a := uint64(amount)
	if neg {
		a = uint64(-amount)
	}
	hi, lo := bits.Mul64(a, r.num)
	if hi >= r.den {
		return 0, fmt.Errorf("amount %d at rate %d/%d: too large", amount, r.num, r.den)
	}
	q, rem := bits.Div64(hi, lo, r.den)
	if rem >= r.den-rem { // rem*2 >= den without overflow
		q++
	}
	if q > 1<<62 {
		return 0, fmt.Errorf("amount %d at rate %d/%d: too large", amount, r.num, r.den)
	}
	if neg {
		return -int64(q), nil
	}
	return int64(q), nil
}

// ConvertAmount converts minor units at a rate given as a decimal string
// ("7.2345"), exactly, rounding half away from zero.
func ConvertAmount(amount int64, rate string) (int64, error) {
	r, err := ParseRate(rate)
	if err != nil {
		return 0, err
	}
	return r.Convert(amount)
}
