package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
)

const longName = "上海市浦东新区陆家嘴金融贸易区世纪大道一百号环球金融中心眼镜光学贸易有限公司华东"

// A bar's tip names the customer in full, though its label under the bar
// ends in "…".
func TestBarTip_ShowsTheWholeName(t *testing.T) {
	i18n.Setup("en")
	test.NewTempApp(t)
	res := &analysis.Ranking{By: "revenue", Rows: []analysis.RankRow{
		{Rank: 1, Name: "宝岛眼镜公司", Revenue: 800_000_00, Orders: 120},
		{Rank: 2, Name: longName, Revenue: 90_000_00, Orders: 3, Growth: 0.25, GrowthOK: true},
		{Rank: 3, Name: "天明眼镜公司", Revenue: 50_000_00, Orders: 40},
	}}
	v := newChartView("none")
	v.bars = true
	h := newChartHover(v, func(j int) string { return rankTip(res, j) })
	w := test.NewTempWindow(t, h)
	w.Resize(fyne.NewSize(300, 320)) // a narrow chart: the long name cannot fit
	c := res.Chart()
	showChart(v, c)
	select {
	case <-v.rendered:
	case <-time.After(10 * time.Second):
		t.Fatal("never drawn")
	}
	p1, ok := v.at(0, 1)
	p0, _ := v.at(0, 0)
	if !ok || !(p0.X < p1.X && p0.Y < p1.Y) { // the first bar is the tallest
		t.Fatalf("bar ends %v %v", p0, p1)
	}
	test.MoveMouse(w.Canvas(), p1.Add(fyne.NewPos(0, 20))) // on the bar, below its top
	want := "2. " + longName + "\n90,000.00 CNY · 3 orders\nGrowth +25.0%"
	if !h.tip.Visible() || h.tip.Text != want {
		t.Errorf("tip %q (shown %v), want %q", h.tip.Text, h.tip.Visible(), want)
	}
}

func TestAnomalyTip(t *testing.T) {
	i18n.Setup("en")
	res := &analysis.AnomalyResult{Rows: []analysis.Anomaly{{Name: longName, Kind: analysis.Silent, AtRisk: 120_000_00}}}
	if got := anomalyTip(res, 0); !strings.HasPrefix(got, longName+"\n") || !strings.Contains(got, "120,000.00 CNY a year at risk") {
		t.Errorf("tip %q", got)
	}
	if anomalyTip(res, 1) != "" || anomalyTip(nil, 0) != "" || rankTip(nil, 0) != "" {
		t.Error("a tip for no bar")
	}
}
