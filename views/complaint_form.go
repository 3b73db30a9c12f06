package views

import (
	"errors"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// complaintForm is the one-minute complaint form (Ctrl/Cmd+Shift+K from
// anywhere): a customer picker that searches as one types, then channel,
// category, severity, what happened, contact and assignee.
type complaintForm struct {
	u        *UI
	customer *suggestEntry
	ids      map[string]string // picker option → customer id
	options  []string          // the picker's current options
	contact  *keySelectEntry
	channel  *enumInput
	category *enumInput
	severity *enumInput
	text     *keyEntry
	assignee *keyEntry
	status   *widget.Label // a problem of no single field
	custMsg  *widget.Label // under the customer picker
	textMsg  *widget.Label // under the description
	save     *widget.Button
	dlg      dialog.Dialog
	saved    *model.Complaint // set once saved
}

// quickComplaint opens the complaint form. With no customer given, the
// customer whose form is open on the customers screen is filled in.
func (u *UI) quickComplaint(c *model.Customer) *complaintForm {
	if c == nil && u.screens[u.current].title == "Customers" && u.customers.detail != nil && u.customers.detail.c.ID != "" {
		c = u.customers.detail.c
	}
	f := newComplaintForm(u, c)
	showDialog(f.dlg, u.win, f.submit)
	u.win.Canvas().Focus(f.customer)
	if c != nil {
		u.win.Canvas().Focus(f.text)
	}
	return f
}

func newComplaintForm(u *UI, c *model.Customer) *complaintForm {
	f := &complaintForm{u: u, ids: map[string]string{}}
	f.status = widget.NewLabel("")
	f.status.Importance = widget.DangerImportance
	f.status.Wrapping = fyne.TextWrapWord
	f.status.Hide() // shown with an error
	f.custMsg, f.textMsg = newFieldMsg(), newFieldMsg()
	f.customer = newSuggestEntry()
	f.customer.SetPlaceHolder(i18n.L("Type a name, city or pinyin initials"))
	f.customer.msg = f.custMsg
	f.customer.check = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return nil // said on Save: leaving it blank for now is fine
		}
		_, err := f.customerID()
		return err
	}
	f.customer.OnChanged = func(text string) {
		f.mark(f.custMsg, &f.customer.Entry, "")
		f.search(text)
	}
	f.contact = newSelectEntry(nil)
	f.channel = newEnumInput("channel", model.Channels)
	f.channel.set("phone")
	f.category = newEnumInput("category", model.Categories)
	f.category.set("quality")
	f.severity = newEnumInput("severity", model.Severities)
	f.severity.set("medium")
	f.text = newMultiLineEntry()
	f.text.Wrapping = fyne.TextWrapWord
	f.text.SetMinRowsVisible(4)
	f.text.SetPlaceHolder(i18n.L("What happened, in the customer's words"))
	f.text.OnChanged = func(string) { f.mark(f.textMsg, &f.text.Entry, "") }
	f.assignee = newEntry()
	if c != nil {
		f.customer.SetText(c.Name)
		f.ids[c.Name] = c.ID
		f.setContacts(c)
		f.assignee.SetText(c.Owner)
	}
	form := widget.NewForm(
		widget.NewFormItem(requiredLabel("Customer"), withMsg(f.customer, f.custMsg)),
		widget.NewFormItem(i18n.L("Contact"), f.contact),
		widget.NewFormItem(i18n.L("Channel"), f.channel),
		widget.NewFormItem(i18n.L("Category"), f.category),
		widget.NewFormItem(i18n.L("Severity"), f.severity),
		widget.NewFormItem(requiredLabel("Description"), withMsg(f.text, f.textMsg)),
		widget.NewFormItem(i18n.L("Assignee"), f.assignee),
	)
	f.save = widget.NewButtonWithIcon(i18n.L("Save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(i18n.L("Cancel"), theme.CancelIcon(), func() { f.dlg.Hide() })
	buttons := container.NewHBox(layout.NewSpacer(), cancel, f.save)
	content := container.NewBorder(nil, container.NewVBox(f.status, requiredLegend(), buttons), nil, nil, form)
	f.dlg = dialog.NewCustomWithoutButtons(i18n.L("Log complaint"), content, u.win)
	f.fit()
	return f
}

// fit sizes the dialog to its content after a message line came or went:
// a dialog left at its old height drew the form's rows over each other.
func (f *complaintForm) fit() {
	if f.dlg == nil {
		return // still being built
	}
	m := f.dlg.MinSize()
	f.dlg.Resize(fyne.NewSize(max(560, m.Width), m.Height))
}

// mark shows msg under a field and draws it red ("" clears both).
func (f *complaintForm) mark(l *widget.Label, e *widget.Entry, msg string) {
	if msg == "" && l.Hidden && f.status.Hidden {
		return // nothing shown: nothing to clear
	}
	setFieldMsg(l, msg, false)
	markEntry(e, msg)
	if msg == "" {
		f.status.Hide() // the field changed: an old save error is stale
	}
	f.fit()
}

// search offers up to 20 customers matching what was typed.
func (f *complaintForm) search(text string) {
	if _, ok := f.ids[text]; ok {
		if c, err := f.u.svc.Customers.Get(f.ids[text]); err == nil {
			f.setContacts(c)
		}
		return
	}
	rows, _, err := f.u.svc.Customers.List(customers.Query{Search: text, Limit: 20})
	if err != nil {
		return
	}
	opts := make([]string, 0, len(rows))
	f.ids = map[string]string{}
	for _, r := range rows {
		label := r.Name
		if _, dup := f.ids[label]; dup && r.City != "" {
			label += " (" + r.City + ")"
		}
		f.ids[label] = r.ID
		opts = append(opts, label)
	}
	f.options = opts
	f.customer.SetOptions(opts)
}

func (f *complaintForm) setContacts(c *model.Customer) {
	var names []string
	for _, ct := range c.Contacts {
		names = append(names, ct.Name)
	}
	f.contact.SetOptions(names)
	if len(names) == 1 && f.contact.Text == "" {
		f.contact.SetText(names[0])
	}
}

// customerID is the picked customer: an option of the picker, else a name or
// id the archive knows.
func (f *complaintForm) customerID() (string, error) {
	text := strings.TrimSpace(f.customer.Text)
	if text == "" {
		return "", errors.New(i18n.L("Choose the customer who complained."))
	}
	if id, ok := f.ids[text]; ok {
		return id, nil
	}
	c, err := f.u.svc.Customers.Resolve(text)
	if err != nil {
		return "", errors.New(i18n.L("No customer is called {{.Name}}: pick one from the list.", map[string]any{"Name": text}))
	}
	return c.ID, nil
}

func (f *complaintForm) submit() {
	id, err := f.customerID()
	ok := err == nil
	if err != nil {
		f.mark(f.custMsg, &f.customer.Entry, err.Error())
	}
	if strings.TrimSpace(f.text.Text) == "" {
		f.mark(f.textMsg, &f.text.Entry, i18n.L("A complaint needs a description: say what happened."))
		ok = false
	}
	if !ok {
		unfocusMarked(f.u.win)
		return
	}
	c := &model.Complaint{CustomerID: id, Contact: f.contact.Text, Channel: f.channel.get(), Category: f.category.get(),
		Severity: f.severity.get(), Text: f.text.Text, Assignee: f.assignee.Text}
	if err := f.u.svc.Complaints.Add(c, ""); err != nil {
		f.fail(translateErr(err))
		return
	}
	f.saved = c
	f.dlg.Hide()
	f.u.complaintAdded(c)
}

// fail shows a problem no single field holds, above the buttons.
func (f *complaintForm) fail(err error) {
	f.status.SetText(err.Error())
	f.status.Show()
	f.fit()
}
