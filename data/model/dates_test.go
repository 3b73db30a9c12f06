package model

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var dateNow = time.Date(2026, 12, 7, 21, 30, 0, 0, time.Local)

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-12-20", "2026-12-20"},
		{"2026-12-5", "2026-12-05"},
		{"2026/12/20", "2026-12-20"},
		{"2026/1/5", "2026-01-05"},
		{"2026.12.20", "2026-12-20"},
		{"2026年12月20日", "2026-12-20"},
		{"2026年12月20号", "2026-12-20"},
		{"2026年1月5日", "2026-01-05"},
		{"２０２６－１２－２０", "2026-12-20"}, // full-width
		{"20261220", "2026-12-20"},
		{" 2026-12-20 ", "2026-12-20"},
		{"2026-12-20 10:30:00", "2026-12-20"},
		{"2026-12-20T10:30:00Z", "2026-12-20"},
		{"12/20", "2026-12-20"},
		{"1/5", "2026-01-05"},
		{"12-20", "2026-12-20"},
		{"12月20日", "2026-12-20"},
		{"今天", "2026-12-07"},
		{"today", "2026-12-07"},
		{"Today", "2026-12-07"},
		{"明天", "2026-12-08"},
		{"tomorrow", "2026-12-08"},
		{"后天", "2026-12-09"},
		{"昨天", "2026-12-06"},
		{"前天", "2026-12-05"},
		{"+7", "2026-12-14"},
		{"+30", "2027-01-06"},
		{"-7", "2026-11-30"},
		{"+7天", "2026-12-14"},
		{"+0", "2026-12-07"},
		{"12.5", "2026-12-05"},
		{"2024-02-29", "2024-02-29"},
	} {
		got, err := ParseDate(c.in, dateNow)
		if err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, in := range []string{
		"", " ", "abc", "2026-13-01", "2026-02-30", "2025-02-29", "1899-12-31",
		"2026-12", "2026", "12", "13/20", "12/32", "2026-12-20-1", "+", "+x", "+36500",
		"46376", "1", // Excel serials are a file's, not typed
		"2024.1", "20261320", "2026/12/20/", "明年", strings.Repeat("1", 65),
		"2026-12-20" + strings.Repeat(" ", 60),
	} {
		got, err := ParseDate(in, dateNow)
		if err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", in, got)
		} else if !errors.Is(err, ErrBadValue) || !strings.Contains(err.Error(), DateForms) {
			t.Errorf("ParseDate(%q) error %v: want ErrBadValue naming the forms", in, err)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct{ in, first, last string }{
		{"2026-01", "2026-01", "2026-01"},
		{"2026-1", "2026-01", "2026-01"},
		{"2026/1", "2026-01", "2026-01"},
		{"2026.12", "2026-12", "2026-12"},
		{"2026年1月", "2026-01", "2026-01"},
		{"202601", "2026-01", "2026-01"},
		{"2026Q1", "2026-01", "2026-03"},
		{"2026-Q2", "2026-04", "2026-06"},
		{"2026-q4", "2026-10", "2026-12"},
		{"2026 Q3", "2026-07", "2026-09"},
		{"2026年Q1", "2026-01", "2026-03"},
		{"2026年1季度", "2026-01", "2026-03"},
		{"2026年第2季度", "2026-04", "2026-06"},
		{"2026", "2026-01", "2026-12"},
		{"2026年", "2026-01", "2026-12"},
		{"２０２６", "2026-01", "2026-12"},
		{"本月", "2026-12", "2026-12"},
		{"this month", "2026-12", "2026-12"},
		{"上月", "2026-11", "2026-11"},
		{"今年", "2026-01", "2026-12"},
		{"去年", "2025-01", "2025-12"},
	} {
		f, l, err := ParsePeriod(c.in, dateNow)
		if err != nil || f != c.first || l != c.last {
			t.Errorf("ParsePeriod(%q) = %q, %q, %v; want %q, %q", c.in, f, l, err, c.first, c.last)
		}
	}
	jan := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	if f, l, err := ParsePeriod("上月", jan); f != "2025-12" || l != "2025-12" || err != nil {
		t.Errorf("上月 in January = %q, %q, %v; want 2025-12", f, l, err)
	}
}

func TestNormalizePeriod(t *testing.T) {
	for in, want := range map[string]string{
		"": "", " ": "", "2026/1": "2026-01", "2026年1月": "2026-01", "2026Q1": "2026-Q1",
		"2026年第4季度": "2026-Q4", "2026": "2026", "2026年": "2026", "本月": "2026-12", "去年": "2025",
	} {
		if got, err := NormalizePeriod(in, dateNow); got != want || err != nil {
			t.Errorf("NormalizePeriod(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := NormalizePeriod("2026-13", dateNow); !errors.Is(err, ErrBadValue) {
		t.Errorf("2026-13: %v", err)
	}
}

func TestParsePeriodRefuses(t *testing.T) {
	for _, in := range []string{
		"", "26", "abcd", "2026-13", "2026-0", "2026Q5", "2026Q0", "2026-Q", "1899",
		"2026-001", "2026年13月", "2026-01-05", "2026季度", strings.Repeat("2", 65),
	} {
		if f, l, err := ParsePeriod(in, dateNow); err == nil {
			t.Errorf("ParsePeriod(%q) = %q, %q; want an error", in, f, l)
		} else if !errors.Is(err, ErrBadValue) || !strings.Contains(err.Error(), PeriodForms) {
			t.Errorf("ParsePeriod(%q) error %v: want ErrBadValue naming the forms", in, err)
		}
	}
}

// FuzzParseDate: any text either fails or gives a real YYYY-MM-DD that reads
// back as itself, and the quick path never disagrees with the full one.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-20", "2026年1月5日", "12/20", "+7", "明天", "46376.5", "20261220", "2026-12-20T10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s, dateNow)
		if err != nil {
			if !errors.Is(err, ErrBadValue) {
				t.Fatalf("ParseDate(%q): error %v does not wrap ErrBadValue", s, err)
			}
			return
		}
		if !ValidDate(got) || got < "1900-01-01" {
			t.Fatalf("ParseDate(%q) = %q: not a date", s, got)
		}
		if again, err := ParseDate(got, dateNow); again != got || err != nil {
			t.Fatalf("ParseDate(%q) = %q, but that reads as %q, %v", s, got, again, err)
		}
		if q, ok := quickDate(s, false); ok && q != got {
			t.Fatalf("quickDate(%q) = %q, ParseDate %q", s, q, got)
		}
		if fd, err := ParseFileDate(s); err == nil {
			if q, ok := quickDate(s, true); ok && q != fd {
				t.Fatalf("quickDate(%q) = %q, ParseFileDate %q", s, q, fd)
			}
			if !ValidDate(fd) {
				t.Fatalf("ParseFileDate(%q) = %q: not a date", s, fd)
			}
			if again, err := ParseFileDate(fd); again != fd || err != nil {
				t.Fatalf("ParseFileDate(%q) = %q, which reads as %q, %v", s, fd, again, err)
			}
		}
	})
}

// FuzzParsePeriod: any text either fails or gives first <= last, both real
// months of one year.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-01", "2026/1", "2026年1月", "2026Q1", "2026", "本月", "2026年第1季度"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, last, err := ParsePeriod(s, dateNow)
		if err != nil {
			return
		}
		for _, m := range []string{first, last} {
			if _, err := time.Parse("2006-01", m); err != nil || !utf8.ValidString(m) {
				t.Fatalf("ParsePeriod(%q) = %q, %q: not a month", s, first, last)
			}
		}
		if first > last || first[:4] != last[:4] {
			t.Fatalf("ParsePeriod(%q) = %q, %q", s, first, last)
		}
	})
}
