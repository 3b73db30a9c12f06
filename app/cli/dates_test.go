package cli

import (
	"testing"
	"time"
)

// TestDateAndPeriodFlags: date flags take every form model.ParseDate reads,
// counted from the business clock, and --from/--to every period form,
// written back as the reports take them.
func TestDateAndPeriodFlags(t *testing.T) {
	c := &ctx{now: func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.Local) }}
	for in, want := range map[string]string{
		"": "", "2026-03-15": "2026-03-15", "2026/3/15": "2026-03-15", "2026年3月15日": "2026-03-15",
		"3/15": "2026-03-15", "明天": "2026-12-08", "+7": "2026-12-14",
	} {
		got, err := dateFlag(c, "action add", map[string]string{"due": in}, "due")
		if got != want || err != nil {
			t.Errorf("--due %q: %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := dateFlag(c, "action add", map[string]string{"due": "2026-02-30"}, "due"); err == nil {
		t.Error("--due 2026-02-30 accepted")
	}
	for in, want := range map[string]string{
		"2026-01": "2026-01", "2026/1": "2026-01", "2026年1月": "2026-01", "2026Q1": "2026-Q1", "2026": "2026", "本月": "2026-12",
	} {
		flags := map[string]string{"from": in}
		if err := fromTo(c, "report tiers", flags); err != nil || flags["from"] != want {
			t.Errorf("--from %q: %q, %v; want %q", in, flags["from"], err, want)
		}
	}
	for _, bad := range []string{"2026-13", "", "x"} {
		if err := fromTo(c, "report tiers", map[string]string{"to": bad}); err == nil {
			t.Errorf("--to %q accepted", bad)
		}
	}
}
