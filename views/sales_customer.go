package views

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/reports"
	"github.com/kehu-crm/kehu/data/model"
)

// newCustomerSalesCard is the 销售 tab of a customer's page: the customer's
// monthly curve over the last two years against the year before, with the
// totals under it, and below them the customer's sales to add, edit and
// delete.
func newCustomerSalesCard(f *customerForm) fyne.CanvasObject {
	v := newChartView(i18n.L("No sales in this period."))
	v.min = fyne.NewSize(300, 150) // two rows of it must fit the detail pane on a 1366×768 laptop at 125%
	h := newChartHover(v, nil)
	totals := widget.NewLabel("")
	totals.Wrapping = fyne.TextWrapWord
	fillCustomerCurve(f.s.u.svc, f.c.ID, h, totals)
	list := newCustomerSaleList(f.s.u, f.c, func() { fillCustomerCurve(f.s.u.svc, f.c.ID, h, totals) })
	return container.NewGridWithRows(2, container.NewBorder(nil, totals, nil, nil, h), list.root)
}

// fillCustomerCurve reads a customer's curve into the chart and its totals
// into the label.
func fillCustomerCurve(svc *app.Service, id string, h *chartHover, totals *widget.Label) {
	v := h.v
	_, last, err := svc.Reports.MeetingRange("", "", time.Time{})
	if err != nil {
		totals.SetText(err.Error())
		return
	}
	t, _ := time.Parse("2006-01", last)
	q := reports.SalesQuery{By: reports.ByMonth, From: t.AddDate(0, -23, 0).Format("2006-01"), To: last, CustomerID: id}
	cur, prev, err := svc.Reports.YoY(q)
	if err != nil {
		totals.SetText(err.Error())
		return
	}
	var rev, orders, before int64
	for i, p := range cur {
		rev, orders, before = rev+p.Amount, orders+p.Orders, before+prev[i].Amount
	}
	totals.SetText(i18n.L("Revenue {{.Amount}} CNY · {{.Orders}} orders · versus last year {{.Change}}",
		map[string]any{"Amount": model.GroupMoney(rev), "Orders": groupCount(orders), "Change": change(rev, before)}))
	if orders == 0 && rev == 0 {
		v.clear()
	} else {
		v.empty.Hide()
		if before == 0 {
			prev = nil
		}
		h.text = func(j int) string { return curveTip(cur, prev, j) }
		v.set(reports.CurveSeries(cur, prev), chart.Options{Subtitle: cur[0].Period + " — " + cur[len(cur)-1].Period})
	}
}
