package views

import (
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2/test"
)

func waitDashboard(t *testing.T, d *dashboard) {
	t.Helper()
	select {
	case <-d.loaded:
	case <-time.After(10 * time.Second):
		t.Fatal("the dashboard never showed")
	}
}

func TestDashboard_FirstScreenForANewUser(t *testing.T) {
	u, _ := newTestUI(t)
	if u.screens[0].title != "Home" || u.current != 0 {
		t.Fatalf("first screen %q, current %d", u.screens[0].title, u.current)
	}
	if u.dashboard.data == nil || u.dashboard.problem.Visible() {
		t.Errorf("empty archive: %q", u.dashboard.problem.Text)
	}
}

// TestDashboard_Figures checks the tiles against the fixture: this month
// 2025-07 has 甲 1,000 and 丙 100 元; July 2024 had 甲 1,000 and 乙 500.
func TestDashboard_Figures(t *testing.T) {
	u, svc, ids := newFixtureUI(t)
	d := u.dashboard
	// Two complaints, one still open.
	for _, id := range []string{ids["甲"], ids["乙"]} {
		c := &model.Complaint{CustomerID: id, Category: "delivery", Severity: "low", Channel: "phone", Text: "到货晚了"}
		if err := svc.Complaints.Add(c, "测试"); err != nil {
			t.Fatal(err)
		}
		if id == ids["乙"] {
			for _, st := range []string{"acknowledged", "in_progress", "resolved"} {
				if _, err := svc.Complaints.Update(c.ID, complaints.Change{Status: st, Resolution: "补发"}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	drainDashboard(d)
	onTest(d.reload)
	waitDashboard(t, d)
	if d.month.Text != "1,100.00 CNY" {
		t.Errorf("this month %q", d.month.Text)
	}
	if s := d.monthSub.Text; !strings.Contains(s, "2024-07: 1,500.00 CNY (-26.7%)") {
		t.Errorf("against last year %q", s)
	}
	if d.complaints.Text != "1 / 0" {
		t.Errorf("complaints %q", d.complaints.Text)
	}
	if d.data.Month != "2025-07" || len(d.data.ByTier) == 0 {
		t.Errorf("dashboard data %+v", d.data)
	}
	// 乙 stopped buying in July: not yet an anomaly of whole months, but the
	// list says so either way.
	if d.anomalies.Text == "" {
		t.Error("no anomalies text")
	}
	if d.actions == nil || d.actions.Text != "0" {
		t.Errorf("overdue actions tile %v, want 0 (the fixture has no actions)", d.actions)
	}
}

func drainDashboard(d *dashboard) {
	select {
	case <-d.loaded:
	default:
	}
}

// TestDashboard_TilesOpenTheirScreens taps every tile.
func TestDashboard_TilesOpenTheirScreens(t *testing.T) {
	u, _, _ := newFixtureUI(t)
	for _, tc := range []struct {
		tile, screen string
		tab          int
	}{
		{"This month against the same month last year", "Sales", -1},
		{"Overdue follow-ups", "Customers", -1},
		{"Open and overdue complaints", "Complaints", -1},
		{"Revenue by tier, this year", "Analysis", tabTiers},
		{"Anomalies: revenue at risk", "Analysis", tabAnomalies},
		{"Sales curve", "Sales", -1},
	} {
		onTest(func() { u.show(0) }) // the dashboard's loads hand over under the same lock
		tl := u.dashboard.tiles[tc.tile]
		if tl == nil {
			t.Fatalf("no tile %q", tc.tile)
		}
		onTest(func() { test.Tap(tl.btn) })
		if got := u.screens[u.current].title; got != tc.screen {
			t.Errorf("%s opened %q, want %q", tc.tile, got, tc.screen)
		}
		if tc.tab >= 0 && u.analysis.tabs.SelectedIndex() != tc.tab {
			t.Errorf("%s opened tab %d, want %d", tc.tile, u.analysis.tabs.SelectedIndex(), tc.tab)
		}
	}
}
