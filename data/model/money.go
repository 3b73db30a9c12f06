package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// ErrBadValue marks input that cannot be parsed.
var ErrBadValue = errors.New("invalid value")

// ParseMoney reads a decimal amount into minor units (fen/cents) exactly,
// never through float64: "1,200.50" → 120050, "¥3万" → 3000000, "-5" → -500.
// A 万 (ten thousand) suffix is understood because Chinese lists give
// revenue in 万元.
func ParseMoney(s string) (int64, error) {
	if v, ok := quickMoney(s); ok {
		return v, nil
	}
	return parseMoney(s)
}

// parseMoney is ParseMoney the long way, for any text.
func parseMoney(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if plainAmount(t) {
		// ASCII digits, signs, points and commas: NFKC leaves them alone and
		// of moneyNoise only the commas occur.
		if strings.IndexByte(t, ',') >= 0 {
			t = strings.ReplaceAll(t, ",", "")
		}
	} else {
		t = moneyNoise.Replace(norm.NFKC.String(t))
	}
	scale := int64(1)
	if strings.HasSuffix(t, "万") {
		scale, t = 10000, strings.TrimSuffix(t, "万")
	}
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) || len(frac) > 2 && scale == 1 || len(frac) > 6 {
		return 0, fmt.Errorf("%q: %w: want an amount like 1,200.50", s, ErrBadValue)
	}
	frac += "000000"
	w, err := strconv.ParseInt("0"+whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w: too large", s, ErrBadValue)
	}
	// fen = whole*100*scale + the fraction's first digits scaled alike.
	fdigits := 2
	if scale == 10000 {
		fdigits = 6
	}
	f, _ := strconv.ParseInt(frac[:fdigits], 10, 64)
	if w > (1<<62)/(100*scale) {
		return 0, fmt.Errorf("%q: %w: too large", s, ErrBadValue)
	}
	v := w*100*scale + f
	if neg {
		v = -v
	}
	return v, nil
}

// quickMoney is ParseMoney of the usual amount, an optional '-', digits
// (commas among them) and at most two after a point, read without making a
// string; false for anything else, which ParseMoney reads the long way.
func quickMoney(s string) (int64, bool) {
	i, neg := 0, false
	if s != "" && s[0] == '-' {
		neg, i = true, 1
	}
	var w, f int64
	nw, nf := 0, 0
	for ; i < len(s) && (s[i] == ',' || s[i] >= '0' && s[i] <= '9'); i++ {
		if s[i] != ',' {
			if nw == 16 { // past 16 digits, the long way checks the size
				return 0, false
			}
			w, nw = w*10+int64(s[i]-'0'), nw+1
		}
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && (s[i] == ',' || s[i] >= '0' && s[i] <= '9'); i++ {
			if s[i] != ',' {
				if nf == 2 {
					return 0, false
				}
				f, nf = f*10+int64(s[i]-'0'), nf+1
			}
		}
	}
	if i != len(s) || nw+nf == 0 {
		return 0, false
	}
	if nf == 1 {
		f *= 10
	}
	v := w*100 + f
	if neg {
		v = -v
	}
	return v, true
}

// moneyNoise is what ParseMoney drops around an amount: grouping commas,
// spaces and currency marks.
var moneyNoise = strings.NewReplacer(",", "", " ", "", "¥", "", "￥", "", "元", "", "CNY", "", "RMB", "")

// plainAmount reports whether s has only ASCII digits, '.', ',', '+' and '-'.
func plainAmount(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' && c != ',' && c != '+' && c != '-' {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatMoney writes minor units as a decimal with exactly two decimals,
// the form of the CLI's JSON and CSV: 120050 → "1200.50".
func FormatMoney(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// GroupMoney writes minor units with thousands separators for people:
// 146782297 → "1,467,822.97".
func GroupMoney(v int64) string {
	s := FormatMoney(v)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + "." + frac
}
