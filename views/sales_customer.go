package views

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/chart"
	"github.com/kehu-crm/kehu/app/i18n"
)

// newCustomerSalesCard is the 销售 tab of a customer's page: the customer's
// monthly curve over the last two years against the year before, with the
// totals under it.
func newCustomerSalesCard(f *customerForm) fyne.CanvasObject {
	svc := f.s.u.svc
	v := newChartView(i18n.L("No sales in this period."))
	totals := widget.NewLabel("")
	totals.Wrapping = fyne.TextWrapWord
	_, last, err := svc.MeetingRange("", "", time.Time{})
	if err != nil {
		totals.SetText(err.Error())
		return totals
	}
	t, _ := time.Parse("2006-01", last)
	q := app.SalesQuery{By: app.ByMonth, From: t.AddDate(0, -23, 0).Format("2006-01"), To: last, CustomerID: f.c.ID}
	cur, prev, err := svc.YoY(q)
	if err != nil {
		totals.SetText(err.Error())
		return totals
	}
	var rev, orders, before int64
	for i, p := range cur {
		rev, orders, before = rev+p.Amount, orders+p.Orders, before+prev[i].Amount
	}
	totals.SetText(i18n.L("Revenue {{.Amount}} CNY · {{.Orders}} orders · versus last year {{.Change}}",
		map[string]any{"Amount": app.GroupMoney(rev), "Orders": groupCount(orders), "Change": change(rev, before)}))
	if orders == 0 && rev == 0 {
		v.set(nil, chart.Options{})
		v.empty.Show()
	} else {
		if before == 0 {
			prev = nil
		}
		v.set(app.CurveSeries(cur, prev), chart.Options{Subtitle: cur[0].Period + " — " + cur[len(cur)-1].Period})
	}
	return container.NewBorder(nil, totals, nil, nil, v)
}
