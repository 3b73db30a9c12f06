package app

import (
	"math/rand/v2"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// demoComplaintTexts are what the demo's customers complain about, by
// category.
var demoComplaintTexts = map[string][]string{
	"quality":  {"镜片有划痕，退回 20 片", "一批镜框铰链松动", "隐形眼镜护理液批次颜色不一致"},
	"delivery": {"到货晚了三天，影响周末促销", "发错了型号，少发两箱", "物流包装破损"},
	"billing":  {"发票金额与订单不符", "返点没有按协议结算"},
	"service":  {"业务员两个月没有回访", "客服电话一直占线"},
	"other":    {"希望增加培训资料"},
}

// demoComplaintStates are the statuses the demo's complaints end in, so the
// complaint list and its analysis show every state: most closed or
// resolved, some still open.
var demoComplaintStates = []string{"closed", "closed", "resolved", "resolved", "in_progress", "acknowledged", "new", "closed", "resolved", "in_progress", "new", "closed"}

// demoComplaints gives about two dozen customers a complaint each over the
// last half year, in every state, with the history that leads there.
func (s *Service) demoComplaints(cs []*model.Customer, o DemoOptions) error {
	store, done := s.c.Use()
	defer done()
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x636f6d70))
	n := min(24, len(cs))
	for i := range n {
		c := cs[(i*7)%len(cs)]
		cat := model.Categories[r.IntN(len(model.Categories))]
		texts := demoComplaintTexts[cat]
		status := demoComplaintStates[i%len(demoComplaintStates)]
		opened := o.Now.AddDate(0, 0, -r.IntN(180)).UTC().Truncate(time.Hour)
		if status == "new" || status == "acknowledged" {
			opened = o.Now.AddDate(0, 0, -r.IntN(6)).UTC().Truncate(time.Hour)
		}
		who := c.Owner
		cp := &model.Complaint{ID: model.NewID(), CustomerID: c.ID, Channel: model.Channels[r.IntN(len(model.Channels))],
			Category: cat, Severity: model.Severities[r.IntN(len(model.Severities))], Text: texts[r.IntN(len(texts))],
			Assignee: who, Status: "new", OpenedAt: opened,
			History: []model.Event{{At: opened, Who: who, Kind: "opened", To: "new"}}}
		at := opened
		step := func(to string) {
			at = at.Add(time.Duration(4+r.IntN(44)) * time.Hour)
			if at.After(o.Now) {
				at = o.Now.UTC()
			}
			cp.History = append(cp.History, model.Event{At: at, Who: who, Kind: "status", From: cp.Status, To: to})
			cp.Status = to
			switch to {
			case "acknowledged":
				cp.AcknowledgedAt = at
			case "resolved":
				cp.ResolvedAt = at
				cp.Resolution = "已补发并致歉"
			case "closed":
				cp.ClosedAt = at
			}
		}
		for _, to := range []string{"acknowledged", "in_progress", "resolved", "closed"} {
			if cp.Status == status {
				break
			}
			step(to)
		}
		if cp.ResolvedAt != (time.Time{}) {
			cp.Satisfaction = 2 + r.IntN(4)
		}
		if err := store.AddComplaint(cp); err != nil {
			return err
		}
	}
	return nil
}
