package views

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/i18n"
)

// keyAccountsScreen is 大客户与再生: the key accounts with what their
// decision chain lacks, the overdue actions of every customer, and the
// win-back list of lost customers (lifecycle, 客户生命周期; key-account
// management, 关键客户管理).
type keyAccountsScreen struct {
	u       *UI
	root    fyne.CanvasObject
	tabs    *container.AppTabs
	keys    *rowTable[*accounts.KeyAccountRow]
	keySum  *widget.Label
	overdue *rowTable[*accounts.ActionRow]
	ovSel   *accounts.ActionRow
	ovSum   *widget.Label
	ovDone  *widget.Button
	ovOpen  *widget.Button
	wb      *winbackView
}

func newKeyAccountsScreen(u *UI) *keyAccountsScreen { return &keyAccountsScreen{u: u} }

// content builds the screen once and reloads it each time it is shown.
func (s *keyAccountsScreen) content() fyne.CanvasObject {
	if s.root == nil {
		s.build()
	}
	s.wb.months.SetText(strconv.Itoa(s.u.svc.Accounts.WinBackMonths())) // Settings may have changed it
	s.reload()
	return s.root
}

func (s *keyAccountsScreen) build() {
	s.keys = newRowTable([]rowColumn[*accounts.KeyAccountRow]{
		{title: "Customer", width: 160, text: func(r *accounts.KeyAccountRow) string { return r.Name }, key: func(r *accounts.KeyAccountRow) any { return r.Name }},
		{title: "Tier", width: 60, text: func(r *accounts.KeyAccountRow) string { return r.Tier }, key: func(r *accounts.KeyAccountRow) any { return tierKey(r.Tier) }},
		{title: "Owner", width: 70, text: func(r *accounts.KeyAccountRow) string { return r.Owner }, key: func(r *accounts.KeyAccountRow) any { return r.Owner }},
		{title: "Contacts", width: 60, text: func(r *accounts.KeyAccountRow) string { return strconv.Itoa(r.Contacts) }, key: func(r *accounts.KeyAccountRow) any { return r.Contacts }},
		{title: "Decision chain", width: 140, text: flagText, key: func(r *accounts.KeyAccountRow) any { return len(r.Flags) }},
		{title: "Goals", width: 50, text: func(r *accounts.KeyAccountRow) string { return strconv.Itoa(r.Goals) }, key: func(r *accounts.KeyAccountRow) any { return r.Goals }},
		{title: "Open actions", width: 70, text: func(r *accounts.KeyAccountRow) string { return strconv.Itoa(r.OpenActions) }, key: func(r *accounts.KeyAccountRow) any { return r.OpenActions }},
		{title: "Overdue", width: 60, text: func(r *accounts.KeyAccountRow) string { return strconv.Itoa(r.OverdueActions) }, key: func(r *accounts.KeyAccountRow) any { return r.OverdueActions }},
		{title: "Relationship", width: 80, text: func(r *accounts.KeyAccountRow) string { return scoreText(r.Score) }, key: func(r *accounts.KeyAccountRow) any { return r.Score }},
		{title: "Satisfaction", width: 60, text: func(r *accounts.KeyAccountRow) string { return scoreText(float64(r.Satisfaction)) }, key: func(r *accounts.KeyAccountRow) any { return r.Satisfaction }},
	}, func(r *accounts.KeyAccountRow) bool { return len(r.Flags) > 0 || r.OverdueActions > 0 },
		func(r *accounts.KeyAccountRow) { s.u.openCustomerTab(r.ID, "Key account") })
	s.keySum = widget.NewLabel("")
	refresh := widget.NewButtonWithIcon(i18n.L("Refresh"), theme.ViewRefreshIcon(), s.reload)
	keyTop := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(csvButton(s.u, s.keys, func() string { return i18n.L("Key accounts") }), refresh), s.keySum),
		note(i18n.L("Key accounts are tiers S and A and customers tagged 重点客户 or 大客户. Red: a single contact or none, no decision maker (决策者), or overdue actions. Tap a row to open its plan.")))
	keyTab := container.NewBorder(keyTop, nil, nil, nil, s.keys.tbl)

	s.overdue = newRowTable([]rowColumn[*accounts.ActionRow]{
		{title: "Due", width: 100, text: func(r *accounts.ActionRow) string { return r.Due }, key: func(r *accounts.ActionRow) any { return r.Due }},
		{title: "Days overdue", width: 70, text: func(r *accounts.ActionRow) string { return strconv.Itoa(r.DaysOverdue) }, key: func(r *accounts.ActionRow) any { return r.DaysOverdue }},
		{title: "Customer", width: 200, text: func(r *accounts.ActionRow) string { return r.Customer }, key: func(r *accounts.ActionRow) any { return r.Customer }},
		{title: "Action", width: 320, text: func(r *accounts.ActionRow) string { return r.Text }, key: func(r *accounts.ActionRow) any { return r.Text }},
		{title: "Owner", width: 80, text: func(r *accounts.ActionRow) string { return r.Owner }, key: func(r *accounts.ActionRow) any { return r.Owner }},
	}, func(*accounts.ActionRow) bool { return true }, func(r *accounts.ActionRow) {
		s.ovSel = r
		s.ovDone.Enable()
		s.ovOpen.Enable()
	})
	s.ovSum = widget.NewLabel("")
	s.ovSum.Wrapping = fyne.TextWrapWord // beside three buttons: its own width would push the screen past 1366×768 at 125%
	s.ovDone = widget.NewButtonWithIcon(i18n.L("Mark done"), theme.ConfirmIcon(), s.markDone)
	s.ovOpen = widget.NewButtonWithIcon(i18n.L("Open customer"), theme.AccountIcon(), func() {
		if s.ovSel != nil {
			s.u.openCustomerTab(s.ovSel.CustomerID, "Key account")
		}
	})
	ovCSV := csvButton(s.u, s.overdue, func() string { return i18n.L("Overdue actions") })
	ovTop := container.NewBorder(nil, nil, nil, container.NewHBox(s.ovDone, s.ovOpen, ovCSV), s.ovSum)
	ovTab := container.NewBorder(ovTop, nil, nil, nil, s.overdue.tbl)

	s.wb = newWinbackView(s.u)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(i18n.L("Key account list"), keyTab),
		container.NewTabItem(i18n.L("Overdue actions"), ovTab),
		container.NewTabItem(i18n.L("Win-back (客户再生)"), s.wb.root),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.reload() }
	s.root = s.tabs
}

// reload refreshes the tab shown.
func (s *keyAccountsScreen) reload() {
	svc := s.u.svc
	now := svc.Now()
	switch s.tabs.SelectedIndex() {
	case 0:
		rows, err := svc.Accounts.KeyAccounts(now)
		if err != nil {
			s.keySum.SetText(err.Error())
			return
		}
		flagged, over := 0, 0
		for _, r := range rows {
			if len(r.Flags) > 0 {
				flagged++
			}
			over += r.OverdueActions
		}
		s.keySum.SetText(i18n.L("{{.N}} key accounts; {{.Flagged}} with a fragile decision chain; {{.Overdue}} overdue actions.",
			map[string]any{"N": len(rows), "Flagged": flagged, "Overdue": over}))
		s.keys.set(rows)
	case 1:
		rows, err := svc.Accounts.OverdueActions(now)
		if err != nil {
			s.ovSum.SetText(err.Error())
			return
		}
		s.ovSel = nil
		s.ovDone.Disable()
		s.ovOpen.Disable()
		if len(rows) == 0 {
			s.ovSum.SetText(i18n.L("No overdue actions."))
		} else {
			s.ovSum.SetText(i18n.L("{{.N}} open actions are past their due date. Select one to mark it done or open its customer.", map[string]any{"N": len(rows)}))
		}
		s.overdue.set(rows)
	default:
		s.wb.reload()
	}
	s.u.nav.Refresh() // the overdue badge
}

func (s *keyAccountsScreen) markDone() {
	r := s.ovSel
	if r == nil {
		return
	}
	if _, err := s.u.svc.Accounts.SetActionStatus(r.CustomerID, r.ID, "done"); err != nil {
		s.u.customers.showError(err)
		return
	}
	s.reload()
}

// flagText names what a key account's decision chain lacks.
func flagText(r *accounts.KeyAccountRow) string {
	if len(r.Flags) == 0 {
		return i18n.L("{{.N}} decision makers", map[string]any{"N": r.DecisionMakers})
	}
	parts := make([]string, len(r.Flags))
	for i, f := range r.Flags {
		parts[i] = i18n.Enum("flag", f)
	}
	return strings.Join(parts, " · ")
}

// scoreText shows a 1–5 score with one decimal, "—" for none.
func scoreText(v float64) string {
	if v == 0 {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// tierKey sorts S, A, B, C, then none.
func tierKey(t string) string {
	if i := slices.Index(model.Tiers, t); i >= 0 {
		return fmt.Sprint(i)
	}
	return "9"
}

// overdueActionBadge is the count beside 大客户与再生 in the navigation.
func (u *UI) overdueActionBadge() int {
	n, _ := u.svc.Accounts.OverdueActionCount(u.svc.Now())
	return n
}

// openCustomerTab shows a customer's page on the Customers screen with the
// tab titled tab (English) selected.
func (u *UI) openCustomerTab(id, tab string) {
	for i, sc := range u.screens {
		if sc.title == "Customers" {
			u.show(i)
		}
	}
	u.customers.open(id)
	if f := u.customers.detail; f != nil && f.tabs != nil {
		for _, it := range f.tabs.Items {
			if it.Text == i18n.L(tab) {
				f.tabs.Select(it)
			}
		}
	}
}
