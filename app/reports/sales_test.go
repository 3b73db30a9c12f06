package reports

import "testing"

func TestPeriodMonths(t *testing.T) {
	for _, c := range []struct{ in, first, last string }{
		{"2024-03", "2024-03", "2024-03"},
		{"2024-3", "2024-03", "2024-03"},
		{"2024-Q2", "2024-04", "2024-06"},
		{"2024q4", "2024-10", "2024-12"},
		{"2024", "2024-01", "2024-12"},
		{"2024-13", "", ""},
		{"2024-Q5", "", ""},
		{"24", "", ""},
	} {
		f, l, err := PeriodMonths(c.in)
		if f != c.first || l != c.last || (err != nil) != (c.first == "") {
			t.Errorf("PeriodMonths(%q) = %q %q %v", c.in, f, l, err)
		}
	}
}
