package sales

import (
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// FuzzParseDate: any text parses to a real YYYY-MM-DD date, which parses to
// itself, or fails with model.ErrBadValue; never a panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-01-05", "2024-1-5", "2024/1/5", "2024.1.5", "2024年1月5日", "20240105", "2024-01-05 10:30:00",
		"2024-01-05T10:30:00Z", "45296", "45296.75", "0", "-1", "2958465", "2024-02-30", "２０２４年１月５日", "5号", "", "T", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if !model.ValidDate(d) {
			t.Fatalf("%q → %q, not a date", s, d)
		}
		if again, err := ParseDate(d); err != nil || again != d {
			t.Fatalf("%q → %q → %q, %v", s, d, again, err)
		}
	})
}
