package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strings"

	"github.com/dgraph-io/badger/v4"
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

// Setting returns a setting's value ("" when unset).
func (s *Store) Setting(name string) (string, error) {
	var v string
	err := s.view(func(txn *badger.Txn) error {
		var err error
		v, err = getSetting(txn, name)
		return err
	})
	return v, err
}

func getSetting(txn *badger.Txn, name string) (string, error) {
	item, err := txn.Get(settingKey(name))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var v string
	return v, item.Value(func(b []byte) error { return json.Unmarshal(b, &v) })
}

// SetSetting stores a setting; "" removes it. The base currency has its own
// setter, SetBaseCurrency.
func (s *Store) SetSetting(name, value string) error {
	if name == SettingBaseCurrency {
		return s.SetBaseCurrency(value)
	}
	return s.update(func(txn *badger.Txn) error { return setSetting(txn, name, value) })
}

func setSetting(txn *badger.Txn, name, value string) error {
	if err := logSetting(txn, name, value); err != nil { // a team setting travels
		return err
	}
	if value == "" {
		return txn.Delete(settingKey(name))
	}
	return putJSON(txn, settingKey(name), value)
}

// BaseCurrency is the currency the rollups and reports are in.
func (s *Store) BaseCurrency() (string, error) {
	var v string
	err := s.view(func(txn *badger.Txn) error {
		var err error
		v, err = baseCurrency(txn)
		return err
	})
	return v, err
}

func baseCurrency(txn *badger.Txn) (string, error) {
	v, err := getSetting(txn, SettingBaseCurrency)
	if v == "" && err == nil {
		v = DefaultBaseCurrency
	}
	return v, err
}

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

// SetBaseCurrency changes the base currency. The exchange rates are in base
// units, so it is refused once sales are recorded (ErrHasSales).
func (s *Store) SetBaseCurrency(code string) error {
	c, err := NormalizeCurrency(code)
	if err != nil {
		return err
	}
	if c == "" {
		c = DefaultBaseCurrency
	}
	return s.update(func(txn *badger.Txn) error {
		old, err := baseCurrency(txn)
		if err != nil || old == c {
			return err
		}
		if hasSales(txn) {
			return fmt.Errorf("change the base currency to %s: %w; it can only change before the first sale", c, ErrHasSales)
		}
		return setSetting(txn, SettingBaseCurrency, c)
	})
}

// Rate is one entry of the exchange-rate table: from Date on, one unit of
// Currency is Value base units ("7.2345").
type Rate struct {
	Currency string `json:"currency"`
	Date     string `json:"date"`
	Value    string `json:"rate"`
}

// rat is a parsed rate: num/den with den a power of ten.
type rat struct{ num, den uint64 }

// parseRate reads a positive decimal with at most 9 decimals exactly.
func parseRate(v string) (rat, error) {
	v = strings.TrimSpace(v)
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" && frac == "" || len(frac) > 9 || len(whole) > 9 || !allDigits(whole) || !allDigits(frac) {
		return rat{}, fmt.Errorf("%q: %w", v, ErrBadRate)
	}
	r := rat{den: 1}
	for _, c := range whole + frac {
		r.num = r.num*10 + uint64(c-'0')
	}
	for range frac {
		r.den *= 10
	}
	if r.num == 0 {
		return rat{}, fmt.Errorf("%q: %w", v, ErrBadRate)
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
func (r rat) convert(amount int64) (int64, error) {
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
	r, err := parseRate(rate)
	if err != nil {
		return 0, err
	}
	return r.convert(amount)
}

// rateTable is every rate, per currency in date order, with the base currency.
type rateTable struct {
	base  string
	rates map[string][]dated
}

type dated struct {
	date string
	r    rat
}

func loadRates(txn *badger.Txn) (*rateTable, error) {
	base, err := baseCurrency(txn)
	if err != nil {
		return nil, err
	}
	t := &rateTable{base: base, rates: map[string][]dated{}}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pRate}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()[1:]
		i := strings.IndexByte(string(k), sep)
		if i < 0 {
			continue
		}
		cur, date := string(k[:i]), string(k[i+1:])
		var v string
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
			return nil, err
		}
		r, err := parseRate(v)
		if err != nil {
			return nil, fmt.Errorf("rate %s %s: %w", cur, date, err)
		}
		t.rates[cur] = append(t.rates[cur], dated{date, r}) // keys sort by date
	}
	return t, nil
}

// toBase converts an amount in currency on date to base minor units with the
// rate in force that day: the latest dated on or before it.
func (t *rateTable) toBase(amount int64, currency, date string) (int64, error) {
	if currency == "" || currency == t.base {
		return amount, nil
	}
	rs := t.rates[currency]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].date > date }) - 1
	if i < 0 {
		return 0, fmt.Errorf("%w for %s on or before %s: add one (kehu rate set %s %s RATE)", ErrNoRate, currency, date, currency, date)
	}
	return rs[i].r.convert(amount)
}

// Rates lists the exchange-rate table, by currency then date.
func (s *Store) Rates() ([]Rate, error) {
	var list []Rate
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pRate}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[1:]
			i := strings.IndexByte(string(k), sep)
			if i < 0 {
				continue
			}
			r := Rate{Currency: string(k[:i]), Date: string(k[i+1:])}
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &r.Value) }); err != nil {
				return err
			}
			list = append(list, r)
		}
		return nil
	})
	return list, err
}

// SetRate stores (or replaces) a rate and rebuilds the rollups, which hold
// converted amounts. An empty value removes the rate.
func (s *Store) SetRate(currency, date, value string) error {
	c, err := NormalizeCurrency(currency)
	if err != nil {
		return err
	}
	if c == "" {
		return fmt.Errorf("%q: %w", currency, ErrBadCurrency)
	}
	if !ValidDate(date) {
		return fmt.Errorf("%q: %w", date, ErrBadDate)
	}
	if value != "" {
		if _, err := parseRate(value); err != nil {
			return err
		}
	}
	var old string
	err = s.update(func(txn *badger.Txn) error {
		if base, err := baseCurrency(txn); err != nil {
			return err
		} else if base == c {
			return fmt.Errorf("%s is the base currency: its rate is always 1", c)
		}
		if item, err := txn.Get(rateKey(c, date)); err == nil {
			if err := item.Value(func(b []byte) error { return json.Unmarshal(b, &old) }); err != nil {
				return err
			}
		}
		if value == "" {
			if err := txn.Delete(rateKey(c, date)); err != nil {
				return err
			}
		} else if err := putJSON(txn, rateKey(c, date), strings.TrimSpace(value)); err != nil {
			return err
		}
		if err := logRate(txn, c, date, strings.TrimSpace(value)); err != nil {
			return err
		}
		// Marked in the same transaction: a rebuild cut off is finished by
		// the next EnsureRollups.
		return setSetting(txn, settingRollupsStale, "true")
	})
	if err != nil {
		return err
	}
	if _, err = s.RebuildRollups(); errors.Is(err, ErrNoRate) && value == "" && old != "" {
		// Removing the rate left sales without one: put it back.
		if rerr := s.SetRate(c, date, old); rerr != nil {
			return rerr
		}
		return fmt.Errorf("remove the %s rate of %s: sales need it: %w", c, date, err)
	}
	return err
}
