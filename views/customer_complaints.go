package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

// refreshComplaints lists the customer's complaints again (one was logged
// from the complaints screen or Ctrl+Shift+K while the page was open).
func (f *customerForm) refreshComplaints() {
	if f.tabs == nil || f.complaintsTab == nil {
		return
	}
	f.complaintsTab.Content = newCustomerComplaintsCard(f)
	f.tabs.Refresh()
}

// newCustomerComplaintsCard lists a customer's complaints, newest first,
// overdue ones in red; tapping one opens it on the complaints screen.
func newCustomerComplaintsCard(f *customerForm) fyne.CanvasObject {
	u := f.s.u
	rows, _, err := u.svc.Complaints.List(complaints.Filter{CustomerID: f.c.ID, Sort: "opened", Desc: true})
	if err != nil {
		return widget.NewLabel(err.Error())
	}
	add := widget.NewButton(i18n.L("Log complaint"), func() { u.quickComplaint(f.c) })
	if len(rows) == 0 {
		return container.NewVBox(widget.NewLabel(i18n.L("No complaints from this customer.")), container.NewHBox(add))
	}
	list := widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			head := widget.NewLabel("")
			head.Truncation = fyne.TextTruncateEllipsis
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(head, text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := rows[i]
			box := o.(*fyne.Container)
			head, text := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			s := r.OpenedAt.Local().Format("2006-01-02") + "  " + i18n.Enum("category", r.Category) + " · " +
				i18n.Enum("severity", r.Severity) + " · " + i18n.Enum("status", r.Status)
			head.Importance = widget.MediumImportance
			if r.Overdue {
				s += " · " + i18n.L("OVERDUE")
				head.Importance = widget.DangerImportance
			}
			head.SetText(s)
			text.SetText(r.Text)
		})
	list.OnSelected = func(i widget.ListItemID) {
		id := rows[i].ID
		list.UnselectAll()
		u.showScreen("Complaints")
		u.complaints.tabs.SelectIndex(0)
		u.complaints.open(id)
	}
	return container.NewBorder(nil, container.NewHBox(add), nil, nil, list)
}
