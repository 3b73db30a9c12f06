package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestParseFileDateForms: a file's date cells (moved from app/sales, whose
// ParseDate this was).
func TestParseFileDateForms(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2024-01-05", "2024-01-05"},
		{"2024-1-5", "2024-01-05"},
		{"2024/1/5", "2024-01-05"},
		{"2024/01/05", "2024-01-05"},
		{"2024.1.5", "2024-01-05"},
		{"2024年1月5日", "2024-01-05"},
		{"2024年01月05号", "2024-01-05"},
		{"２０２４年１月５日", "2024-01-05"},
		{"20240105", "2024-01-05"},
		{"2024-01-05 10:30:00", "2024-01-05"},
		{"2024-01-05T10:30:00Z", "2024-01-05"},
		{" 2024/1/5 ", "2024-01-05"},
		{"45296", "2024-01-05"},
		{"45296.75", "2024-01-05"},
		{"1", "1900-01-01"},
		{"59", "1900-02-28"},
		{"61", "1900-03-01"},
		{"2024-02-29", "2024-02-29"},
		{"60", ""}, // Excel's 1900-02-29, which never was
		{"2023-02-29", ""},
		{"2024-13-01", ""},
		{"2024/1", ""},
		{"1/5/2024", ""},
		{"next monday", ""},
		{"", ""},
		{"12.5", ""},
		{"0", ""},
		{"12/20", ""}, // nothing counted from today in a file
		{"明天", ""},
		{"+7", ""},
	} {
		got, err := ParseFileDate(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParseFileDate(%q) = %q, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseFileDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestQuickDateAgrees checks that the import's quick date path gives what
// ParseFileDate gives for every input it accepts.
func TestQuickDateAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seps := []string{"-", "/", ".", "年", "月", "日", "号", " ", "T", "", "--", "x"}
	var inputs []string
	for range 200_000 {
		y := []int{1899, 1900, 2023, 2024, 2100, 9999, 0, 123, 20240}[r.IntN(9)]
		m, d := r.IntN(15), r.IntN(34)
		f := func(n int) string {
			if r.IntN(3) == 0 {
				return fmt.Sprintf("%02d", n)
			}
			return fmt.Sprint(n)
		}
		s := fmt.Sprint(y) + seps[r.IntN(len(seps))] + f(m) + seps[r.IntN(len(seps))] + f(d)
		if r.IntN(3) == 0 {
			s += seps[r.IntN(len(seps))]
		}
		inputs = append(inputs, s, fmt.Sprint(r.IntN(3_000_000)), fmt.Sprint(r.IntN(100)))
	}
	inputs = append(inputs, "", "0", "60", "61", "59", "1", "2958465", "2958466", "45296", "20240105", "2024-02-29", "2023-02-29",
		"2024年1月5日", "2024年01月05号", "2024-1-5日", "2024/1/5", "2024.1.5", "2024.1")
	accepted := 0
	for _, s := range inputs {
		got, ok := quickDate(s, true)
		if !ok {
			continue
		}
		accepted++
		want, err := ParseFileDate(s)
		if err != nil || got != want {
			t.Fatalf("%q: quick %q, ParseFileDate %q %v", s, got, want, err)
		}
	}
	if accepted < len(inputs)/10 {
		t.Fatalf("quick path took only %d of %d", accepted, len(inputs))
	}
}
