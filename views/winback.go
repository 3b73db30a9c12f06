package views

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// winbackLimit is how many lost customers the list shows, highest past value
// first; the summary says how many there are in all.
const winbackLimit = 500

// winbackView is the 客户再生 tab: lost customers ranked by past value with
// their last contact, and "Plan a win-back" to put a call on their plan.
type winbackView struct {
	u      *UI
	months *keyEntry
	save   *widget.Button
	sum    *widget.Label
	table  *rowTable[*accounts.WinBackRow]
	sel    *accounts.WinBackRow
	plan   *widget.Button
	open   *widget.Button
	root   fyne.CanvasObject
}

func newWinbackView(u *UI) *winbackView {
	v := &winbackView{u: u}
	v.months = entry(strconv.Itoa(u.svc.Accounts.WinBackMonths()))
	v.months.OnSubmitted = func(string) { v.reload() }
	v.save = widget.NewButtonWithIcon(i18n.L("Keep as default"), theme.DocumentSaveIcon(), v.saveMonths)
	show := widget.NewButtonWithIcon(i18n.L("Show"), theme.SearchIcon(), v.reload)
	v.sum = widget.NewLabel("")
	v.sum.Wrapping = fyne.TextWrapWord
	v.table = newRowTable([]rowColumn[*accounts.WinBackRow]{
		{title: "Customer", width: 160, text: func(r *accounts.WinBackRow) string { return r.Name }, key: func(r *accounts.WinBackRow) any { return r.Name }},
		{title: "Tier", width: 40, text: func(r *accounts.WinBackRow) string { return r.Tier }, key: func(r *accounts.WinBackRow) any { return tierKey(r.Tier) }},
		{title: "Past value", width: 105, text: func(r *accounts.WinBackRow) string { return model.GroupMoney(r.PastValue) }, key: func(r *accounts.WinBackRow) any { return r.PastValue }},
		{title: "Last purchase", width: 100, text: func(r *accounts.WinBackRow) string { return r.LastPurchase }, key: func(r *accounts.WinBackRow) any { return r.LastPurchase }},
		{title: "Months silent", width: 60, text: func(r *accounts.WinBackRow) string { return strconv.Itoa(r.MonthsSilent) }, key: func(r *accounts.WinBackRow) any { return r.MonthsSilent }},
		{title: "Last contact", width: 100, text: func(r *accounts.WinBackRow) string { return dash(r.LastContact) }, key: func(r *accounts.WinBackRow) any { return r.LastContact }},
		{title: "Contact", width: 80, text: func(r *accounts.WinBackRow) string { return dash(r.Contact) }, key: func(r *accounts.WinBackRow) any { return r.Contact }},
		{title: "Phone", width: 118, text: func(r *accounts.WinBackRow) string { return r.Phone }, key: func(r *accounts.WinBackRow) any { return r.Phone }},
		{title: "Planned", width: 60, text: func(r *accounts.WinBackRow) string { return planned(r.Planned) }, key: func(r *accounts.WinBackRow) any { return planned(r.Planned) }},
	}, nil, func(r *accounts.WinBackRow) {
		v.sel = r
		v.plan.Enable()
		v.open.Enable()
	})
	v.plan = widget.NewButtonWithIcon(i18n.L("Plan a win-back…"), theme.ContentAddIcon(), func() {
		if v.sel != nil {
			v.planDialog(v.sel)
		}
	})
	v.plan.Importance = widget.HighImportance
	v.open = widget.NewButtonWithIcon(i18n.L("Open customer"), theme.AccountIcon(), func() {
		if v.sel != nil {
			u.openCustomerTab(v.sel.ID, "Key account")
		}
	})
	bar := container.NewHBox(widget.NewLabel(i18n.L("Lost after (months)")), container.NewGridWrap(fyne.NewSize(70, v.months.MinSize().Height), v.months),
		show, v.save, widget.NewSeparator(), v.plan, v.open,
		csvButton(u, v.table, func() string { return i18n.L("Win-back (客户再生)") }))
	top := container.NewVBox(bar, v.sum)
	v.root = container.NewBorder(top, nil, nil, nil, v.table.tbl)
	return v
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func planned(b bool) string {
	if b {
		return i18n.L("Yes")
	}
	return ""
}

// monthsValue reads the months entry: a whole number 1–120.
func (v *winbackView) monthsValue() (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v.months.Text))
	if err != nil || n < 1 || n > 120 {
		v.sum.Importance = widget.DangerImportance
		v.sum.SetText(i18n.L("Enter the months as a whole number from 1 to 120."))
		return 0, false
	}
	v.sum.Importance = widget.MediumImportance
	return n, true
}

func (v *winbackView) reload() {
	n, ok := v.monthsValue()
	if !ok {
		return
	}
	rows, total, err := v.u.svc.Accounts.WinBack(n, v.u.svc.Now(), winbackLimit)
	if err != nil {
		v.sum.SetText(err.Error())
		return
	}
	cur, _ := v.u.svc.Sales.BaseCurrency()
	var value int64
	for _, r := range rows {
		value += r.PastValue
	}
	msg := i18n.L("{{.N}} customers bought nothing in the last {{.M}} whole months (the current month not counted); together they bought {{.Value}} {{.Cur}} before. Ranked by past value: a lost customer is won back about twice as often as a new one is won.",
		map[string]any{"N": total, "M": n, "Value": model.GroupMoney(value), "Cur": cur})
	if total > len(rows) {
		msg += " " + i18n.L("The top {{.K}} are shown.", map[string]any{"K": len(rows)})
	}
	v.sum.SetText(msg)
	v.sel = nil
	v.plan.Disable()
	v.open.Disable()
	v.table.set(rows)
}

func (v *winbackView) saveMonths() {
	n, ok := v.monthsValue()
	if !ok {
		return
	}
	if err := v.u.svc.Accounts.SetWinBackMonths(n); err != nil {
		v.sum.SetText(err.Error())
		return
	}
	v.reload()
}

// planDialog asks for the action's text, owner and due date, prefilled, and
// adds it to the customer's plan.
func (v *winbackView) planDialog(r *accounts.WinBackRow) {
	who := r.Contact
	if who == "" {
		who = r.Name
	}
	text := entry(i18n.L("Win-back: call {{.Who}}, learn why they stopped buying and offer terms to resume", map[string]any{"Who": who}))
	owner := entry(r.Owner)
	due := entry(v.u.svc.Now().Local().AddDate(0, 0, 7).Format(time.DateOnly))
	msg := newMsg()
	items := []*widget.FormItem{
		widget.NewFormItem(i18n.L("Action"), text),
		widget.NewFormItem(i18n.L("Owner"), owner),
		widget.NewFormItem(i18n.L("Due"), due),
		widget.NewFormItem("", msg),
	}
	var d dialog.Dialog
	d = dialog.NewForm(i18n.L("Plan a win-back for {{.Name}}", map[string]any{"Name": r.Name}), i18n.L("Add to plan"), i18n.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		v.planNow(r, text.Text, owner.Text, due.Text)
	}, v.u.win)
	d.Resize(fyne.NewSize(560, 280))
	showDialog(d, v.u.win)
}

// planNow creates the win-back action; a bad date falls back to a week on.
func (v *winbackView) planNow(r *accounts.WinBackRow, text, owner, due string) {
	d, err := v.u.parseDate(due)
	if err != nil {
		d = ""
	}
	if _, err := v.u.svc.Accounts.PlanWinBack(r.ID, text, owner, d); err != nil {
		showError(err, v.u.win)
		return
	}
	v.reload()
	v.sum.SetText(v.sum.Text + " " + i18n.L("Planned for {{.Name}}: it is on its action plan.", map[string]any{"Name": r.Name}))
}
