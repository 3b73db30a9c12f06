package views

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// newContactsCard lists the customer's contacts with their decision role;
// tapping one edits it, "Add contact" adds one. Each change saves at once.
func newContactsCard(f *customerForm) fyne.CanvasObject {
	box := container.NewVBox()
	var fill func()
	fill = func() {
		box.RemoveAll()
		for i, ct := range f.c.Contacts {
			text := ct.Name
			if ct.Role != "" {
				text += " · " + i18n.Enum("role", ct.Role)
			}
			if ct.Title != "" {
				text += " · " + ct.Title
			}
			if ct.Phone != "" {
				text += " · " + ct.Phone
			}
			b := widget.NewButtonWithIcon(text, theme.AccountIcon(), func() { editContact(f, i, fill) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { removeContact(f, i, fill) })
			rm.Importance = widget.LowImportance
			box.Add(container.NewBorder(nil, nil, nil, rm, b))
		}
		if len(f.c.Contacts) == 1 {
			box.Add(widget.NewLabel(i18n.L("Only one contact: a relationship through one person is fragile.")))
		}
	}
	fill()
	add := widget.NewButtonWithIcon(i18n.L("Add contact"), theme.ContentAddIcon(), func() { editContact(f, -1, fill) })
	return container.NewPadded(container.NewVBox(container.NewHBox(add), box))
}

// editContact opens a dialog for contact i (-1: a new one). A refused save
// keeps the dialog open with what was typed and marks the failing fields.
func editContact(f *customerForm, i int, done func()) *formDialog {
	var ct model.Contact
	if i >= 0 {
		ct = f.c.Contacts[i]
	}
	name, title, phone, email, wechat := entry(ct.Name), entry(ct.Title), entry(ct.Phone), entry(ct.Email), entry(ct.WeChat)
	role := newEnumInput("role", model.ContactRoles)
	role.set(ct.Role)
	msgs := map[string]*widget.Label{}
	item := func(label, field string, in fyne.CanvasObject) *widget.FormItem {
		msgs[field] = newFieldMsg()
		return widget.NewFormItem(label, withMsg(in, msgs[field]))
	}
	entries := map[string]*widget.Entry{"name": &name.Entry, "title": &title.Entry, "phone": &phone.Entry, "email": &email.Entry, "wechat": &wechat.Entry}
	form := widget.NewForm(
		item(requiredLabel("Contact name"), "name", name), item(i18n.L("Title"), "title", title),
		item(i18n.L("Role"), "role", role), item(i18n.L("Phone"), "phone", phone),
		item(i18n.L("Email"), "email", email), item(i18n.L("WeChat"), "wechat", wechat),
	)
	var d *formDialog
	d = newFormDialog(i18n.L("Contact"), i18n.L("Save"), form, f.s.u.win, func() bool {
		c := *f.c
		c.Contacts = append([]model.Contact(nil), f.c.Contacts...)
		n := model.Contact{Name: strings.TrimSpace(name.Text), Title: title.Text, Role: role.get(), Phone: phone.Text, Email: email.Text, WeChat: wechat.Text}
		at := i
		if i >= 0 {
			c.Contacts[i] = n
		} else {
			at = len(c.Contacts)
			c.Contacts = append(c.Contacts, n)
		}
		ps, err := f.s.u.svc.Customers.Update(&c)
		marked := false
		for field, l := range msgs {
			p, ok := ps.For(fmt.Sprintf("contacts[%d].%s", at, field))
			msg := ""
			if ok && !p.Warn {
				msg = i18n.L(p.Msg)
				marked = true
			}
			setFieldMsg(l, msg, false)
			if e := entries[field]; e != nil {
				markEntry(e, msg)
			}
		}
		d.fail("")
		switch {
		case err == nil:
		case errors.Is(err, model.ErrInvalid) && marked:
			return false
		case errors.Is(err, model.ErrInvalid):
			// A problem of the customer, not of this contact: name it.
			msg := i18n.L("Not saved: correct the fields marked in red.")
			if e := ps.Errors(); len(e) > 0 {
				msg = i18n.L("Not saved: the customer's archive has a problem: {{.Msg}}", map[string]any{"Msg": i18n.L(e[0].Msg)})
			}
			d.fail(msg)
			return false
		default:
			d.fail(i18n.L("Not saved: {{.Err}}", map[string]any{"Err": err}))
			return false
		}
		*f.c = c
		f.s.saved(f.c)
		done()
		return true
	})
	d.msgs = msgs
	d.show(440)
	f.s.u.win.Canvas().Focus(name)
	return d
}

// removeContact asks, then removes contact i and saves.
func removeContact(f *customerForm, i int, done func()) {
	ct := f.c.Contacts[i]
	showConfirm(i18n.L("Remove contact"), i18n.L("Remove {{.Name}} from this customer's contacts?", map[string]any{"Name": ct.Name}), func(ok bool) {
		if !ok {
			return
		}
		c := *f.c
		c.Contacts = slices.Delete(slices.Clone(f.c.Contacts), i, i+1)
		if _, err := f.s.u.svc.Customers.Update(&c); err != nil {
			f.s.showError(err)
			return
		}
		*f.c = c
		f.s.saved(f.c)
		done()
	}, f.s.u.win)
}

// newHistoryCard shows the customer's interactions, newest first, with the
// next follow-up date and a tick to mark it done (undoable for a while);
// "Record interaction" adds one.
func newHistoryCard(f *customerForm) fyne.CanvasObject {
	box := container.NewVBox()
	h := &historyCard{f: f, box: box}
	h.undo = newFollowUpUndo(f, h.fill)
	h.fill()
	add := widget.NewButtonWithIcon(i18n.L("Record interaction"), theme.ContentAddIcon(), func() { addInteraction(f, h.fill) })
	return container.NewPadded(container.NewVBox(container.NewHBox(add), h.undo.bar, box))
}

// historyCard is the 互动记录 tab's list.
type historyCard struct {
	f    *customerForm
	box  *fyne.Container
	undo *followUpUndo
}

func (h *historyCard) fill() {
	h.box.RemoveAll()
	list, err := h.f.s.u.svc.Customers.Interactions(h.f.c.ID)
	if err != nil {
		h.box.Add(widget.NewLabel(err.Error()))
		return
	}
	if len(list) == 0 {
		h.box.Add(widget.NewLabel(i18n.L("No interactions yet.")))
	}
	for _, in := range list {
		line := fmt.Sprintf("%s  %s", in.Date.Local().Format("2006-01-02"), i18n.Enum("kind", in.Kind))
		if in.Staff != "" {
			line += "  " + in.Staff
		}
		if in.Contact != "" {
			line += " → " + in.Contact
		}
		l := widget.NewLabel(line + "\n" + in.Summary)
		l.Wrapping = fyne.TextWrapWord
		h.box.Add(l)
		if in.FollowUp != "" {
			h.box.Add(h.undo.row(in))
		}
		h.box.Add(widget.NewSeparator())
	}
}

func addInteraction(f *customerForm, done func()) *formDialog {
	kind := newEnumInput("kind", model.InteractionKinds)
	kind.set("visit")
	date := entry(f.s.u.svc.Now().Local().Format(time.DateOnly))
	staff := entry(f.c.Owner)
	var contacts []string
	for _, ct := range f.c.Contacts {
		contacts = append(contacts, ct.Name)
	}
	contact := newSelectEntry(contacts)
	summary := newMultiLineEntry()
	summary.SetMinRowsVisible(3)
	follow := entry("")
	u := f.s.u
	u.dateField(date, false)
	u.dateField(follow, true)
	msgs := map[string]*widget.Label{}
	entries := map[string]*widget.Entry{"date": &date.Entry, "staff": &staff.Entry, "contact": &contact.Entry,
		"summary": &summary.Entry, "follow_up": &follow.Entry}
	item := func(label, field string, in fyne.CanvasObject) *widget.FormItem {
		msgs[field] = newFieldMsg()
		return widget.NewFormItem(label, withMsg(in, msgs[field]))
	}
	form := widget.NewForm(
		item(requiredLabel("Kind"), "kind", kind), item(requiredLabel("Date"), "date", date),
		item(i18n.L("Staff"), "staff", staff), item(i18n.L("Contact"), "contact", contact),
		item(i18n.L("Summary"), "summary", summary), item(i18n.L("Next follow-up"), "follow_up", follow),
	)
	var d *formDialog
	d = newFormDialog(i18n.L("Record interaction"), i18n.L("Save"), form, u.win, func() bool {
		bad := map[string]string{}
		day, err := u.parseDate(date.Text)
		if err != nil {
			bad["date"] = err.Error()
		}
		next, err := u.parseOptionalDate(follow.Text)
		if err != nil {
			bad["follow_up"] = err.Error()
		}
		if len(bad) == 0 {
			t, _ := time.ParseInLocation(time.DateOnly, day, time.Local)
			in := &model.Interaction{CustomerID: f.c.ID, Kind: kind.get(), Date: t.UTC(), Staff: staff.Text,
				Contact: contact.Text, Summary: summary.Text, FollowUp: next}
			if err := u.svc.Customers.AddInteraction(in); err != nil {
				field, msg := errMsg(err)
				if _, ok := msgs[field]; !ok {
					field = ""
				}
				bad[field] = msg
			}
		}
		d.showProblems(bad, entries)
		if len(bad) > 0 {
			return false
		}
		f.s.reload()
		done()
		return true
	})
	d.msgs = msgs
	d.show(480)
	return d
}

func entry(text string) *keyEntry {
	e := newEntry()
	e.SetText(text)
	return e
}
