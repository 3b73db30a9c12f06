package accounts

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
)

// accNow is the fixtures' "now": noon UTC, the same calendar day anywhere
// from UTC−11 to UTC+11.
var accNow = time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)

func openTest(t testing.TB) *Service {
	t.Helper()
	c, err := core.Open(t.TempDir(), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return New(c)
}

// addCustomer stores a fixture customer straight in the store: accounts
// reads customers, it does not validate them.
func addCustomer(t *testing.T, s *Service, c *model.Customer) *model.Customer {
	t.Helper()
	st, done := s.c.Use()
	defer done()
	c.ID = ""
	if err := st.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestAssessmentRadarAndTrends pins the radar's scores and the trends.
//
//	2026-01-10  3 4 2 3 5 1  sum 18  mean 3
//	2026-03-15  4 4 3 3 5 2  sum 21  mean 3.5
//	2026-03-15  5 5 4 4 5 3  sum 26  mean 4.333…   one date: (21+26)/12 = 47/12 = 3.91666…
//	2026-06-01  5 4 4 4 5 3  sum 25  mean 25/6 = 4.16666…
//
// Radar: latest 2026-06-01 [5 4 4 4 5 3], previous the second 03-15 [5 5 4 4 5 3].
// Competitive preference (dimension 6) over time: 1, (2+3)/2 = 2.5, 3.
// Surveys 02-01 → 3, 05-01 → 4 and 5: trend 3, 4.5.
func TestAssessmentRadarAndTrends(t *testing.T) {
	s := openTest(t)
	s.c.SetClock(func() time.Time { return accNow })
	c := addCustomer(t, s, &model.Customer{Name: "宝岛眼镜公司", Tier: "S"})
	for i, a := range []struct {
		date   string
		scores []int
	}{
		{"2026-03-15", []int{4, 4, 3, 3, 5, 2}},
		{"2026-01-10", []int{3, 4, 2, 3, 5, 1}},
		{"2026-06-01", []int{5, 4, 4, 4, 5, 3}},
		{"2026-03-15", []int{5, 5, 4, 4, 5, 3}},
	} {
		as := &model.Assessment{CustomerID: c.ID, Date: a.date, Scores: a.scores, Created: accNow.Add(time.Duration(i) * time.Minute)}
		if err := s.AddAssessment(as); err != nil {
			t.Fatal(err)
		}
	}
	as, err := s.Assessments(c.ID)
	if err != nil || len(as) != 4 {
		t.Fatalf("%d assessments, %v", len(as), err)
	}
	latest, prev := LatestAssessments(as)
	if latest.Date != "2026-06-01" || !slices.Equal(latest.Scores, []int{5, 4, 4, 4, 5, 3}) {
		t.Errorf("latest %s %v", latest.Date, latest.Scores)
	}
	if prev.Date != "2026-03-15" || !slices.Equal(prev.Scores, []int{5, 5, 4, 4, 5, 3}) {
		t.Errorf("previous %s %v", prev.Date, prev.Scores)
	}
	checkTrend(t, "mean", AssessmentTrend(as), []ScorePoint{{"2026-01-10", 3}, {"2026-03-15", 47.0 / 12}, {"2026-06-01", 25.0 / 6}})
	checkTrend(t, "competitive preference", DimensionTrend(as, 5), []ScorePoint{{"2026-01-10", 1}, {"2026-03-15", 2.5}, {"2026-06-01", 3}})

	for _, v := range []*model.Survey{{Date: "2026-05-01", Score: 4}, {Date: "2026-02-01", Score: 3}, {Date: "2026-05-01", Score: 5, Comment: " 到货快 "}} {
		v.CustomerID = c.ID
		if err := s.AddSurvey(v); err != nil {
			t.Fatal(err)
		}
	}
	vs, _ := s.Surveys(c.ID)
	checkTrend(t, "satisfaction", SurveyTrend(vs), []ScorePoint{{"2026-02-01", 3}, {"2026-05-01", 4.5}})
	if vs[2].Comment != "到货快" {
		t.Errorf("comment %q", vs[2].Comment)
	}
	// An empty date is today (the service's clock).
	a := &model.Assessment{CustomerID: c.ID, Scores: []int{1, 1, 1, 1, 1, 1}}
	if err := s.AddAssessment(a); err != nil || a.Date != "2026-06-10" {
		t.Errorf("default date %q, %v", a.Date, err)
	}
}

func checkTrend(t *testing.T, what string, got, want []ScorePoint) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i].Date != want[i].Date || !near(got[i].Value, want[i].Value) {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestKeyAccountsAndOverdue pins the decision-chain flags, the key-account
// order and the overdue list on 2026-06-10.
//
//	宝岛 S  decision maker + user        → no flag
//	杨氏 S  one influencer               → single_contact, no_decision_maker
//	重明 A  influencer + user            → no_decision_maker
//	天明 B  tagged 重点客户, no contacts → no_contact, no_decision_maker
//	明而达 B untagged                    → not a key account
//
// Flagged first, by tier: 杨氏, 重明, 天明; then 宝岛.
// Actions: 宝岛 due 06-01 open (9 days over), 06-10 open (due today: not
// over), 05-01 done, undated open; 杨氏 05-20 open (21 days), 06-09 cancelled;
// 重明 06-01 open (9 days). Overdue, most overdue first, ties by name:
// 杨氏 21, 宝岛 9, 重明 9 — 3 in all. Open actions: 宝岛 3, 杨氏 1, 重明 1.
func TestKeyAccountsAndOverdue(t *testing.T) {
	s := openTest(t)
	dm := func(n string) model.Contact { return model.Contact{Name: n, Role: "decision_maker"} }
	role := func(n, r string) model.Contact { return model.Contact{Name: n, Role: r} }
	bd := addCustomer(t, s, &model.Customer{Name: "宝岛眼镜公司", Tier: "S", Contacts: []model.Contact{dm("王总"), role("李娜", "user")}})
	ys := addCustomer(t, s, &model.Customer{Name: "杨氏眼镜店", Tier: "S", Contacts: []model.Contact{role("杨经理", "influencer")}})
	cm := addCustomer(t, s, &model.Customer{Name: "重明眼镜公司", Tier: "A", Contacts: []model.Contact{role("周工", "influencer"), role("陈静", "user")}})
	addCustomer(t, s, &model.Customer{Name: "天明眼镜公司", Tier: "B", Tags: []string{"重点客户"}})
	addCustomer(t, s, &model.Customer{Name: "明而达眼镜店", Tier: "B", Contacts: []model.Contact{role("赵敏", "user")}})
	for _, a := range []*model.Action{
		{CustomerID: bd.ID, Text: "拜访王总", Due: "2026-06-01"},
		{CustomerID: bd.ID, Text: "寄样品", Due: "2026-06-10"},
		{CustomerID: bd.ID, Text: "年度回顾", Due: "2026-05-01", Status: "done"},
		{CustomerID: bd.ID, Text: "培训店员"},
		{CustomerID: ys.ID, Text: "约见老板", Due: "2026-05-20", Owner: "刘洋"},
		{CustomerID: ys.ID, Text: "展会邀请", Due: "2026-06-09", Status: "cancelled"},
		{CustomerID: cm.ID, Text: "找到决策者", Due: "2026-06-01"},
	} {
		if err := s.AddAction(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddGoal(&model.Goal{CustomerID: bd.ID, Text: "年销售额 1000万", Target: "1000万", Date: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}

	rows, err := s.KeyAccounts(accNow)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		name          string
		flags         []string
		open, overdue int
	}
	wants := []want{
		{"杨氏眼镜店", []string{FlagSingleContact, FlagNoDecisionMaker}, 1, 1},
		{"重明眼镜公司", []string{FlagNoDecisionMaker}, 1, 1},
		{"天明眼镜公司", []string{FlagNoContact, FlagNoDecisionMaker}, 0, 0},
		{"宝岛眼镜公司", nil, 3, 1},
	}
	if len(rows) != len(wants) {
		t.Fatalf("%d key accounts, want %d", len(rows), len(wants))
	}
	for i, w := range wants {
		r := rows[i]
		if r.Name != w.name || !slices.Equal(r.Flags, w.flags) || r.OpenActions != w.open || r.OverdueActions != w.overdue {
			t.Errorf("row %d: %s %v open %d overdue %d; want %+v", i, r.Name, r.Flags, r.OpenActions, r.OverdueActions, w)
		}
	}
	if rows[3].Goals != 1 || rows[3].DecisionMakers != 1 || rows[3].Contacts != 2 {
		t.Errorf("宝岛: %d goals, %d decision makers, %d contacts", rows[3].Goals, rows[3].DecisionMakers, rows[3].Contacts)
	}

	over, err := s.OverdueActions(accNow)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var days []int
	for _, r := range over {
		got = append(got, r.Customer+":"+r.Text)
		days = append(days, r.DaysOverdue)
	}
	if !slices.Equal(got, []string{"杨氏眼镜店:约见老板", "宝岛眼镜公司:拜访王总", "重明眼镜公司:找到决策者"}) || !slices.Equal(days, []int{21, 9, 9}) {
		t.Errorf("overdue %v %v", got, days)
	}
	if n, err := s.OverdueActionCount(accNow); n != 3 || err != nil {
		t.Errorf("OverdueActionCount = %d, %v; want 3", n, err)
	}
	// Owner defaults to the customer's 负责人; done leaves the overdue list.
	if _, err := s.SetActionStatus(ys.ID, over[0].ID, "done"); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OverdueActionCount(accNow); n != 2 {
		t.Errorf("after done: %d overdue, want 2", n)
	}
	if _, err := s.SetActionStatus(ys.ID, over[0].ID, "later"); err == nil {
		t.Error("status later accepted")
	}
}
