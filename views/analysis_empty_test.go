package views

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestAnalysis_EmptyPeriodSaysWhere: the ranking and the tiers with no sales
// in their default period (the last 12 months) name the months that hold
// sales.
func TestAnalysis_EmptyPeriodSaysWhere(t *testing.T) {
	c := &model.Customer{Name: "宝岛眼镜公司"}
	u, svc := newTestUI(t, c)
	for _, d := range []string{"2019-01-05", "2019-03-05"} {
		if err := svc.Sales.Add(&model.Sale{CustomerID: c.ID, Date: d, Amount: 10000, Currency: "CNY"}); err != nil {
			t.Fatal(err)
		}
	}
	r := openTab[*rankingPane](t, u, tabRanking)
	if !strings.Contains(r.total.Text, "The sales run from 2019-01 to 2019-03") {
		t.Errorf("ranking: %q", r.total.Text)
	}
	tp := openTab[*tiersPane](t, u, tabTiers)
	if !strings.Contains(tp.summary.Text, "The sales run from 2019-01 to 2019-03") {
		t.Errorf("tiers: %q", tp.summary.Text)
	}
}
