package data

import (
	"math"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestAddAmount: sums of amounts stop at the int64 bounds instead of
// wrapping to the other sign.
func TestAddAmount(t *testing.T) {
	for _, tc := range []struct{ x, y, want int64 }{
		{1, 2, 3},
		{-5, 3, -2},
		{math.MaxInt64, 1, math.MaxInt64},
		{math.MaxInt64 - model.MaxAmount + 1, model.MaxAmount, math.MaxInt64},
		{math.MinInt64, -1, math.MinInt64},
		{math.MinInt64 + 1, -model.MaxAmount, math.MinInt64},
		{math.MaxInt64, math.MinInt64, -1},
		{math.MaxInt64 - 1, 1, math.MaxInt64},
	} {
		if got := model.AddAmount(tc.x, tc.y); got != tc.want {
			t.Errorf("AddAmount(%d, %d) = %d, want %d", tc.x, tc.y, got, tc.want)
		}
	}
	// A million sales at MaxAmount, past the 922,337 whose sum fits: held
	// at the bound, never wrapped to a negative total.
	var s int64
	for i := 0; i < 1_000_000; i++ {
		s = model.AddAmount(s, model.MaxAmount)
	}
	if s != math.MaxInt64 {
		t.Errorf("a million sales at MaxAmount sum to %d, want the bound %d", s, int64(math.MaxInt64))
	}
}
