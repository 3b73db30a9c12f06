package analysis

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

func TestSuggestTiers(t *testing.T) {
	s, ids := openFixture(t)
	r, err := SuggestTiers(s, TierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Period: the 12 months up to 2025-07, i.e. 2024-08 … 2025-07.
	// 甲 12×1000 = 12000; 乙 5×500 + 6×200 = 3700; 丙 6×300 = 1800;
	// 己 5×100 + 6×150 = 1400; 丁 3×400 = 1200; 戊 0. Total 20100.
	if r.From != "2024-08" || r.To != "2025-07" || r.Total != 20100_00 {
		t.Fatalf("period %s…%s total %d", r.From, r.To, r.Total)
	}
	// Share reached before each: 甲 0 → S; 乙 12000/20100 = .597 → A;
	// 丙 15700/20100 = .781 → A; 己 17500/20100 = .871 → B;
	// 丁 18900/20100 = .940 → B; 戊 no revenue → C.
	want := []struct {
		name, proposed  string
		revenue, orders int64
		cum             float64
	}{
		{"甲", "S", 12000_00, 12, 12000.0 / 20100}, {"乙", "A", 3700_00, 11, 15700.0 / 20100},
		{"丙", "A", 1800_00, 6, 17500.0 / 20100}, {"己", "B", 1400_00, 11, 18900.0 / 20100},
		{"丁", "B", 1200_00, 3, 1}, {"戊", "C", 0, 0, 1},
	}
	for i, w := range want {
		g := r.Rows[i]
		if g.Name != w.name || g.Proposed != w.proposed || g.Revenue != w.revenue || g.Orders != w.orders || !near(g.Cumulative, w.cum) {
			t.Errorf("row %d: got %s %s %d %d %.4f, want %+v", i, g.Name, g.Proposed, g.Revenue, g.Orders, g.Cumulative, w)
		}
	}
	// 甲: proposed S, fit low → the one cash cow. Changes: 甲 C→S, 丙 B→A,
	// 丁 C→B, 戊 none→C.
	if !r.Rows[0].CashCow || r.CashCows != 1 || r.Changes != 4 {
		t.Errorf("cash cow %v, cash cows %d, changes %d; want true, 1, 4", r.Rows[0].CashCow, r.CashCows, r.Changes)
	}
	// Summary: S 1 customer (1/6), 12000 (.5970); A 2 (2/6), 5500 (.2736);
	// B 2, 2600 (.1294); C 1, 0.
	sum := []TierSummary{{"S", 1, 1.0 / 6, 12000_00, 12000.0 / 20100}, {"A", 2, 2.0 / 6, 5500_00, 5500.0 / 20100},
		{"B", 2, 2.0 / 6, 2600_00, 2600.0 / 20100}, {"C", 1, 1.0 / 6, 0, 0}}
	for i, w := range sum {
		g := r.Summary[i]
		if g.Tier != w.Tier || g.Customers != w.Customers || g.Revenue != w.Revenue || !near(g.CustomerShare, w.CustomerShare) || !near(g.RevenueShare, w.RevenueShare) {
			t.Errorf("summary %d: got %+v, want %+v", i, g, w)
		}
	}

	// Stricter thresholds: S up to 30 %, A 60 %, B 90 %: 甲 S; 乙 (before
	// .597 < .6) A; 丙 (.781) B; 己 (.871) B; 丁 (.940) C.
	r2, err := SuggestTiers(s, TierOptions{S: 0.3, A: 0.6, B: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range r2.Rows {
		got = append(got, x.Proposed)
	}
	if want := []string{"S", "A", "B", "B", "C", "C"}; !slices.Equal(got, want) {
		t.Errorf("thresholds .3/.6/.9: %v, want %v", got, want)
	}
	if _, err := SuggestTiers(s, TierOptions{S: 0.9, A: 0.5}); err == nil {
		t.Error("thresholds out of order: no error")
	}

	// Accept all, then undo.
	done, err := Apply(s, TierChanges(r.Rows), nil)
	if err != nil || len(done) != 4 {
		t.Fatalf("apply: %d changes, %v", len(done), err)
	}
	if c, _ := s.Customers.Get(ids["甲"]); c.Tier != "S" {
		t.Errorf("甲 tier %q after accept, want S", c.Tier)
	}
	if c, _ := s.Customers.Get(ids["戊"]); c.Tier != "C" {
		t.Errorf("戊 tier %q after accept, want C", c.Tier)
	}
	if undone, err := Apply(s, Reverse(done), nil); err != nil || len(undone) != 4 {
		t.Fatalf("undo: %d, %v", len(undone), err)
	}
	if c, _ := s.Customers.Get(ids["甲"]); c.Tier != "C" {
		t.Errorf("甲 tier %q after undo, want C", c.Tier)
	}
	if c, _ := s.Customers.Get(ids["戊"]); c.Tier != "" {
		t.Errorf("戊 tier %q after undo, want none", c.Tier)
	}
	// A change whose customer was edited meanwhile is skipped.
	c, _ := s.Customers.Get(ids["丙"])
	c.Tier = "C"
	s.Customers.Update(c)
	done, _ = Apply(s, []Change{{CustomerID: ids["丙"], Field: "tier", Old: "B", New: "A"}}, nil)
	if c, _ := s.Customers.Get(ids["丙"]); len(done) != 0 || c.Tier != "C" {
		t.Errorf("stale change applied: %v, tier %s", done, c.Tier)
	}
}

func TestCompose(t *testing.T) {
	s, _ := openFixture(t)
	// Revenue 2024-08 … 2025-07 as in TestSuggestTiers: 甲 12000, 乙 3700,
	// 丙 1800, 己 1400, 丁 1200, 戊 0 (total 20100), six customers.
	tests := []struct {
		by   string
		want []Slice
	}{
		// 浙江: 甲 丙 戊 13800; 江苏: 乙 己 5100; 上海: 丁 1200.
		{"region", []Slice{{"浙江", 3, 3.0 / 6, 13800_00, 13800.0 / 20100, 18}, {"江苏", 2, 2.0 / 6, 5100_00, 5100.0 / 20100, 22},
			{"上海", 1, 1.0 / 6, 1200_00, 1200.0 / 20100, 3}}},
		// Current tiers: S none; A 乙 3700; B 丙 己 3200; C 甲 丁 13200; none 戊.
		{"tier", []Slice{{"S", 0, 0, 0, 0, 0}, {"A", 1, 1.0 / 6, 3700_00, 3700.0 / 20100, 11}, {"B", 2, 2.0 / 6, 3200_00, 3200.0 / 20100, 17},
			{"C", 2, 2.0 / 6, 13200_00, 13200.0 / 20100, 15}, {"", 1, 1.0 / 6, 0, 0, 0}}},
	}
	for _, tt := range tests {
		r, err := Compose(s, tt.by, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Customers != 6 || r.Revenue != 20100_00 || len(r.Slices) != len(tt.want) {
			t.Fatalf("%s: %d customers, %d revenue, %d slices", tt.by, r.Customers, r.Revenue, len(r.Slices))
		}
		for i, w := range tt.want {
			g := r.Slices[i]
			if g.Value != w.Value || g.Customers != w.Customers || g.Revenue != w.Revenue || g.Orders != w.Orders ||
				!near(g.CustomerShare, w.CustomerShare) || !near(g.RevenueShare, w.RevenueShare) {
				t.Errorf("%s %d: got %+v, want %+v", tt.by, i, g, w)
			}
		}
	}
	// By type over 2025 only: chain 甲 7000; wholesaler 乙 1200; agent 己
	// 900; retailer 丙 1800 + 丁 0; consumer none; not set 戊.
	r, err := Compose(s, "type", "2025", "2025")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range r.Slices {
		got = append(got, x.Value+":"+model.FormatMoney(x.Revenue))
	}
	want := []string{"chain:7000.00", "wholesaler:1200.00", "agent:900.00", "retailer:1800.00", "consumer:0.00", ":0.00"}
	if !slices.Equal(got, want) {
		t.Errorf("by type 2025: %v, want %v", got, want)
	}
	if _, err := Compose(s, "colour", "", ""); err == nil {
		t.Error("unknown grouping: no error")
	}
}

func TestDevelop(t *testing.T) {
	s, _ := openFixture(t)
	d, err := Develop(s, "year", "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Created: 2023 甲 乙 丁; 2024 己; 2025 丙 戊. First sale: 2023 甲 乙 丁;
	// 2024 己; 2025 丙. Active: 2023 甲 乙 丁; 2024 甲 乙 丁 己; 2025 甲 乙 丙 己.
	want := []DevPeriod{{"2023", 3, 3, 3}, {"2024", 1, 1, 4}, {"2025", 2, 1, 4}}
	if !slices.Equal(d.Periods, want) {
		t.Errorf("periods %+v, want %+v", d.Periods, want)
	}
	// 2024: of 3 active in 2023 all 3 bought again, 己 new.
	// 2025: of 4 active in 2024, 丁 did not: 3/4 retained, 1/4 churned, 丙 new.
	wantY := []YearRetention{{"2024", 3, 3, 0, 1, 0, 1}, {"2025", 4, 3, 1, 0.75, 0.25, 1}}
	if !slices.Equal(d.Years, wantY) {
		t.Errorf("years %+v, want %+v", d.Years, wantY)
	}
	// By quarter over 2024-Q3 … 2024-Q4: active Q3 甲 乙 丁 己 (4), Q4 甲
	// 乙 丁(10月) 己 (4); 己 first bought in Q3.
	d, err = Develop(s, "quarter", "2024-Q3", "2024-Q4")
	if err != nil {
		t.Fatal(err)
	}
	wantQ := []DevPeriod{{"2024-Q3", 0, 1, 4}, {"2024-Q4", 0, 0, 4}}
	if !slices.Equal(d.Periods, wantQ) {
		t.Errorf("quarters %+v, want %+v", d.Periods, wantQ)
	}
}

func TestSuggestStages(t *testing.T) {
	s, ids := openFixture(t)
	r, err := SuggestStages(s, LifecycleRule{})
	if err != nil {
		t.Fatal(err)
	}
	// Last complete month 2025-06: recent 2025-01 … 06, before 2024-07 … 12.
	want := map[string]struct {
		stage          string
		recent, before int64
		silent         int
	}{
		"甲": {"stable", 6000_00, 6000_00, 0},    // 6000 against 6000: 0 %
		"乙": {"decline", 1200_00, 3000_00, 0},   // 1200 against 3000: -60 %
		"丙": {"exploration", 1500_00, 0, 0},     // first purchase 2025-02, within 6 months
		"丁": {"lost", 0, 1600_00, 8},            // last purchase 2024-10: 8 months to 2025-06
		"戊": {"exploration", 0, 0, 0},           // no purchase yet
		"己": {"development", 900_00, 600_00, 0}, // 900 against 600: +50 %
	}
	for _, row := range r.Rows {
		w := want[row.Name]
		if row.Suggested != w.stage || row.Recent != w.recent || row.Before != w.before || row.Silent != w.silent {
			t.Errorf("%s: got %s %d %d silent %d (%s), want %+v", row.Name, row.Suggested, row.Recent, row.Before, row.Silent, row.Reason, w)
		}
	}
	// Changes: 乙 stable→decline, 丙 development→exploration, 己 stable→development;
	// listed first.
	if r.Changes != 3 || r.Month != "2025-06" {
		t.Errorf("changes %d month %s, want 3 2025-06", r.Changes, r.Month)
	}
	for _, row := range r.Rows[:3] {
		if row.Suggested == row.Current {
			t.Errorf("%s: unchanged row among the first three", row.Name)
		}
	}
	if len(LifecycleRule{}.Text()) != 5 {
		t.Error("rule text: want 5 lines")
	}
	done, err := Apply(s, StageChanges(r.Rows), nil)
	if err != nil || len(done) != 3 {
		t.Fatalf("accept: %d, %v", len(done), err)
	}
	if c, _ := s.Customers.Get(ids["乙"]); c.Stage != "decline" {
		t.Errorf("乙 stage %s after accept", c.Stage)
	}
}

func TestAnomalies(t *testing.T) {
	s, _ := openFixture(t)
	r, err := Anomalies(s, AnomalyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Recent 2025-04 … 06 (3 months), baseline 2024-04 … 2025-03 (12).
	// 丁: baseline 7×400/12 = 233.33, recent 0 → silent, at risk 2800.
	// 乙: (9×500 + 3×200)/12 = 425, recent 200 → -52.9 %, at risk (425-200)×12 = 2700.
	// 丙: (2×300)/12 = 50, recent 300 → +500 %.  己: (6×100+3×150)/12 = 87.5, recent 150 → +71.4 %.
	// 甲: 1000 against 1000 → none.
	want := []Anomaly{
		{Name: "丁", Tier: "C", Kind: Silent, Baseline: 23333, Recent: 0, Change: -1, AtRisk: 2800_00, Last: "2024-10"},
		{Name: "乙", Tier: "A", Kind: Drop, Baseline: 425_00, Recent: 200_00, Change: 200.0/425 - 1, AtRisk: 2700_00, Last: "2025-06"},
		{Name: "丙", Tier: "B", Kind: Rise, Baseline: 50_00, Recent: 300_00, Change: 5, Last: "2025-06"},
		{Name: "己", Tier: "B", Kind: Rise, Baseline: 87_50, Recent: 150_00, Change: 150/87.5 - 1, Last: "2025-06"},
	}
	if len(r.Rows) != len(want) {
		t.Fatalf("%d anomalies, want %d: %+v", len(r.Rows), len(want), r.Rows)
	}
	for i, w := range want {
		g := r.Rows[i]
		w.CustomerID = g.CustomerID
		if !near(g.Change, w.Change) {
			t.Errorf("%d: change %.6f, want %.6f", i, g.Change, w.Change)
		}
		g.Change, w.Change = 0, 0
		if g != w {
			t.Errorf("%d: got %+v, want %+v", i, g, w)
		}
	}
	if r.Silent != 1 || r.Drops != 1 || r.Rises != 2 || r.AtRisk != 5500_00 || r.BaseFrom != "2024-04" || r.RecentTo != "2025-06" {
		t.Errorf("counts %d %d %d at risk %d base from %s recent to %s", r.Silent, r.Drops, r.Rises, r.AtRisk, r.BaseFrom, r.RecentTo)
	}
	// A 60 % threshold leaves out 乙 (-52.9 %); 丙 (+500 %) and 己 (+71 %) stay.
	r, _ = Anomalies(s, AnomalyOptions{Threshold: 0.6})
	if len(r.Rows) != 3 || r.Drops != 0 {
		t.Errorf("threshold 60 %%: %d rows, %d drops", len(r.Rows), r.Drops)
	}
}

func TestRank(t *testing.T) {
	s, _ := openFixture(t)
	// Period 2024-08 … 2025-07 against 2023-08 … 2024-07:
	// 甲 12000 / 12000 → 0; 乙 3700 / 6000 → -38.33 %; 丙 1800 / 0 → none;
	// 己 1400 / 100 (2024-07) → +1300 %; 丁 1200 / 4800 → -75 %.
	tests := []struct {
		by   string
		want []string
	}{
		{"revenue", []string{"甲", "乙", "丙", "己", "丁"}},
		{"orders", []string{"甲", "乙", "己", "丙", "丁"}}, // 12, 11, 11 (乙 more revenue), 6, 3
		{"growth", []string{"己", "甲", "乙", "丁", "丙"}}, // 丙 has no previous period: last
	}
	for _, tt := range tests {
		r, err := Rank(s, RankOptions{By: tt.by})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, x := range r.Rows {
			got = append(got, x.Name)
			if x.Rank != i+1 {
				t.Errorf("%s: rank %d at %d", tt.by, x.Rank, i)
			}
		}
		if !slices.Equal(got, tt.want) || r.PrevFrom != "2023-08" || r.PrevTo != "2024-07" {
			t.Errorf("by %s: %v (previous %s…%s), want %v", tt.by, got, r.PrevFrom, r.PrevTo, tt.want)
		}
	}
	r, _ := Rank(s, RankOptions{By: "growth", Limit: 2})
	if len(r.Rows) != 2 || r.Total != 5 || r.Rows[0].Revenue != 1400_00 || r.Rows[0].Previous != 100_00 || !near(r.Rows[0].Growth, 13) {
		t.Errorf("growth top 2: %+v total %d", r.Rows, r.Total)
	}
	r, _ = Rank(s, RankOptions{})
	if g := r.Rows[1]; g.Previous != 6000_00 || !near(g.Growth, 3700.0/6000-1) || g.Orders != 11 {
		t.Errorf("乙: %+v", g)
	}
	if g := r.Rows[2]; g.GrowthOK {
		t.Errorf("丙 growth defined: %+v", g)
	}
	// Table keys are docs/CLI.md's: rank, customer_id, customer, revenue, orders, growth.
	tb := r.Table()
	var keys []string
	for _, c := range tb.Cols {
		keys = append(keys, c.Key)
	}
	if strings.Join(keys, ",") != "rank,customer_id,customer,revenue,orders,growth" || tb.Rows[1][3] != "3700.00" || tb.Rows[1][5] != "-0.3833" || tb.Rows[2][5] != "" {
		t.Errorf("table %v %v", keys, tb.Rows[1])
	}
}

func TestForecast(t *testing.T) {
	s, _ := openFixture(t)
	f, err := MakeForecast(s, ForecastOptions{Months: 12})
	if err != nil {
		t.Fatal(err)
	}
	// 24 complete months 2023-07 … 2025-06 → seasonal naive with trend.
	// Last 12: 4×2000 + 2×1600 + 1350 + 5×1650 = 20800; the 12 before: 12×1900
	// = 22800; r = 20800/22800 = 0.912281.
	if f.Method != MethodSeasonalTrend || !near(f.Growth, 20800.0/22800-1) || len(f.History) != 24 {
		t.Fatalf("method %s growth %.6f history %d", f.Method, f.Growth, len(f.History))
	}
	// 2025-07 … 10 = 2024-07 … 10 (2000) × r = 1824.56; 11, 12 = 1600 × r =
	// 1459.65; 2026-01 = 1350 × r = 1231.58; 2026-02 … 06 = 1650 × r = 1505.26.
	want := []int64{182456, 182456, 182456, 182456, 145965, 145965, 123158, 150526, 150526, 150526, 150526, 150526}
	for j, p := range f.Base {
		if p.Amount != want[j] {
			t.Errorf("month %d (%s): %d, want %d", j+1, p.Period, p.Amount, want[j])
		}
	}
	if f.Base[0].Period != "2025-07" || f.Base[11].Period != "2026-06" {
		t.Errorf("forecast months %s … %s", f.Base[0].Period, f.Base[11].Period)
	}
	// +10 %: month 12 × 1.1 = 150526 × 1.1 = 165578.6 → 165579; month 6 ×
	// 1.1^0.5 = 145965 × 1.0488088 = 153089.4 → 153089. 0 % changes nothing.
	p := f.Project(10)
	if p[11].Amount != 165579 || p[5].Amount != 153089 {
		t.Errorf("+10 %%: month 12 %d, month 6 %d", p[11].Amount, p[5].Amount)
	}
	if p := f.Project(0); !slices.Equal(p, f.Base) {
		t.Error("0 % moved the forecast")
	}
	// Back-test: from 2023-07 … 2024-12 (18 months: seasonal naive) 2025-01 …
	// 06 are forecast as 2024-01 … 06 = 1900 each. Errors: |1350-1900|/1350 =
	// .407407, |1650-1900|/1650 = .151515 ×5 → MAPE (.407407 + .757576)/6 = .194164.
	if !f.MAPEOK || !near(f.MAPE, (550.0/1350+5*250.0/1650)/6) || f.Backtest[0].Amount != 1900_00 || f.Actual[0].Amount != 1350_00 {
		t.Errorf("back-test MAPE %.6f ok %v, %+v", f.MAPE, f.MAPEOK, f.Backtest)
	}
	if len(f.MethodText()) != 3 {
		t.Errorf("method text %q", f.MethodText())
	}
}

func TestProjectHistory(t *testing.T) {
	// Under a year: the mean of the last three months, (30+60+90)/3 = 60.
	v, m, _ := projectHistory([]int64{10, 30, 60, 90}, 2)
	if m != MethodMean || !slices.Equal(v, []int64{60, 60}) {
		t.Errorf("mean: %v %s", v, m)
	}
	// 12–23 months: last year's month, repeating after a year.
	h := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
	v, m, _ = projectHistory(h, 13)
	if m != MethodSeasonal || v[0] != 2 || v[11] != 13 || v[12] != 2 {
		t.Errorf("seasonal: %v %s", v, m)
	}
	if v, m, _ = projectHistory(nil, 2); m != MethodNone || !slices.Equal(v, []int64{0, 0}) {
		t.Errorf("none: %v %s", v, m)
	}
}

func TestDashboard(t *testing.T) {
	s, ids := openFixture(t)
	// One overdue, one overdue but ticked done, one not yet due: 1 overdue.
	for i, d := range []string{"2025-07-01", "2025-07-10", "2025-07-20"} {
		in := &model.Interaction{CustomerID: ids["甲"], Kind: "call", Date: fixtureNow, FollowUp: d}
		if err := s.Customers.AddInteraction(in); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if _, err := s.Customers.SetFollowUpDone(in.CustomerID, in.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Complaints.Add(&model.Complaint{CustomerID: ids["乙"], Category: "quality", Severity: "low", Channel: "phone", Text: "镜片划痕"}, "王"); err != nil {
		t.Fatal(err)
	}
	real := OverdueActions
	OverdueActions = func(*Services, time.Time) (int, error) { return 2, nil }
	defer func() { OverdueActions = real }()
	d, err := LoadDashboard(s)
	if err != nil {
		t.Fatal(err)
	}
	// 2025-07: 甲 1000 + 丙 300 = 1300 (2 sales); 2024-07: 2000 (4) → -35 %.
	// Year to date 1350 + 5×1650 + 1300 = 10900; 2024-01 … 07: 6×1900 + 2000 = 13400.
	if d.Month != "2025-07" || d.ThisMonth.Amount != 1300_00 || d.ThisMonth.Orders != 2 || d.LastYear.Amount != 2000_00 ||
		!near(d.Change, -0.35) || d.YearToDate != 10900_00 || d.YearToDatePrev != 13400_00 {
		t.Errorf("month %s %+v %+v %.4f ytd %d %d", d.Month, d.ThisMonth, d.LastYear, d.Change, d.YearToDate, d.YearToDatePrev)
	}
	// 2025 by the tier at sale time: 甲 (C) 7000, 乙 (A) 1200, 丙 (B) 1800 + 己 (B) 900.
	var tiers []string
	for _, x := range d.ByTier {
		tiers = append(tiers, x.Value+":"+model.FormatMoney(x.Amount))
	}
	if want := []string{"S:0.00", "A:1200.00", "B:2700.00", "C:7000.00"}; !slices.Equal(tiers, want) {
		t.Errorf("by tier %v, want %v", tiers, want)
	}
	if d.OverdueFollowUps != 1 || d.OverdueActions != 2 || d.OpenComplaints != 1 || d.OverdueComplaints != 0 {
		t.Errorf("follow-ups %d actions %d complaints %d/%d", d.OverdueFollowUps, d.OverdueActions, d.OpenComplaints, d.OverdueComplaints)
	}
	if d.AnomalyCount != 4 || d.AtRisk != 5500_00 || d.Anomalies[0].Name != "丁" {
		t.Errorf("anomalies %d at risk %d", d.AnomalyCount, d.AtRisk)
	}
	if len(d.Curve) != 12 || d.Curve[0].Period != "2024-08" || d.CurvePrev[0].Period != "2023-08" || d.Curve[11].Amount != 1300_00 {
		t.Errorf("curve %v", d.Curve)
	}
}

func TestExports(t *testing.T) {
	s, _ := openFixture(t)
	r, err := SuggestTiers(s, TierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.SummaryTable().WriteCSV(&b, false); err != nil {
		t.Fatal(err)
	}
	want := "tier,customers,customer_share,revenue,revenue_share\nS,1,0.1667,12000.00,0.5970\nA,2,0.3333,5500.00,0.2736\nB,2,0.3333,2600.00,0.1294\nC,1,0.1667,0.00,0.0000\n"
	if b.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", b.String(), want)
	}
	f, _ := MakeForecast(s, ForecastOptions{})
	c := f.Chart(10)
	// History 24 points; the forecast starts on the last actual month (2025-06).
	if len(c.Series) != 2 || len(c.Series[0].Points) != 24 || c.Series[1].Start != 23 || len(c.Series[1].Points) != 7 {
		t.Errorf("forecast chart: %d series, %d, start %d, %d", len(c.Series), len(c.Series[0].Points), c.Series[1].Start, len(c.Series[1].Points))
	}
	dir := t.TempDir()
	for _, name := range []string{"f.png", "f.svg", "f.pdf"} {
		if err := c.WriteFile(dir + "/" + name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestEmptyStore: every analysis on a folder without customers or sales
// answers with empty results, never an error or a panic.
func TestEmptyStore(t *testing.T) {
	s := openTest(t, fixtureNow)
	if r, err := SuggestTiers(s, TierOptions{}); err != nil || len(r.Rows) != 0 || r.Total != 0 {
		t.Errorf("tiers: %+v, %v", r, err)
	}
	for _, by := range Groupings {
		if _, err := Compose(s, by, "", ""); err != nil {
			t.Errorf("compose %s: %v", by, err)
		}
	}
	if d, err := Develop(s, "", "", ""); err != nil || len(d.Years) != 0 {
		t.Errorf("develop: %+v, %v", d, err)
	}
	if _, err := SuggestStages(s, LifecycleRule{}); err != nil {
		t.Error(err)
	}
	if r, err := Anomalies(s, AnomalyOptions{}); err != nil || len(r.Rows) != 0 {
		t.Errorf("anomalies: %+v, %v", r, err)
	}
	if r, err := Rank(s, RankOptions{By: "growth"}); err != nil || len(r.Rows) != 0 {
		t.Errorf("rank: %+v, %v", r, err)
	}
	f, err := MakeForecast(s, ForecastOptions{})
	if err != nil || f.Method != MethodNone || len(f.Base) != 6 || f.MAPEOK {
		t.Errorf("forecast: %+v, %v", f, err)
	}
	if err := f.Chart(10).WriteFile(filepath.Join(t.TempDir(), "f.png")); err != nil {
		t.Errorf("forecast chart: %v", err)
	}
	if d, err := LoadDashboard(s); err != nil || d.ThisMonth.Amount != 0 || len(d.Curve) != 12 {
		t.Errorf("dashboard: %+v, %v", d, err)
	}
}

func TestCSVForPeople(t *testing.T) {
	i18n.Setup("en")
	s, _ := openFixture(t)
	r, _ := SuggestTiers(s, TierOptions{})
	var b bytes.Buffer
	if err := r.SummaryTable().WriteCSV(&b, true); err != nil {
		t.Fatal(err)
	}
	// English labels (the tests run in English), a BOM first, codes translated.
	if want := "\uFEFFTier,Customers,Share of customers,Revenue,Share of revenue\nS Strategic,1,0.1667,12000.00,0.5970\n"; !strings.HasPrefix(b.String(), want) {
		t.Errorf("csv for people:\n%q", b.String())
	}
}
