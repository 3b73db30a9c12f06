package app

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestQuickDateAgrees checks that the import's quick date path gives what
// ParseDate gives for every input it accepts.
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
		got, ok := quickDate(s)
		if !ok {
			continue
		}
		accepted++
		want, err := ParseDate(s)
		if err != nil || got != want {
			t.Fatalf("%q: quick %q, ParseDate %q %v", s, got, want, err)
		}
	}
	if accepted < len(inputs)/10 {
		t.Fatalf("quick path took only %d of %d", accepted, len(inputs))
	}
}

func TestParseMoneyPlain(t *testing.T) {
	for _, s := range []string{"1,234.56", "-5", "+5", "1.2.3", ",", "-", "", "12,,3", "1.234", "--1", "+-1", "0.5", ".5", "5."} {
		got, err := model.ParseMoney(s)
		want, werr := parseMoneySlow(s)
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("%q: %d %v, want %d %v", s, got, err, want, werr)
		}
	}
}

// parseMoneySlow is model.ParseMoney without its ASCII path.
func parseMoneySlow(s string) (int64, error) { return model.ParseMoney(s + "元") }
