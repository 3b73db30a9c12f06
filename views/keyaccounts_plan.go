package views

import (
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/i18n"
)

// planCard is the customer's 大客户 tab (key-account management): its decision chain
// with what is missing, its goals, and its action plan with each action's
// status; overdue actions in red.
type planCard struct {
	f       *customerForm
	chain   *fyne.Container
	goals   *fyne.Container
	actions *fyne.Container

	gText, gTarget, gDate, gOwner *keyEntry
	gMsg                          *widget.Label
	aText, aOwner, aDue           *keyEntry
	aMsg                          *widget.Label
	root                          fyne.CanvasObject
}

func newPlanCard(f *customerForm) *planCard {
	p := &planCard{f: f, chain: container.NewVBox(), goals: container.NewVBox(), actions: container.NewVBox()}
	p.gText, p.gTarget, p.gDate, p.gOwner = entry(""), entry(""), entry(""), entry(f.c.Owner)
	p.gText.SetPlaceHolder(i18n.L("e.g. become its first supplier of daily lenses"))
	p.gTarget.SetPlaceHolder(i18n.L("e.g. 500万 a year"))
	p.gDate.SetPlaceHolder(dateHint())
	p.gMsg = newMsg()
	goalForm := widget.NewForm(
		widget.NewFormItem(requiredLabel("Goal"), p.gText), widget.NewFormItem(i18n.L("Target value"), p.gTarget),
		widget.NewFormItem(i18n.L("By"), p.gDate), widget.NewFormItem(i18n.L("Responsible"), p.gOwner))
	p.aText, p.aOwner, p.aDue = entry(""), entry(f.c.Owner), entry("")
	p.aText.SetPlaceHolder(i18n.L("e.g. visit the purchasing director"))
	p.aDue.SetPlaceHolder(dateHint())
	p.aText.OnSubmitted = func(string) { p.addAction() }
	p.aMsg = newMsg()
	actionForm := widget.NewForm(
		widget.NewFormItem(requiredLabel("Action"), p.aText), widget.NewFormItem(i18n.L("Owner"), p.aOwner),
		widget.NewFormItem(i18n.L("Due"), p.aDue))
	bold := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(i18n.L(s), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.root = container.NewVScroll(container.NewPadded(container.NewVBox(
		bold("Decision chain (组织决策链)"), p.chain,
		widget.NewSeparator(),
		bold("Action plan (行动计划)"), p.actions, actionForm,
		container.NewHBox(widget.NewButtonWithIcon(i18n.L("Add action"), theme.ContentAddIcon(), p.addAction)), p.aMsg,
		widget.NewSeparator(),
		bold("Goals"), p.goals, goalForm,
		container.NewHBox(widget.NewButtonWithIcon(i18n.L("Add goal"), theme.ContentAddIcon(), p.addGoal)), p.gMsg,
		requiredLegend(),
	)))
	p.reload()
	return p
}

func (p *planCard) content() fyne.CanvasObject { return p.root }

func (p *planCard) reload() {
	c := p.f.c
	p.chain.RemoveAll()
	if !accounts.IsKeyAccount(c) {
		p.chain.Add(note(i18n.L("Not a key account: tiers S and A are, and customers tagged 重点客户 or 大客户.")))
	}
	for _, role := range model.ContactRoles {
		var who []string
		for _, ct := range c.Contacts {
			if ct.Role == role {
				who = append(who, strings.TrimSpace(ct.Name+" "+ct.Title))
			}
		}
		if len(who) > 0 {
			p.chain.Add(widget.NewLabel(i18n.Enum("role", role) + ": " + strings.Join(who, " · ")))
		}
	}
	for _, fl := range accounts.DecisionChainFlags(c) {
		l := widget.NewLabel("⚠ " + i18n.Enum("flag", fl))
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		p.chain.Add(l)
	}
	p.fillActions()
	p.fillGoals()
}

func (p *planCard) fillActions() {
	svc, id := p.f.s.u.svc, p.f.c.ID
	p.actions.RemoveAll()
	acts, err := svc.Accounts.Actions(id)
	if err != nil {
		setMsg(p.aMsg, err.Error(), true)
		return
	}
	if len(acts) == 0 {
		p.actions.Add(widget.NewLabel(i18n.L("No actions yet.")))
	}
	day := svc.Now().Local().Format("2006-01-02")
	labels := make([]string, len(model.ActionStatuses))
	for i, st := range model.ActionStatuses {
		labels[i] = i18n.Enum("action", st)
	}
	for _, a := range acts {
		text := a.Text
		if a.Owner != "" {
			text += " · " + a.Owner
		}
		if a.Due != "" {
			text += " · " + i18n.L("due {{.Date}}", map[string]any{"Date": a.Due})
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		if a.Status == "open" && a.Due != "" && a.Due < day {
			l.Importance = widget.DangerImportance
			l.SetText(text + " · " + i18n.L("OVERDUE"))
		} else if a.Status != "open" {
			l.Importance = widget.LowImportance
		}
		status := widget.NewSelect(labels, nil)
		status.SetSelectedIndex(slices.Index(model.ActionStatuses, a.Status))
		status.OnChanged = func(string) {
			code := model.ActionStatuses[status.SelectedIndex()]
			if code == a.Status {
				return
			}
			if _, err := svc.Accounts.SetActionStatus(id, a.ID, code); err != nil {
				p.f.s.showError(err)
			}
			p.fillActions()
		}
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			showConfirm(i18n.L("Remove action"), i18n.L("Remove the action “{{.Text}}”?", map[string]any{"Text": a.Text}), func(ok bool) {
				if ok {
					if err := svc.Accounts.DeleteAction(id, a.ID); err != nil {
						p.f.s.showError(err)
					}
					p.fillActions()
				}
			}, p.f.s.u.win)
		})
		rm.Importance = widget.LowImportance
		p.actions.Add(container.NewBorder(nil, nil, nil, container.NewHBox(status, rm), l))
	}
}

func (p *planCard) fillGoals() {
	svc, id := p.f.s.u.svc, p.f.c.ID
	p.goals.RemoveAll()
	gs, err := svc.Accounts.Goals(id)
	if err != nil {
		setMsg(p.gMsg, err.Error(), true)
		return
	}
	if len(gs) == 0 {
		p.goals.Add(widget.NewLabel(i18n.L("No goals yet.")))
	}
	for _, g := range gs {
		parts := []string{g.Text}
		if g.Target != "" {
			parts = append(parts, i18n.L("target {{.Target}}", map[string]any{"Target": g.Target}))
		}
		if g.Date != "" {
			parts = append(parts, i18n.L("by {{.Date}}", map[string]any{"Date": g.Date}))
		}
		if g.Owner != "" {
			parts = append(parts, g.Owner)
		}
		l := widget.NewLabel(strings.Join(parts, " · "))
		l.Wrapping = fyne.TextWrapWord
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			showConfirm(i18n.L("Remove goal"), i18n.L("Remove the goal “{{.Text}}”?", map[string]any{"Text": g.Text}), func(ok bool) {
				if ok {
					if err := svc.Accounts.DeleteGoal(id, g.ID); err != nil {
						p.f.s.showError(err)
					}
					p.fillGoals()
				}
			}, p.f.s.u.win)
		})
		rm.Importance = widget.LowImportance
		p.goals.Add(container.NewBorder(nil, nil, nil, rm, l))
	}
}

// optionalDate reads an optional date entry: "" stays "".
func optionalDate(u *UI, e *keyEntry) (string, bool) {
	if strings.TrimSpace(e.Text) == "" {
		e.SetValidationError(nil)
		return "", true
	}
	return readDate(u, e)
}

func (p *planCard) addAction() {
	due, ok := optionalDate(p.f.s.u, p.aDue)
	if !ok {
		setMsg(p.aMsg, errBadDate().Error(), true)
		return
	}
	markEntry(&p.aText.Entry, "")
	if strings.TrimSpace(p.aText.Text) == "" {
		setMsg(p.aMsg, i18n.L("Write what is to be done."), true)
		markEntry(&p.aText.Entry, i18n.L("Write what is to be done."))
		return
	}
	a := &model.Action{CustomerID: p.f.c.ID, Text: p.aText.Text, Owner: p.aOwner.Text, Due: due}
	if err := p.f.s.u.svc.Accounts.AddAction(a); err != nil {
		_, msg := errMsg(err) // translated, never the store's English
		setMsg(p.aMsg, msg, true)
		return
	}
	p.aText.SetText("")
	p.aDue.SetText("")
	setMsg(p.aMsg, i18n.L("Action added."), false)
	p.fillActions()
}

func (p *planCard) addGoal() {
	date, ok := optionalDate(p.f.s.u, p.gDate)
	if !ok {
		setMsg(p.gMsg, errBadDate().Error(), true)
		return
	}
	markEntry(&p.gText.Entry, "")
	if strings.TrimSpace(p.gText.Text) == "" {
		setMsg(p.gMsg, i18n.L("Write the goal."), true)
		markEntry(&p.gText.Entry, i18n.L("Write the goal."))
		return
	}
	g := &model.Goal{CustomerID: p.f.c.ID, Text: p.gText.Text, Target: p.gTarget.Text, Date: date, Owner: p.gOwner.Text}
	if err := p.f.s.u.svc.Accounts.AddGoal(g); err != nil {
		_, msg := errMsg(err) // translated, never the store's English
		setMsg(p.gMsg, msg, true)
		return
	}
	p.gText.SetText("")
	p.gTarget.SetText("")
	p.gDate.SetText("")
	setMsg(p.gMsg, i18n.L("Goal added."), false)
	p.fillGoals()
}
