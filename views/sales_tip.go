package views

import (
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// tip is what the chart says of period j under the pointer.
func (s *salesScreen) tip(j int) string {
	var prev []reports.Point
	if s.compare.Checked {
		prev = s.prev
	}
	return curveTip(s.cur, prev, j)
}

// curveTip is a curve's figures for period j: amount and orders and, with
// an overlay (prev not nil), the same period a year earlier and the change.
func curveTip(cur, prev []reports.Point, j int) string {
	if j < 0 || j >= len(cur) {
		return ""
	}
	line := func(p reports.Point) string {
		if p.None {
			return i18n.L("{{.Period}}: before the first recorded sale", map[string]any{"Period": p.Period})
		}
		return i18n.L("{{.Period}}: {{.Amount}} CNY · {{.Orders}} orders",
			map[string]any{"Period": p.Period, "Amount": model.GroupMoney(p.Amount), "Orders": groupCount(p.Orders)})
	}
	t := line(cur[j])
	if j < len(prev) {
		t += "\n" + line(prev[j]) + "\n" + i18n.L("Versus last year {{.Change}}", map[string]any{"Change": change(cur[j].Amount, prev[j].Amount)})
	}
	return t
}
