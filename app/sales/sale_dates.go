package sales

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"
	"golang.org/x/text/unicode/norm"
)

// excelEpoch is day 0 of Excel's 1900 date system as it counts after its
// phantom 1900-02-29 (serial 60): serial 61 is 1900-03-01.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads a sale date as spreadsheets and people write it and returns
// it as YYYY-MM-DD: 2024-01-05, 2024-1-5, 2024/1/5, 2024.1.5, 2024年1月5日,
// 20240105, a timestamp whose date part is one of these ("2024-01-05
// 10:30:00", "2024-01-05T10:30:00Z"), and Excel serial numbers of the 1900
// date system (45296 → 2024-01-05; a fraction is the time of day, ignored).
// Full-width digits are read as ASCII.
func ParseDate(s string) (string, error) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	bad := fmt.Errorf("%q: %w: want a date like 2024-01-05, 2024/1/5, 2024年1月5日 or an Excel date number", s, model.ErrBadValue)
	if t == "" {
		return "", bad
	}
	// A time of day after the date.
	if i := strings.IndexAny(t, "T "); i >= 8 {
		t = t[:i]
	}
	if strings.HasSuffix(t, "日") || strings.HasSuffix(t, "号") {
		t = t[:len(t)-len("日")]
	}
	t = strings.NewReplacer("年", "-", "月", "-", "/", "-", ".", "-").Replace(t)
	if serial, ok := excelSerial(s); ok {
		return serial, nil
	}
	parts := strings.Split(t, "-")
	if len(parts) == 1 && len(t) == 8 && digitsOnly(t) {
		parts = []string{t[:4], t[4:6], t[6:]}
	}
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) < 1 || len(parts[2]) > 2 {
		return "", bad
	}
	var n [3]int
	for i, p := range parts {
		if !digitsOnly(p) {
			return "", bad
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if n[0] < 1900 || d.Year() != n[0] || int(d.Month()) != n[1] || d.Day() != n[2] {
		return "", bad // 2024-02-30 is not a date
	}
	return d.Format(time.DateOnly), nil
}

// excelSerial reads an Excel serial date (1900 system): whole days, perhaps
// with a fraction, from 1 (1900-01-01) to 2958465 (9999-12-31); eight-digit
// numbers are YYYYMMDD, not serials.
func excelSerial(s string) (string, bool) {
	t := strings.TrimSpace(norm.NFKC.String(s))
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" || len(whole) > 7 || !digitsOnly(whole) || !digitsOnly(frac) || len(whole) == 8 {
		return "", false
	}
	if frac != "" && len(whole) < 5 && strings.Count(t, ".") == 1 && len(frac) <= 2 && whole != "0" {
		// "2024.1" or "12.5" is not a date people mean; a serial with a time
		// has a long fraction. Short whole parts with short fractions are refused.
		return "", false
	}
	n, err := strconv.Atoi(whole)
	if err != nil || n < 1 || n > 2958465 {
		return "", false
	}
	if n < 60 {
		return excelEpoch.AddDate(0, 0, n+1).Format(time.DateOnly), true
	}
	if n == 60 {
		return "", false // 1900-02-29, which never was
	}
	return excelEpoch.AddDate(0, 0, n).Format(time.DateOnly), true
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseSaleDate is ParseDate with a quick path for the shapes most files
// use (the sales import reads a date per row), ASCII Y-M-D (separators '-', '/', '.', 年, 月, an optional 日 or 号
// after the day) and Excel serial numbers; anything else, and any error, is
// ParseDate's.
func parseSaleDate(s string) (string, error) {
	if d, ok := quickDate(s); ok {
		return d, nil
	}
	return ParseDate(s)
}

func quickDate(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	if digitsOnly(s) {
		if len(s) > 7 { // YYYYMMDD, or no date
			return "", false
		}
		return excelSerial(s)
	}
	num := func(i, min, max int) (int, int, bool) {
		n, j := 0, i
		for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
			n = n*10 + int(s[j]-'0')
			j++
		}
		return n, j, j-i >= min
	}
	sep := func(i int, cjk string) (int, bool) {
		if i >= len(s) {
			return i, false
		}
		switch s[i] {
		case '-', '/', '.':
			return i + 1, true
		}
		if strings.HasPrefix(s[i:], cjk) {
			return i + len(cjk), true
		}
		return i, false
	}
	y, i, ok := num(0, 4, 4)
	if !ok {
		return "", false
	}
	if i, ok = sep(i, "年"); !ok {
		return "", false
	}
	m, i, ok := num(i, 1, 2)
	if !ok {
		return "", false
	}
	if i, ok = sep(i, "月"); !ok {
		return "", false
	}
	d, i, ok := num(i, 1, 2)
	if !ok {
		return "", false
	}
	if rest := s[i:]; rest != "" && rest != "日" && rest != "号" {
		return "", false
	}
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "", false
	}
	b := []byte("0000-00-00")
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b), true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
