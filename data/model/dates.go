package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// MaxDateText is the longest date or period text read, in bytes; longer is
// refused before any work (a pasted paragraph is not a date).
const MaxDateText = 64

// DateForms and PeriodForms are the shapes ParseDate and ParsePeriod read,
// as shown in the hint of a date field or period filter (translated at the
// edge by their English text).
const (
	DateForms   = "2026-12-20, 2026/12/20, 2026年12月20日, 20261220, 12/20, 今天, 明天, +7"
	PeriodForms = "2026-01, 2026/1, 2026年1月, 2026Q1, 2026"
)

// excelEpoch is day 0 of Excel's 1900 date system as it counts after its
// phantom 1900-02-29 (serial 60): serial 61 is 1900-03-01.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// relDays are the words for a day near today.
var relDays = map[string]int{
	"今天": 0, "今日": 0, "today": 0,
	"明天": 1, "明日": 1, "tomorrow": 1,
	"后天": 2,
	"昨天": -1, "昨日": -1, "yesterday": -1,
	"前天": -2,
}

// ParseDate reads a date a person typed (a date field of the window, a date
// option of the command line) and returns it as YYYY-MM-DD. It reads
//   - 2026-12-20, 2026-12-5, 2026/12/20, 2026.12.20, 2026年12月20日 (or 号),
//     20261220, and a timestamp whose date part is one of these
//     ("2026-12-20 10:30:00", "2026-12-20T10:30:00Z");
//   - 12/20, 12-20, 12.20, 12月20日: that day of now's year;
//   - 今天, 明天, 后天, 昨天, 前天 (today, tomorrow, yesterday) and +N or -N
//     (also +N天): days from now's day.
//
// Full-width digits and letters are read as ASCII. Years before 1900 are
// refused. An error wraps ErrBadValue and names the forms.
func ParseDate(s string, now time.Time) (string, error) { return parseDate(s, now, true) }

// ParseFileDate reads a date cell of an imported file: the full dates
// ParseDate reads, and Excel serial numbers of the 1900 date system (46376
// → 2026-12-20; a fraction is the time of day, ignored), but not the forms
// that count from today (12/20, 明天, +7): a file was written on another
// day, so a date without its year is refused rather than guessed.
func ParseFileDate(s string) (string, error) { return parseDate(s, time.Time{}, false) }

// parseDate is the one reading of a date in Kehu; typed says whether the
// forms that count from now are read (and serial numbers are not).
func parseDate(s string, now time.Time, typed bool) (string, error) {
	if d, ok := quickDate(s, !typed); ok {
		return d, nil
	}
	bad := fmt.Errorf("%q: %w: want a date like %s", s, ErrBadValue, DateForms)
	if !typed {
		bad = fmt.Errorf("%q: %w: want a date like 2026-12-20, 2026/12/20, 2026年12月20日 or an Excel date number", s, ErrBadValue)
	}
	if len(s) > MaxDateText {
		return "", bad
	}
	t := strings.TrimSpace(norm.NFKC.String(s))
	if t == "" {
		return "", bad
	}
	if typed {
		if n, ok := relDays[strings.ToLower(t)]; ok {
			return day(now).AddDate(0, 0, n).Format(time.DateOnly), nil
		}
		if n, ok := offsetDays(t); ok {
			return day(now).AddDate(0, 0, n).Format(time.DateOnly), nil
		}
	} else if serial, ok := excelSerial(t); ok {
		return serial, nil
	}
	// A time of day after the date.
	if i := strings.IndexAny(t, "T "); i >= 8 {
		t = t[:i]
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "日"), "号")
	t = strings.NewReplacer("年", "-", "月", "-", "/", "-", ".", "-").Replace(t)
	parts := strings.Split(t, "-")
	switch {
	case len(parts) == 1 && len(t) == 8 && digitsOnly(t):
		parts = []string{t[:4], t[4:6], t[6:]}
	case typed && len(parts) == 2 && len(parts[0]) <= 2: // month and day of this year
		parts = append([]string{strconv.Itoa(now.Year())}, parts...)
	}
	if len(parts) != 3 || len(parts[0]) != 4 || !shortNum(parts[1]) || !shortNum(parts[2]) || !digitsOnly(parts[0]) {
		return "", bad
	}
	y, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "", bad // 2026-02-30 is not a date
	}
	return ymd(y, m, d), nil
}

// ParsePeriod reads a month, quarter or year and returns its first and last
// months as YYYY-MM: 2026-01, 2026/1, 2026.1, 2026年1月, 202601; 2026Q1,
// 2026-Q1, 2026 Q1, 2026年Q1, 2026年1季度, 2026年第1季度; 2026, 2026年;
// and 本月, 上月, 今年, 去年 (this month, last month, this year, last year)
// from now, unless now is zero. An error wraps ErrBadValue and names the
// forms.
func ParsePeriod(s string, now time.Time) (first, last string, err error) {
	bad := fmt.Errorf("%q: %w: want a period like %s", s, ErrBadValue, PeriodForms)
	if len(s) > MaxDateText {
		return "", "", bad
	}
	t := strings.ToUpper(strings.TrimSpace(norm.NFKC.String(s)))
	this := now.Year()*12 + int(now.Month()) - 1
	if !now.IsZero() { // with no clock (a stored period) only the absolute forms
		switch strings.ToLower(t) {
		case "本月", "this month":
			return monthOf(this), monthOf(this), nil
		case "上月", "上个月", "last month":
			return monthOf(this - 1), monthOf(this - 1), nil
		case "今年", "this year":
			return fmt.Sprintf("%04d-01", now.Year()), fmt.Sprintf("%04d-12", now.Year()), nil
		case "去年", "last year":
			return fmt.Sprintf("%04d-01", now.Year()-1), fmt.Sprintf("%04d-12", now.Year()-1), nil
		}
	}
	if len(t) < 4 || !digitsOnly(t[:4]) {
		return "", "", bad
	}
	y, _ := strconv.Atoi(t[:4])
	if y < 1900 {
		return "", "", bad
	}
	rest := strings.TrimSuffix(t[4:], "月")
	rest = strings.TrimSuffix(rest, "季度")
	rest = strings.TrimLeft(rest, "-/. 年")
	rest = strings.TrimPrefix(rest, "第")
	quarter := strings.HasSuffix(t, "季度")
	if strings.HasPrefix(rest, "Q") {
		rest, quarter = rest[1:], true
	}
	switch {
	case rest == "" && !quarter:
		return fmt.Sprintf("%04d-01", y), fmt.Sprintf("%04d-12", y), nil
	case quarter && len(rest) == 1 && rest[0] >= '1' && rest[0] <= '4':
		q := int(rest[0] - '0')
		return fmt.Sprintf("%04d-%02d", y, 3*q-2), fmt.Sprintf("%04d-%02d", y, 3*q), nil
	case !quarter && shortNum(rest):
		m, _ := strconv.Atoi(rest)
		if m < 1 || m > 12 {
			return "", "", bad
		}
		p := fmt.Sprintf("%04d-%02d", y, m)
		return p, p, nil
	}
	return "", "", bad
}

// NormalizePeriod is ParsePeriod's reading of s written the one way the
// reports take a period: "2026-01", "2026-Q1" or "2026" ("" stays "").
func NormalizePeriod(s string, now time.Time) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	first, last, err := ParsePeriod(s, now)
	switch {
	case err != nil:
		return "", err
	case first == last:
		return first, nil
	case first[5:] == "01" && last[5:] == "12":
		return first[:4], nil
	}
	m, _ := strconv.Atoi(first[5:])
	return fmt.Sprintf("%s-Q%d", first[:4], (m+2)/3), nil
}

func monthOf(n int) string { return fmt.Sprintf("%04d-%02d", n/12, n%12+1) }

// day is the calendar day of t, at midnight UTC, so AddDate counts days and
// not hours across a change of summer time.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// offsetDays reads +N or -N days (N up to 3650), with an optional 天 or d.
func offsetDays(t string) (int, bool) {
	if t == "" || (t[0] != '+' && t[0] != '-') {
		return 0, false
	}
	n := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(t[1:]), "天"), "d")
	if n == "" || len(n) > 4 || !digitsOnly(n) {
		return 0, false
	}
	v, _ := strconv.Atoi(n)
	if v > 3650 {
		return 0, false
	}
	if t[0] == '-' {
		v = -v
	}
	return v, true
}

// excelSerial reads an Excel serial date (1900 system): whole days, perhaps
// with a fraction, from 1 (1900-01-01) to 2958465 (9999-12-31); eight-digit
// numbers are YYYYMMDD, not serials.
func excelSerial(t string) (string, bool) {
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" || len(whole) > 7 || !digitsOnly(whole) || !digitsOnly(frac) {
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

// quickDate reads, without allocating more than its result, the shapes most
// files use (an import reads a date per row): ASCII Y-M-D with separators
// '-', '/', '.', 年, 月 and an optional 日 or 号 after the day, and, if
// serials, Excel serial numbers. Anything else is parseDate's slower path.
func quickDate(s string, serials bool) (string, bool) {
	if s == "" {
		return "", false
	}
	if digitsOnly(s) {
		if !serials {
			return "", false
		}
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
	return ymd(y, m, d), true
}

func ymd(y, m, d int) string {
	b := []byte("0000-00-00")
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func shortNum(s string) bool { return len(s) >= 1 && len(s) <= 2 && digitsOnly(s) }

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
