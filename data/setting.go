package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
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
		v = model.DefaultBaseCurrency
	}
	return v, err
}

// SetBaseCurrency changes the base currency. The exchange rates are in base
// units, so it is refused once sales are recorded (ErrHasSales).
func (s *Store) SetBaseCurrency(code string) error {
	c, err := model.NormalizeCurrency(code)
	if err != nil {
		return err
	}
	if c == "" {
		c = model.DefaultBaseCurrency
	}
	return s.update(func(txn *badger.Txn) error {
		old, err := baseCurrency(txn)
		if err != nil || old == c {
			return err
		}
		if hasSales(txn) {
			return fmt.Errorf("change the base currency to %s: %w; it can only change before the first sale", c, model.ErrHasSales)
		}
		return setSetting(txn, SettingBaseCurrency, c)
	})
}

// rateTable is every rate, per currency in date order, with the base currency.
type rateTable struct {
	base  string
	rates map[string][]dated
}

type dated struct {
	date string
	r    model.Rat
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
		r, err := model.ParseRate(v)
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
		return 0, fmt.Errorf("%w for %s on or before %s: add one (kehu rate set %s %s RATE)", model.ErrNoRate, currency, date, currency, date)
	}
	return rs[i].r.Convert(amount)
}

// Rates lists the exchange-rate table, by currency then date.
func (s *Store) Rates() ([]model.Rate, error) {
	var list []model.Rate
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pRate}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[1:]
			i := strings.IndexByte(string(k), sep)
			if i < 0 {
				continue
			}
			r := model.Rate{Currency: string(k[:i]), Date: string(k[i+1:])}
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
	c, err := model.NormalizeCurrency(currency)
	if err != nil {
		return err
	}
	if c == "" {
		return fmt.Errorf("%q: %w", currency, model.ErrBadCurrency)
	}
	if !model.ValidDate(date) {
		return fmt.Errorf("%q: %w", date, model.ErrBadDate)
	}
	if value != "" {
		if _, err := model.ParseRate(value); err != nil {
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
	if _, err = s.RebuildRollups(); errors.Is(err, model.ErrNoRate) && value == "" && old != "" {
		// Removing the rate left sales without one: put it back.
		if rerr := s.SetRate(c, date, old); rerr != nil {
			return rerr
		}
		return fmt.Errorf("remove the %s rate of %s: sales need it: %w", c, date, err)
	}
	return err
}
