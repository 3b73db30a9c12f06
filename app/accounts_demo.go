package app

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// demoAccountScores are the case study's chains' relationship scores at the
// last assessment (in AssessmentDimensions' order): the big chains close, 毛源昌 drifting.
var demoAccountScores = [][]int{
	{5, 4, 4, 4, 5, 3}, // 宝岛
	{4, 4, 5, 3, 4, 4}, // 杨氏
	{4, 3, 4, 4, 3, 3}, // 宝丽
	{4, 3, 3, 4, 4, 2}, // 重明
	{3, 3, 3, 2, 3, 3}, // 天明
	{3, 2, 3, 3, 2, 3}, // 明而达
	{2, 2, 3, 2, 2, 1}, // 毛源昌
}

var demoGoals = []struct{ text, target string }{
	{"成为其日抛产品的首选供应商", "日抛份额 60%"},
	{"年销售额增长", "增长 20%"},
	{"建立高层定期互访", "每季度 1 次"},
}

var demoActions = []string{"拜访采购总监，确认下季度订货计划", "邀请店长参加绮美新品培训", "提交年度框架协议报价", "回访上次投诉的处理结果", "安排高层互访"}

// demoAccounts gives the seven named chains (the first seven of cs) their
// relationship assessments a quarter apart, satisfaction surveys, goals and
// an action plan with some actions overdue, so the radar, the key-account
// screen and the overdue list have something to show.
func (s *Service) demoAccounts(cs []*model.Customer, o DemoOptions) error {
	store, release := s.c.Use()
	defer release()
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x61636374))
	now := o.Now
	for i, final := range demoAccountScores {
		if i >= len(cs) {
			break
		}
		c := cs[i]
		// Three assessments a quarter apart, each a little weaker than the next.
		for k := 2; k >= 0; k-- {
			sc := make([]int, len(final))
			for d, v := range final {
				sc[d] = max(1, v-r.IntN(k+1)) // k quarters back: up to k points lower
			}
			a := &model.Assessment{CustomerID: c.ID, Date: now.AddDate(0, -3*k, -5-r.IntN(10)).Format(time.DateOnly), Scores: sc, By: c.Owner}
			if err := store.PutAssessment(a); err != nil {
				return err
			}
		}
		for k := 3; k >= 0; k-- {
			score := min(5, max(1, (final[0]+final[3]+1)/2-k/3+r.IntN(2)-r.IntN(2)))
			v := &model.Survey{CustomerID: c.ID, Date: now.AddDate(0, -2*k-1, -r.IntN(20)).Format(time.DateOnly), Score: score,
				Comment: []string{"到货及时", "希望增加促销支持", "包装偶有破损", "服务满意"}[r.IntN(4)]}
			if err := store.PutSurvey(v); err != nil {
				return err
			}
		}
		g := demoGoals[i%len(demoGoals)]
		if err := store.PutGoal(&model.Goal{CustomerID: c.ID, Text: g.text, Target: g.target, Owner: c.Owner,
			Date: fmt.Sprintf("%d-12-31", now.Year())}); err != nil {
			return err
		}
		for k := range 3 {
			a := &model.Action{CustomerID: c.ID, Text: demoActions[(i+k)%len(demoActions)], Owner: c.Owner,
				Due: now.AddDate(0, 0, -20+k*15+i).Format(time.DateOnly)}
			if k == 0 && i%2 == 1 {
				a.Status = "done"
			}
			if err := store.PutAction(a); err != nil {
				return err
			}
		}
	}
	return nil
}
