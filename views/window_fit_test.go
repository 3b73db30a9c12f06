package views

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestFitSize: the default 1200×760 window on a 1366×768 laptop whose
// taskbar leaves 1366×728 (at 100% scale) opens at most 90% of that; a
// big screen keeps the size asked for.
func TestFitSize(t *testing.T) {
	for _, tc := range []struct{ want, work, got fyne.Size }{
		{fyne.NewSize(1200, 760), fyne.NewSize(1366, 728), fyne.NewSize(1200, 655.2)},
		{fyne.NewSize(1200, 760), fyne.NewSize(1092.8, 582.4), fyne.NewSize(983.52, 524.16)}, // 125% scale
		{fyne.NewSize(1200, 760), fyne.NewSize(2560, 1400), fyne.NewSize(1200, 760)},
		{fyne.NewSize(1200, 760), fyne.Size{}, fyne.NewSize(1200, 760)},
	} {
		got := fitSize(tc.want, tc.work)
		if d := got.Subtract(tc.got); d.Width*d.Width > 0.01 || d.Height*d.Height > 0.01 {
			t.Errorf("fit %v in %v: %v, want %v", tc.want, tc.work, got, tc.got)
		}
	}
}
