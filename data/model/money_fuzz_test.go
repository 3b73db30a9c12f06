package model

import (
	"testing"
)

// FuzzParseMoney: any text either parses or gives ErrBadValue, never a
// panic; what parses prints back (FormatMoney) to text that parses to the
// same amount.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1,200.50", "¥3万", "-5", "0.1", "１２３.４５", "9223372036854775807", "99999999999999999.99",
		"-92233720368547758.08", "1.5万", "0.000001万", "", "万", "-", "+.", "1e9", "١٢٣", "1,2,3", " 12 ", "\x00", "NaN"} {
		f.Add(s)
	}
	for _, s := range []string{"43,920.66", "-.5", "5.", "1.2,3", ",-5", "1234567890123456", "12345678901234567", "-0", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if q, ok := quickMoney(s); ok {
			if v, err := parseMoney(s); err != nil || v != q {
				t.Fatalf("%q: quick way %d, long way %d %v", s, q, v, err)
			}
		}
		v, err := ParseMoney(s)
		if err != nil {
			return
		}
		back, err := ParseMoney(FormatMoney(v))
		if err != nil || back != v {
			t.Fatalf("%q → %d → %q → %d, %v", s, v, FormatMoney(v), back, err)
		}
		GroupMoney(v)
	})
}
