package views

import (
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

// complaintDetail shows one complaint: its facts, its service times against
// the targets, the actions its status allows and its timeline.
type complaintDetail struct {
	s       *complaintsScreen
	r       *complaints.Row
	actions *fyne.Container
	root    fyne.CanvasObject
}

func newComplaintDetail(s *complaintsScreen, r *complaints.Row) *complaintDetail {
	d := &complaintDetail{s: s, r: r}
	heading := widget.NewRichText(&widget.TextSegment{
		Text:  r.CustomerName + " · " + i18n.Enum("category", r.Category),
		Style: widget.RichTextStyleSubHeading})
	heading.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabelWithStyle(i18n.Enum("status", r.Status), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewHBox(status)
	if r.Overdue {
		due := r.AckDue
		msg := "Overdue: to be acknowledged by {{.Due}}"
		if r.OverdueWhat == "resolve" {
			due, msg = r.ResolveDue, "Overdue: to be resolved by {{.Due}}"
		}
		od := widget.NewLabel(i18n.L(msg, map[string]any{"Due": due.Local().Format("2006-01-02 15:04")}))
		od.Importance = widget.DangerImportance
		head.Add(od)
	}
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), s.closeDetail)
	closeBtn.Importance = widget.LowImportance

	facts := container.New(layout.NewFormLayout())
	fact := func(label, value string) {
		if value == "" {
			return
		}
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapWord
		facts.Add(widget.NewLabelWithStyle(i18n.L(label), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		facts.Add(v)
	}
	fact("Severity", i18n.Enum("severity", r.Severity))
	fact("Channel", i18n.Enum("channel", r.Channel))
	fact("Contact", r.Contact)
	fact("Assignee", r.Assignee)
	fact("Opened", r.OpenedAt.Local().Format("2006-01-02 15:04"))
	fact("Response time", timeVsTarget(r.Responded, r.Response, r.Target.Acknowledge, r.ResponseMet()))
	fact("Handling time", timeVsTarget(r.Handled, r.Handling, r.Target.Resolve, r.HandlingMet()))
	fact("Description", r.Text)
	fact("Resolution", r.Resolution)
	if r.Satisfaction > 0 {
		fact("Satisfaction", strings.Repeat("★", r.Satisfaction)+strings.Repeat("☆", 5-r.Satisfaction))
	}
	for _, a := range r.Attachments {
		fact("Attachment", a)
	}

	d.actions = container.NewGridWithColumns(3)
	d.addActions()

	timeline := container.NewVBox(widget.NewLabelWithStyle(i18n.L("Timeline"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, e := range r.History {
		l := widget.NewLabel(e.At.Local().Format("2006-01-02 15:04") + "  " + e.Who + "\n" + eventText(e))
		l.Wrapping = fyne.TextWrapWord
		timeline.Add(l)
	}

	top := container.NewVBox(container.NewBorder(nil, nil, nil, closeBtn, heading), head, d.actions, widget.NewSeparator())
	d.root = container.NewBorder(top, nil, nil, nil,
		container.NewVScroll(container.NewVBox(facts, widget.NewSeparator(), timeline)))
	return d
}

// timeVsTarget is "2.0 h (target 4.0 h)", "—" when not yet; a missed target says so.
func timeVsTarget(ok bool, d, target time.Duration, met bool) string {
	if !ok {
		return i18n.L("not yet (target {{.Target}} h)", map[string]any{"Target": strconv.FormatFloat(target.Hours(), 'f', 0, 64)})
	}
	key := "{{.Hours}} h (target {{.Target}} h)"
	if !met {
		key = "{{.Hours}} h (target {{.Target}} h, missed)"
	}
	return i18n.L(key, map[string]any{"Hours": strconv.FormatFloat(d.Hours(), 'f', 1, 64), "Target": strconv.FormatFloat(target.Hours(), 'f', 0, 64)})
}

// eventText is one timeline entry in words.
func eventText(e model.Event) string {
	kind := i18n.Enum("event", e.Kind)
	switch e.Kind {
	case "opened":
		return kind
	case "status", "reopened":
		return kind + ": " + i18n.Enum("status", e.From) + " → " + i18n.Enum("status", e.To)
	case "assignee", "satisfaction":
		if e.From == "" {
			return kind + ": " + e.To
		}
		return kind + ": " + e.From + " → " + e.To
	}
	return kind + ": " + e.Note
}

// addActions offers what the complaint's status allows.
func (d *complaintDetail) addActions() {
	btn := func(label string, icon fyne.Resource, fn func()) {
		d.actions.Add(widget.NewButtonWithIcon(i18n.L(label), icon, fn))
	}
	switch d.r.Status {
	case "new":
		btn("Acknowledge", theme.ConfirmIcon(), func() { d.apply(complaints.Change{Status: "acknowledged"}) })
	case "acknowledged":
		btn("Start", theme.MediaPlayIcon(), func() { d.apply(complaints.Change{Status: "in_progress"}) })
	}
	switch d.r.Status {
	case "acknowledged", "in_progress":
		btn("Resolve…", theme.ConfirmIcon(), d.resolve)
	case "resolved", "closed":
		btn("Rate…", theme.InfoIcon(), d.rate)
		btn("Reopen", theme.ViewRefreshIcon(), func() { d.apply(complaints.Change{Status: "reopened"}) })
	}
	if d.r.Status != "closed" {
		btn("Close…", theme.CancelIcon(), d.close)
	}
	btn("Add note…", theme.DocumentCreateIcon(), d.note)
	btn("Assign…", theme.AccountIcon(), d.assign)
}

func (d *complaintDetail) apply(ch complaints.Change) bool {
	if _, err := d.s.u.svc.Complaints.Update(d.r.ID, ch); err != nil {
		d.s.showError(err)
		return false
	}
	d.s.changed(d.r.ID)
	return true
}

// satisfactionSelect offers "—" and 1..5.
func satisfactionSelect(current int) *widget.Select {
	sel := widget.NewSelect([]string{"—", "1", "2", "3", "4", "5"}, nil)
	sel.SetSelectedIndex(current)
	return sel
}

func (d *complaintDetail) resolve() {
	res := newMultiLineEntry()
	res.SetText(d.r.Resolution)
	res.SetMinRowsVisible(3)
	sat := satisfactionSelect(d.r.Satisfaction)
	d.form("Resolve complaint", []*widget.FormItem{
		widget.NewFormItem(i18n.L("Resolution"), res),
		widget.NewFormItem(i18n.L("Satisfaction"), sat),
	}, func() bool {
		return d.apply(complaints.Change{Status: "resolved", Resolution: res.Text, Satisfaction: max(sat.SelectedIndex(), 0)})
	})
}

func (d *complaintDetail) close() {
	if d.r.Status == "resolved" && d.r.Resolution != "" {
		d.apply(complaints.Change{Status: "closed"})
		return
	}
	res := newMultiLineEntry()
	res.SetText(d.r.Resolution)
	res.SetMinRowsVisible(3)
	d.form("Close complaint", []*widget.FormItem{widget.NewFormItem(i18n.L("Resolution"), res)}, func() bool {
		return d.apply(complaints.Change{Status: "closed", Resolution: res.Text})
	})
}

func (d *complaintDetail) rate() {
	sat := satisfactionSelect(d.r.Satisfaction)
	d.form("Customer satisfaction", []*widget.FormItem{widget.NewFormItem(i18n.L("Satisfaction"), sat)}, func() bool {
		return d.apply(complaints.Change{Satisfaction: max(sat.SelectedIndex(), 0)})
	})
}

func (d *complaintDetail) note() {
	n := newMultiLineEntry()
	n.SetMinRowsVisible(3)
	d.form("Add note", []*widget.FormItem{widget.NewFormItem(i18n.L("Note"), n)}, func() bool {
		return d.apply(complaints.Change{Note: n.Text})
	})
}

func (d *complaintDetail) assign() {
	a := newEntry()
	a.SetText(d.r.Assignee)
	d.form("Assign", []*widget.FormItem{widget.NewFormItem(i18n.L("Assignee"), a)}, func() bool {
		return d.apply(complaints.Change{Assignee: a.Text})
	})
}

func (d *complaintDetail) form(title string, items []*widget.FormItem, ok func() bool) {
	dlg := dialog.NewForm(i18n.L(title), i18n.L("Save"), i18n.L("Cancel"), items, func(yes bool) {
		if yes {
			ok()
		}
	}, d.s.u.win)
	dlg.Resize(fyne.NewSize(460, 0))
	showDialog(dlg, d.s.u.win)
}
