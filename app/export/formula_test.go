package export

import "testing"

// TestRisky: what a spreadsheet would run as a formula, full-width signs
// and invisible prefixes included, gets the apostrophe; the rest does not.
func TestRisky(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"=1+1", true}, {"+8613800000000", true}, {"-2", true}, {"@SUM(A1)", true}, {"\t=1", true}, {"\r=1", true},
		{"＝HYPERLINK(\"x\")", true}, {"＋1", true}, {"－1", true}, {"＠SUM(A1)", true},
		{"\u200b=1+1", true}, {"\ufeff=1", true}, {"\u200e\u200f+1", true}, {"\u2060@x", true}, {" =1", true}, {"\u3000＝1", true},
		{"", false}, {"天明眼镜", false}, {"0571-88880001", false}, {"a=1", false}, {"\u200b天明", false}, {"（=1）", false},
	} {
		if got := Risky(tc.in); got != tc.want {
			t.Errorf("Risky(%+q) = %v, want %v", tc.in, got, tc.want)
		}
		if got, want := Inert(tc.in), map[bool]string{true: "'" + tc.in, false: tc.in}[tc.want]; got != want {
			t.Errorf("Inert(%+q) = %+q", tc.in, got)
		}
	}
}
