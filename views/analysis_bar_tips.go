package views

import (
	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// The tips of the ranking's and the anomalies' bars: the customer's whole
// name (the bar's label may end in …) and its figures.

func rankTip(res *analysis.Ranking, j int) string {
	if res == nil || j < 0 || j >= len(res.Rows) {
		return ""
	}
	r := res.Rows[j]
	d := map[string]any{"Rank": r.Rank, "Name": r.Name, "Revenue": model.GroupMoney(r.Revenue), "Orders": groupCount(r.Orders)}
	text := i18n.L("{{.Rank}}. {{.Name}}", d) + "\n" + i18n.L("{{.Revenue}} CNY · {{.Orders}} orders", d)
	if r.GrowthOK {
		text += "\n" + i18n.L("Growth {{.Growth}}", map[string]any{"Growth": signed(r.Growth)})
	}
	return text
}

func anomalyTip(res *analysis.AnomalyResult, j int) string {
	if res == nil || j < 0 || j >= len(res.Rows) {
		return ""
	}
	a := res.Rows[j]
	return a.Name + "\n" + i18n.L("{{.Kind}} · {{.Amount}} CNY a year at risk", map[string]any{"Kind": anomalyKind(a.Kind), "Amount": model.GroupMoney(a.AtRisk)})
}
