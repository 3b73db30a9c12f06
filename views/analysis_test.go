package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
)

// fixtureNow pins the clock of the small fixture: this month 2025-07.
var fixtureNow = time.Date(2025, 7, 15, 10, 0, 0, 0, time.UTC)

// newFixtureUI opens the window on three customers with monthly sales on the
// 10th, the clock on 2025-07-15; over the default 12 months (2024-08 …
// 2025-07):
//
//	甲 tier C, fit low  1000 元 a month 2024-07 … 2025-07  12,000 (66.3%)  → S, a cash cow
//	乙 tier A           500 元 a month 2024-07 … 2025-06    5,500 (30.4%)  → A
//	丙 tier B           100 元 a month 2025-02 … 2025-07      600 (3.3%)   → C
func newFixtureUI(t *testing.T) (*UI, *app.Service, map[string]string) {
	t.Helper()
	u, svc := newTestUI(t)
	svc.SetClock(func() time.Time { return fixtureNow })
	ids := map[string]string{}
	for _, f := range []struct {
		name, tier, fit string
		from, to        string
		yuan            int64
	}{
		{"甲", "C", "low", "2024-07", "2025-07", 1000},
		{"乙", "A", "", "2024-07", "2025-06", 500},
		{"丙", "B", "", "2025-02", "2025-07", 100},
	} {
		c := &model.Customer{Name: f.name, Tier: f.tier, Fit: f.fit}
		if _, err := svc.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
		ids[f.name] = c.ID
		m, _ := time.Parse("2006-01", f.from)
		for end, _ := time.Parse("2006-01", f.to); !m.After(end); m = m.AddDate(0, 1, 0) {
			if err := svc.Sales.Add(&model.Sale{Date: m.Format("2006-01") + "-10", CustomerID: c.ID, Product: "绮美季抛", Quantity: 1, Amount: f.yuan * 100}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return u, svc, ids
}

// wait blocks until a loader showed a result.
func wait(t *testing.T, l *loader) {
	t.Helper()
	select {
	case <-l.done:
		// Other loads too (an earlier tab's, the dashboard's): fyne's test
		// driver runs fyne.Do on their goroutine, beside the test's.
		loads.Wait()
	case <-time.After(10 * time.Second):
		t.Fatal("the analysis never showed")
	}
}

// drain forgets an earlier load's signal, before an action that loads again.
func drain(l *loader) {
	select {
	case <-l.done:
	default:
	}
}

// openTab shows the analysis screen at a tab and waits for its figures.
func openTab[P anPane](t *testing.T, u *UI, tab int) P {
	t.Helper()
	onTest(func() { u.analysis.open(tab) })
	p := u.analysis.panes[tab].(P)
	wait(t, loaderOf(p))
	return p
}

func loaderOf(p anPane) *loader {
	switch p := p.(type) {
	case *tiersPane:
		return &p.ld
	case *compositionPane:
		return &p.ld
	case *developmentPane:
		return &p.ld
	case *lifecyclePane:
		return &p.ld
	case *anomaliesPane:
		return &p.ld
	case *rankingPane:
		return &p.ld
	case *forecastPane:
		return &p.ld
	}
	return nil
}

func TestTiers_ProposedBesideCurrentAndAccept(t *testing.T) {
	u, svc, ids := newFixtureUI(t)
	p := openTab[*tiersPane](t, u, tabTiers)
	if u.screens[u.current].title != "Analysis" || u.analysis.tabs.SelectedIndex() != tabTiers {
		t.Fatalf("screen %q tab %d", u.screens[u.current].title, u.analysis.tabs.SelectedIndex())
	}
	want := [][]string{ // customer, revenue, share, cumulative, current, proposed, fit, cash cow
		{"甲", "12,000.00", "66.3%", "66.3%", "C Small", "S Strategic", "Low", "Cash cow"},
		{"乙", "5,500.00", "30.4%", "96.7%", "A Partner", "A Partner", "—", ""},
		{"丙", "600.00", "3.3%", "100.0%", "B Ordinary", "C Small", "—", ""},
	}
	if n := len(p.table.order); n != len(want) {
		t.Fatalf("%d rows, want %d", n, len(want))
	}
	for r, row := range want {
		for c, v := range row {
			if got := p.table.cell(r, c); got != v {
				t.Errorf("row %d col %q = %q, want %q", r, p.table.cols[c].title, got, v)
			}
		}
	}
	accept := p.table.cols[len(p.table.cols)-1]
	if accept.text(1) != "" || accept.text(0) != "Accept" {
		t.Errorf("accept buttons %q %q: only differing rows have one", accept.text(0), accept.text(1))
	}

	// Accept on 甲's row sets its tier; the table then shows it.
	drain(&p.ld)
	onTest(func() { accept.act(0) })
	wait(t, &p.ld)
	if c, _ := svc.Customers.Get(ids["甲"]); c.Tier != "S" {
		t.Fatalf("甲's tier %q after Accept, want S", c.Tier)
	}
	if got := p.table.cell(0, 4); got != "S Strategic" {
		t.Errorf("current tier shown %q", got)
	}
	if c, _ := svc.Customers.Get(ids["丙"]); c.Tier != "B" {
		t.Errorf("丙 changed too: %q", c.Tier)
	}

	// Undo puts it back.
	drain(&p.ld)
	onTest(p.acc.undo)
	wait(t, &p.ld)
	if c, _ := svc.Customers.Get(ids["甲"]); c.Tier != "C" {
		t.Errorf("甲's tier %q after undo, want C", c.Tier)
	}
}

func TestTiers_ThresholdsReload(t *testing.T) {
	u, _, _ := newFixtureUI(t)
	p := openTab[*tiersPane](t, u, tabTiers)
	// With S below 70%, A below 97%, B below 99%: 乙 (66.3% before it)
	// becomes S too, and 丙 (96.7% before it) A.
	for _, th := range []struct {
		i int
		v string
	}{{0, "70"}, {2, "99"}, {1, "97"}} {
		drain(&p.ld)
		onTest(func() { p.th[th.i].SetText(th.v) })
		wait(t, &p.ld)
	}
	if got := p.table.cell(2, 5); got != "A Partner" {
		t.Errorf("丙 proposed %q with A below 97%%", got)
	}
	if got := p.table.cell(1, 5); got != "S Strategic" {
		t.Errorf("乙 proposed %q with S below 70%%", got)
	}
	// A threshold below S's is refused with a message, the table kept.
	onTest(func() { p.th[1].SetText("60") })
	if !p.period.problem.Visible() {
		t.Error("no message for thresholds out of order")
	}
}

func TestForecast_SliderMovesProjection(t *testing.T) {
	u, _, _ := newFixtureUI(t)
	p := openTab[*forecastPane](t, u, tabForecast)
	if n := len(p.table.order); n != 12 {
		t.Fatalf("%d forecast rows, want 12 by default", n)
	}
	if p.table.cell(0, 0) != "2025-07" || p.method.Text == "" {
		t.Errorf("first month %q, method %q", p.table.cell(0, 0), p.method.Text)
	}
	base := p.table.cell(11, 1)
	if got := p.table.cell(11, 2); got != base {
		t.Errorf("at 0%% the adjusted %q differs from the forecast %q", got, base)
	}
	before := p.chart.series
	onTest(func() { p.slider.SetValue(20) })
	if p.rate.Text != "+20%" {
		t.Errorf("rate label %q", p.rate.Text)
	}
	want := p.f.Project(20)
	last := len(want) - 1
	if got := p.table.cell(last, 2); got != model.GroupMoney(want[last].Amount) || got == p.table.cell(last, 1) {
		t.Errorf("month %d adjusted %q, want %q (forecast %q)", last+1, got, model.GroupMoney(want[last].Amount), p.table.cell(last, 1))
	}
	// The twelfth month moves by the whole rate: ×1.20.
	if d := want[11].Amount*100 - p.f.Base[11].Amount*120; d < -100 || d > 100 {
		t.Errorf("+20%%: month 12 is %d, want 1.2 × %d", want[11].Amount, p.f.Base[11].Amount)
	}
	if len(p.chart.series) == 0 || &p.chart.series[0] == &before[0] {
		t.Error("the chart was not given the moved projection")
	}
	onTest(func() { p.slider.SetValue(-20) })
	if got := p.f.Project(-20)[last].Amount; got >= p.f.Base[last].Amount {
		t.Errorf("-20%% did not lower the projection")
	}
}

// TestAnalysis_EveryTabWithDemo builds each tab on the demo data and checks
// that its table shows what the analysis computed.
func TestAnalysis_EveryTabWithDemo(t *testing.T) {
	u, svc := newTestUI(t)
	if _, err := svc.Demo(app.DemoOptions{Customers: 12, Months: 30, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	rows := map[int]func(anPane) (int, string){
		tabTiers: func(p anPane) (int, string) { r := p.(*tiersPane).res; return len(r.Rows), r.Rows[0].Name },
		tabComposition: func(p anPane) (int, string) {
			r := p.(*compositionPane).res
			return len(r.Slices), tierName(r.Slices[0].Value)
		},
		tabDevelopment: func(p anPane) (int, string) {
			r := p.(*developmentPane).res
			return len(r.Periods), r.Periods[0].Period
		},
		tabLifecycle: func(p anPane) (int, string) { r := p.(*lifecyclePane).res; return len(r.Rows), r.Rows[0].Name },
		tabAnomalies: func(p anPane) (int, string) {
			r := p.(*anomaliesPane).res
			if len(r.Rows) == 0 {
				return 0, ""
			}
			return len(r.Rows), r.Rows[0].Name
		},
		tabRanking:  func(p anPane) (int, string) { r := p.(*rankingPane).res; return len(r.Rows), r.Rows[0].Name },
		tabForecast: func(p anPane) (int, string) { r := p.(*forecastPane).f; return len(r.Base), r.Base[0].Period },
	}
	for tab := range u.analysis.panes {
		onTest(func() { u.analysis.open(tab) })
		p := u.analysis.panes[tab]
		wait(t, loaderOf(p))
		n, first := rows[tab](p)
		tbl := tableOf(p)
		if len(tbl.order) != n {
			t.Errorf("%s: table %d rows, analysis %d", p.title(), len(tbl.order), n)
		}
		if n > 0 && tbl.cell(0, 0) != first && tbl.cell(0, 1) != first {
			t.Errorf("%s: first row %q / %q, want %q", p.title(), tbl.cell(0, 0), tbl.cell(0, 1), first)
		}
		if tab != tabAnomalies && n == 0 {
			t.Errorf("%s: no rows on the demo", p.title())
		}
		if e, ok := p.export(); n > 0 && (!ok || e.table == nil || len(e.chart.Series) == 0) {
			t.Errorf("%s: nothing to export", p.title())
		}
	}
	if got := u.app.Preferences().Int(prefAnalysisTab); got != tabForecast {
		t.Errorf("remembered tab %d", got)
	}
	// The top-ranked customer is the one with most revenue.
	top, _ := svc.Reports.TopCustomers("", "", 1)
	if r := u.analysis.panes[tabRanking].(*rankingPane).res; r.Rows[0].CustomerID != top[0].CustomerID && r.From == "" {
		t.Errorf("rank 1 %q", r.Rows[0].Name)
	}
}

func tableOf(p anPane) *anTable {
	switch p := p.(type) {
	case *tiersPane:
		return p.table
	case *compositionPane:
		return p.table
	case *developmentPane:
		return p.table
	case *lifecyclePane:
		return p.table
	case *anomaliesPane:
		return p.table
	case *rankingPane:
		return p.table
	case *forecastPane:
		return p.table
	}
	return nil
}

func TestAnalysis_TableSortsByHeader(t *testing.T) {
	u, _, _ := newFixtureUI(t)
	p := openTab[*tiersPane](t, u, tabTiers)
	tbl := p.table
	// Revenue is a number column: the first tap sorts largest first, the second smallest.
	tbl.sortBy(1)
	if tbl.cell(0, 0) != "甲" {
		t.Errorf("largest first: %q", tbl.cell(0, 0))
	}
	tbl.sortBy(1)
	if tbl.cell(0, 0) != "丙" {
		t.Errorf("smallest first: %q", tbl.cell(0, 0))
	}
	// Text sorts A to Z first; a reload keeps the order chosen.
	tbl.sortBy(0)
	if tbl.cell(0, 0) != "丙" && tbl.cell(0, 0) != "乙" && tbl.cell(0, 0) != "甲" {
		t.Errorf("by name: %q", tbl.cell(0, 0))
	}
	first := tbl.cell(0, 0)
	drain(&p.ld)
	onTest(p.reload)
	wait(t, &p.ld)
	if tbl.cell(0, 0) != first {
		t.Errorf("reload lost the sort: %q, was %q", tbl.cell(0, 0), first)
	}
}

// TestAnalysis_ExportEveryFormat writes the tiers tab as the Export button
// does, in each format, and reads the files back.
func TestAnalysis_ExportEveryFormat(t *testing.T) {
	u, _, _ := newFixtureUI(t)
	p := openTab[*tiersPane](t, u, tabTiers)
	e, ok := p.export()
	if !ok || e.name != "Tiers_2024-08_2025-07" {
		t.Fatalf("export %q %v", e.name, ok)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ ext, magic string }{
		{".png", "\x89PNG"}, {".svg", "<?xml"}, {".pdf", "%PDF"}, {".csv", "\xEF\xBB\xBF"},
	} {
		path := filepath.Join(dir, e.name+tc.ext)
		if err := writeExport(path, e); err != nil {
			t.Fatalf("%s: %v", tc.ext, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), tc.magic) && !(tc.ext == ".svg" && strings.HasPrefix(string(b), "<svg")) {
			t.Errorf("%s starts %q", tc.ext, b[:min(len(b), 12)])
		}
		if tc.ext == ".csv" {
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) != 4 || !strings.Contains(lines[0], "Customer") || !strings.Contains(lines[1], "甲") || !strings.Contains(lines[1], "12000.00") {
				t.Errorf("csv:\n%s", b)
			}
		}
	}
}

// onTest changes widgets as the interface goroutine would: one at a time
// with the background loads' results (onUI), which fyne's test driver
// delivers on their own goroutines.
func onTest(fn func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	fn()
}
