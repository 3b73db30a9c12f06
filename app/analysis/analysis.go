// Package analysis computes the CRM method's customer analyses (tiering,
// lifecycle, sales analysis, evaluation): the 80/20 tier suggestion, composition, development, lifecycle,
// anomalies, ranking, the forecast and the home dashboard's figures.
//
// Every analysis reads the monthly sales rollups (one key per month and
// customer), never the sales themselves, and the customer list the customers
// service keeps in memory; so each runs in well under a second on 100,000
// customers and 1,000,000 sales. The window (views/) and the command line
// (app/cli) call the same functions on the same Services (services.go), and
// every result turns into a Table (CSV, the CLI's table and
// JSON) and chart series (PNG, SVG, PDF) in one place (export.go).
//
// Months are "YYYY-MM"; money is int64 minor units (fen) of the base
// currency; shares and rates are fractions (0.25 = 25 %). "Now" is
// Services.Now, the clock given at open, so tests and screenshots can pin it.
package analysis

import (
	"io"
	"time"

	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/reports"
)

// ---- 1. Tier suggestion (客户分级, Pareto / ABC) ----

// TierOptions choose the period and the cumulative-share thresholds of the
// Pareto analysis. Zero values take the defaults.
type TierOptions struct {
	From, To string // periods (2024-01, 2024-Q1, 2024); default the 12 months up to this month
	// Cumulative revenue share reached before a customer, below which it is
	// proposed S, A, B (else C). Defaults 0.50, 0.80, 0.95: the customers
	// that bring the first half of revenue are strategic, those that bring it
	// to 80 % (the 80/20 rule) partners, those up to 95 % ordinary.
	S, A, B float64
}

// TierRow is one customer of the tier suggestion.
type TierRow struct {
	CustomerID, Name string
	Revenue          int64   // in the period
	Orders           int64   // sales in the period
	Share            float64 // of the period's revenue
	Cumulative       float64 // share of the customers before it and itself
	Current          string  // the tier the customer has ("" none)
	Proposed         string  // S, A, B or C
	Fit              string  // strategic fit (战略匹配度): high, medium, low, "" unknown
	CashCow          bool    // 现金牛: proposed S or A, but fit low
}

// TierSummary is one proposed tier's weight: the "8 % of customers, 60 % of
// sales" table.
type TierSummary struct {
	Tier          string
	Customers     int
	CustomerShare float64
	Revenue       int64
	RevenueShare  float64
}

// TierResult is the whole suggestion, customers by revenue, largest first
// (customers without sales in the period last, proposed C).
type TierResult struct {
	From, To string // months
	Options  TierOptions
	Total    int64
	Rows     []TierRow
	Summary  []TierSummary // S, A, B, C
	Changes  int           // rows whose proposed tier differs from the current one
	CashCows int
}

// SuggestTiers runs the Pareto analysis.
func SuggestTiers(s *Services, o TierOptions) (*TierResult, error) { return suggestTiers(s, o) }

// TierRuleText explains the thresholds in the interface's language.
func (o TierOptions) RuleText() string { return tierRuleText(o) }

// Change is one field of one customer set from Old to New (accepting a
// proposed tier or lifecycle stage). Apply returns the changes it made;
// Apply(s, Reverse(done)) undoes them.
type Change struct {
	CustomerID, Field, Old, New string
}

// Apply makes the changes, one transaction per customer, skipping a change
// whose customer no longer has Old (someone edited it meanwhile) or is gone.
// progress, if not nil, is called after each customer. It returns the
// changes made, for undo.
func Apply(s *Services, changes []Change, progress func(done, total int)) ([]Change, error) {
	return apply(s, changes, progress)
}

// Reverse returns the changes that undo done, last first.
func Reverse(done []Change) []Change { return reverse(done) }

// TierChanges lists the changes that accept the proposals of rows whose
// proposed tier differs from the current one (all rows: "accept all").
func TierChanges(rows []TierRow) []Change { return tierChanges(rows) }

// ---- 2. Composition (客户构成分析) ----

// Groupings are the dimensions Compose groups by.
var Groupings = []string{"tier", "region", "type", "source", "stage"}

// Slice is one value of a grouping: how many customers, how much revenue.
type Slice struct {
	Value         string // the code ("S", "chain") or the province; "" is "not set"
	Customers     int
	CustomerShare float64
	Revenue       int64
	RevenueShare  float64
	Orders        int64
}

// Composition is the customers and the period's revenue by one grouping,
// counted by each customer's current tier, province, type, source or stage.
type Composition struct {
	By, From, To string
	Customers    int
	Revenue      int64
	Slices       []Slice // enumerations in code order, provinces by revenue; "not set" last
}

// Compose groups customers by one of Groupings over a period (periods as in
// TierOptions; default the 12 months up to this month).
func Compose(s *Services, by, from, to string) (*Composition, error) {
	return compose(s, by, from, to)
}

// ---- 3. Development (客户发展分析) ----

// DevPeriod is one period of the development.
type DevPeriod struct {
	Period    string
	Created   int // customers created in the archive in the period
	FirstSale int // customers whose first sale falls in the period
	Active    int // customers with at least one sale in the period
}

// YearRetention is one year's retention: of the customers active the year
// before, how many bought again.
type YearRetention struct {
	Year      string
	Before    int // active the year before
	Retained  int // of those, active this year
	Churned   int // Before - Retained
	Retention float64
	Churn     float64
	New       int // active this year, not the year before
}

// Development is new and active customers per period and retention per year.
type Development struct {
	By      string // month, quarter, year
	Periods []DevPeriod
	Years   []YearRetention // every year of the range that has a year before it with active customers
}

// Develop computes the development over from..to (periods; default from the
// first month with sales to this month) by month, quarter or year.
func Develop(s *Services, by, from, to string) (*Development, error) {
	return develop(s, by, from, to)
}

// ---- 4. Lifecycle (客户生命周期) ----

// LifecycleRule is the documented rule that suggests a stage from a
// customer's sales curve. Zero values take the defaults in brackets.
type LifecycleRule struct {
	Window    int     // months compared: the last Window complete months against the Window before [6]
	LostAfter int     // complete months without a sale that make a customer lost [6]
	NewWithin int     // a first sale within this many months makes it exploration [6]
	Change    float64 // a trend beyond ±Change is development or decline [0.10]
}

// Text states the rule in the interface's language, one line per step.
func (r LifecycleRule) Text() []string { return lifecycleText(r) }

// LifecycleRow is one customer's suggested stage and why.
type LifecycleRow struct {
	CustomerID, Name string
	Current          string // the stage field
	Suggested        string // one of model.Stages
	Recent, Before   int64  // revenue of the last Window months and the Window before
	Trend            float64
	TrendOK          bool   // false when Before is 0
	First, Last      string // first and last month with a sale ("" none)
	Silent           int    // complete months since the last sale
	Reason           string // which step of the rule decided, translated
}

// LifecycleResult is every customer's suggestion, customers whose suggestion
// differs from their stage first, then by recent revenue.
type LifecycleResult struct {
	Rule    LifecycleRule
	Month   string // the last complete month the rule looks back from
	Rows    []LifecycleRow
	Counts  map[string]int // suggested stage → customers
	Changes int
}

// SuggestStages applies the rule to every customer.
func SuggestStages(s *Services, r LifecycleRule) (*LifecycleResult, error) {
	return suggestStages(s, r)
}

// StageChanges lists the changes that accept the suggestions differing from
// the current stage.
func StageChanges(rows []LifecycleRow) []Change { return stageChanges(rows) }

// ---- 5. Anomalies (客户异动分析) ----

// AnomalyOptions set what counts as a departure. Zero values take the
// defaults in brackets.
type AnomalyOptions struct {
	Recent    int     // complete months looked at [3]
	Baseline  int     // complete months before them that make the baseline [12]
	Threshold float64 // departure of the monthly mean that counts [0.30]
	Limit     int     // at most this many, 0 all
}

// Anomaly kinds.
const (
	Silent = "silent" // no sale in the recent months after buying in the baseline
	Drop   = "drop"   // recent monthly revenue below baseline by more than the threshold
	Rise   = "rise"   // above it by more than the threshold
)

// Anomaly is one customer departing from its own baseline.
type Anomaly struct {
	CustomerID, Name, Tier string
	Kind                   string
	Baseline               int64   // monthly mean over the baseline months (zero months count)
	Recent                 int64   // monthly mean over the recent months
	Change                 float64 // Recent/Baseline - 1
	AtRisk                 int64   // revenue at risk a year: (Baseline - Recent) × 12, 0 for a rise
	Last                   string  // last month with a sale
}

// AnomalyResult lists the anomalies by revenue at risk, largest first (rises
// last, by change).
type AnomalyResult struct {
	Options              AnomalyOptions
	RecentFrom, RecentTo string
	BaseFrom, BaseTo     string
	Rows                 []Anomaly
	Count                int // anomalies found, before Limit
	Silent, Drops, Rises int
	AtRisk               int64
}

// Anomalies finds the customers departing from their baseline.
func Anomalies(s *Services, o AnomalyOptions) (*AnomalyResult, error) { return anomalies(s, o) }

// ---- 6. Ranking (客户综合排名) ----

// RankBy are the orders of the ranking.
var RankBy = []string{"revenue", "orders", "growth"}

// RankOptions choose the ranking. Zero values take the defaults.
type RankOptions struct {
	By       string // revenue (default), orders, growth
	From, To string // periods; default the 12 months up to this month
	Limit    int    // 0: all customers with sales in the period or the one before
}

// RankRow is one ranked customer. Growth compares the period with the one of
// the same length just before it.
type RankRow struct {
	Rank             int
	CustomerID, Name string
	Revenue, Orders  int64
	Previous         int64 // revenue of the period before
	Growth           float64
	GrowthOK         bool // false when Previous is 0
}

// Ranking is the ranked customers of a period.
type Ranking struct {
	By, From, To     string
	PrevFrom, PrevTo string
	Rows             []RankRow
	Total            int // customers ranked before Limit
}

// Rank ranks customers; by growth, customers without a previous period come last.
func Rank(s *Services, o RankOptions) (*Ranking, error) { return rank(s, o) }

// ---- 7. Forecast (预测分析) ----

// ForecastOptions size the forecast.
type ForecastOptions struct {
	Months  int // months ahead, 1–36 [6]
	History int // months of history returned for the chart [24]
}

// Forecast is the base projection, computed once; Project applies the
// analyst's rate of change to it in O(months), so a slider can move it live.
type Forecast struct {
	Method   string          // the method's name: seasonal-trend, seasonal or mean
	History  []reports.Point // the last complete months (≤ History)
	Base     []reports.Point // the next Months months from this month, unadjusted
	Growth   float64         // the trend factor - 1 the method found (last 12 months against the 12 before)
	Backtest []reports.Point // forecasts of the last 6 complete months made from the history before them
	Actual   []reports.Point // those months' actual revenue
	MAPE     float64         // mean absolute percentage error of Backtest against Actual
	MAPEOK   bool            // false without 6 months to test on
}

// MakeForecast computes the base projection and its back-test.
func MakeForecast(s *Services, o ForecastOptions) (*Forecast, error) { return makeForecast(s, o) }

// Project returns Base with the rate of change applied: month h ahead
// (h = 1, 2 …) is multiplied by (1 + ratePct/100)^(h/12), so +10 makes the
// twelfth month 10 % higher and the first about 0.8 % higher.
func (f *Forecast) Project(ratePct float64) []reports.Point { return f.project(ratePct) }

// MethodText explains the method and the back-test in the interface's language.
func (f *Forecast) MethodText() []string { return forecastText(f) }

// ---- 11. Home dashboard ----

// Dashboard is the home screen's figures, each a tile that opens its screen.
type Dashboard struct {
	Month          string        // this month
	ThisMonth      reports.Point // revenue so far this month
	LastYear       reports.Point // the same month a year ago
	Change         float64       // ThisMonth/LastYear - 1
	ChangeOK       bool
	YearToDate     int64 // this year up to this month
	YearToDatePrev int64 // the same months a year ago

	ByTier []reports.Total // revenue this year by tier S, A, B, C (tier at sale time)

	OverdueFollowUps int // follow-ups due before today
	OverdueActions   int // key-account actions past due (see OverdueActions)

	OpenComplaints, OverdueComplaints int

	Anomalies    []Anomaly // the largest few by revenue at risk
	AnomalyCount int
	AtRisk       int64

	Curve, CurvePrev []reports.Point // the last 12 months and the same months a year earlier
}

// OverdueActions counts the key-account actions past their due date; a
// variable so tests can pin it.
var OverdueActions = func(s *Services, now time.Time) (int, error) { return s.Accounts.OverdueActionCount(now) }

// LoadDashboard gathers the dashboard's figures.
func LoadDashboard(s *Services) (*Dashboard, error) { return loadDashboard(s) }

// ---- Exports (CSV, PNG, SVG, PDF) ----

// Column is one column of a Table: its English snake_case key (CSV header,
// JSON key), its English label (translated when shown) and how to show it.
type Column struct {
	Key, Label string
	Enum       string // enumeration kind: shown as i18n.Enum(Enum, code)
	Right      bool   // a number: right-aligned
	Money      bool   // a "123.45" amount: shown with thousands separators
	Share      bool   // a "0.1234" fraction: shown as "12.3%"
}

// Table is an analysis as rows: money as "123.45" strings, shares as
// "0.1234" strings, counts as ints, codes as codes. The CLI prints it; the
// window shows and exports it.
type Table struct {
	Cols []Column
	Rows [][]any
}

// WriteCSV writes t as RFC 4180 CSV with the keys as header; with labels the
// header and enumeration codes are translated instead and a UTF-8 BOM leads
// (for people: Excel then reads the Chinese right).
func (t *Table) WriteCSV(w io.Writer, labels bool) error { return t.writeCSV(w, labels) }

// Chart is an analysis drawn: the series, the options, bars or lines.
type Chart struct {
	Series  []chart.Series
	Options chart.Options
	Bars    bool
}

// Write draws the chart in a format.
func (c Chart) Write(w io.Writer, f chart.Format) error {
	if c.Bars {
		return chart.Bar(w, f, c.Series, c.Options)
	}
	return chart.Line(w, f, c.Series, c.Options)
}

// WriteFile draws the chart into a file whose extension (.png, .svg, .pdf)
// gives the format, atomically.
func (c Chart) WriteFile(path string) error {
	f, err := chart.FormatFromPath(path, "")
	if err != nil {
		return err
	}
	return core.WriteFileAtomic(path, func(w io.Writer) error { return c.Write(w, f) })
}

// Tables and charts of each result (export.go): TierResult.Table/Chart,
// Composition.Table/Chart, Development.Table/Chart, LifecycleResult.Table/Chart,
// AnomalyResult.Table, Ranking.Table/Chart, Forecast.Table(rate)/Chart(rate).
