package views

import (
	"errors"
	"slices"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// customerForm views and edits one customer: its fields with validation shown
// next to each, its contacts and its interaction history.
type customerForm struct {
	s      *customersScreen
	c      *model.Customer // the stored record (ID "" for a new customer)
	form   *widget.Form
	items  map[string]*widget.FormItem
	inputs map[string]fieldInput
	msgs   map[string]*widget.Label // the line under each field: its problem
	orig   map[string]string        // each field's text as shown: edits differ
	status *widget.Label
	root   fyne.CanvasObject
	tabs   *container.AppTabs // nil for a new customer
	// complaintsTab lists its complaints; refreshComplaints redraws it when
	// one is logged from elsewhere.
	complaintsTab *container.TabItem
}

// fieldInput is the widget editing one field, as text in and text out.
type fieldInput interface {
	fyne.CanvasObject
	get() string
	set(string)
	setError(error)
}

func newCustomerForm(s *customersScreen, c *model.Customer) *customerForm {
	f := &customerForm{s: s, c: c, items: map[string]*widget.FormItem{}, inputs: map[string]fieldInput{},
		msgs: map[string]*widget.Label{}, orig: map[string]string{}}
	f.form = widget.NewForm()
	for _, fd := range customers.Fields {
		in := f.newInput(fd)
		in.set(f.display(fd))
		f.orig[fd.Name] = in.get()
		label := i18n.L(fd.Label)
		if fd.Name == "name" { // the one field a customer cannot do without
			label = requiredLabel(fd.Label)
		}
		var w fyne.CanvasObject = in
		if t, ok := in.(*textInput); ok && t.outside != nil {
			w = container.NewVBox(in, container.NewHBox(t.outside))
		}
		msg := newFieldMsg()
		f.msgs[fd.Name] = msg
		item := widget.NewFormItem(label, withMsg(w, msg))
		if t, ok := in.(*textInput); ok && t.full != "" {
			item.HintText = longTextHint(t.full)
		}
		f.items[fd.Name] = item
		f.inputs[fd.Name] = in
		f.form.AppendItem(item)
	}
	title := i18n.L("New customer")
	if c.ID != "" {
		title = c.Name
	}
	heading := widget.NewRichText(&widget.TextSegment{Text: title, Style: widget.RichTextStyleSubHeading})
	heading.Truncation = fyne.TextTruncateEllipsis
	save := widget.NewButtonWithIcon(i18n.L("Save"), theme.DocumentSaveIcon(), f.save)
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(save)
	if c.ID != "" {
		buttons.Add(widget.NewButtonWithIcon(i18n.L("Delete"), theme.DeleteIcon(), func() { s.confirmDelete(f.c) }))
		buttons.Add(widget.NewButtonWithIcon(i18n.L("Log complaint"), theme.WarningIcon(), func() { s.u.quickComplaint(f.c) }))
	}
	buttons.Add(widget.NewButtonWithIcon(i18n.L("Close"), theme.CancelIcon(), s.closeDetail))
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord

	archive := container.NewVScroll(container.NewPadded(container.NewVBox(requiredLegend(), f.form)))
	top := container.NewVBox(heading, container.NewBorder(nil, nil, nil, buttons, f.status))
	if c.ID == "" {
		f.root = container.NewBorder(top, nil, nil, nil, archive)
		return f
	}
	f.complaintsTab = container.NewTabItem(i18n.L("Complaints"), newCustomerComplaintsCard(f))
	tabs := container.NewAppTabs(
		container.NewTabItem(i18n.L("Archive"), archive),
		container.NewTabItem(i18n.L("Contacts"), container.NewVScroll(newContactsCard(f))),
		container.NewTabItem(i18n.L("Interactions"), container.NewVScroll(newHistoryCard(f))),
		container.NewTabItem(i18n.L("Sales"), newCustomerSalesCard(f)),
		f.complaintsTab,
	)
	f.tabs = tabs
	addAccountTabs(f, tabs)
	f.root = container.NewBorder(top, nil, nil, nil, tabs)
	return f
}

func (f *customerForm) content() fyne.CanvasObject { return f.root }

func (f *customerForm) focusFirst() {
	if e, ok := f.inputs["name"].(fyne.Focusable); ok {
		f.s.u.win.Canvas().Focus(e)
	}
}

// display is a field's text in the form; the referrer shows by name.
func (f *customerForm) display(fd customers.Field) string {
	v := fd.Get(f.c)
	if fd.Name == "referred_by" && v != "" {
		if r, err := f.s.u.svc.Customers.Get(v); err == nil {
			return r.Name
		}
	}
	return v
}

func (f *customerForm) newInput(fd customers.Field) fieldInput {
	if fd.Enum != "" {
		return newEnumInput(fd.Enum, fd.Codes)
	}
	e := &textInput{}
	e.ExtendBaseWidget(e)
	if fd.Multi {
		e.MultiLine = true
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		name := fd.Name
		e.outside = widget.NewButtonWithIcon(i18n.L("Edit in text editor"), theme.DocumentCreateIcon(), func() { f.editOutside(name) })
		e.outside.Hide()
	} else {
		e.OnSubmitted = func(string) { f.save() }
	}
	return e
}

// save validates and stores the form; problems appear next to their fields.
func (f *customerForm) save() { f.trySave() }

// dirty reports edits not saved yet.
func (f *customerForm) dirty() bool {
	for name, in := range f.inputs {
		if in.get() != f.orig[name] {
			return true
		}
	}
	return false
}

// trySave saves and reports whether the edits are stored (with warnings or
// not); false leaves the failing fields marked.
func (f *customerForm) trySave() bool {
	c := *f.c
	c.Contacts = slices.Clone(f.c.Contacts)
	var problems customers.Problems
	for _, fd := range customers.Fields {
		v := f.inputs[fd.Name].get()
		if fd.Name == "referred_by" && v != "" {
			r, err := f.s.u.svc.Customers.Resolve(v)
			if err != nil {
				problems = append(problems, customers.Problem{Field: fd.Name, Msg: "No customer has this name or id."})
				continue
			}
			v = r.ID
		}
		if err := fd.Set(&c, v); err != nil {
			msg := "Unknown value: choose one from the list."
			if fd.Name == "revenue" {
				msg = "Enter an amount like 1,200.50 or 800万."
			}
			problems = append(problems, customers.Problem{Field: fd.Name, Msg: msg})
		}
	}
	var err error
	if len(problems) == 0 {
		var ps customers.Problems
		if c.ID == "" {
			ps, err = f.s.u.svc.Customers.Add(&c)
		} else {
			ps, err = f.s.u.svc.Customers.Update(&c)
		}
		problems = ps
	} else {
		err = model.ErrInvalid
	}
	f.showProblems(problems)
	if err != nil {
		if !errors.Is(err, model.ErrInvalid) {
			f.s.showError(err)
		}
		f.status.SetText(i18n.L("Not saved: correct the fields marked in red."))
		unfocusMarked(f.s.u.win)
		return false
	}
	*f.c = c
	for name, in := range f.inputs {
		f.orig[name] = in.get()
	}
	f.status.SetText(i18n.L("Saved."))
	if len(problems) > 0 {
		f.status.SetText(i18n.L("Saved, with warnings: check the fields marked."))
	}
	f.s.saved(f.c)
	return true
}

func (f *customerForm) showProblems(ps customers.Problems) {
	for name := range f.items {
		p, ok := ps.For(name)
		switch {
		case !ok:
			setFieldMsg(f.msgs[name], "", false)
			f.inputs[name].setError(nil)
		case p.Warn:
			setFieldMsg(f.msgs[name], i18n.L("Warning: ")+i18n.L(p.Msg), true)
			f.inputs[name].setError(nil)
		default:
			setFieldMsg(f.msgs[name], i18n.L(p.Msg), false)
			f.inputs[name].setError(errors.New(i18n.L(p.Msg)))
		}
	}
	f.form.Refresh()
}

// textInput is an Entry as a fieldInput. A text too long to edit is shown
// cut and read-only, and kept whole (full); a multi-line one then offers
// its outside button (Edit in text editor).
type textInput struct {
	widget.Entry
	full    string
	outside *widget.Button // nil for one-line fields
}

func (e *textInput) get() string {
	if e.Disabled() && e.full != "" {
		return e.full
	}
	return e.Text
}

func (e *textInput) set(v string) {
	shown, long := cutForEdit(v)
	e.full = ""
	if long {
		e.full = v
		e.Disable()
	} else if e.Disabled() {
		e.Enable()
	}
	if e.outside != nil {
		e.outside.Hidden = !long
		e.outside.Refresh()
	}
	e.SetText(shown)
}

func (e *textInput) setError(err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	markEntry(&e.Entry, msg)
}

// TypedKey and TypedShortcut hand the window's keys on (keys.go).
func (e *textInput) TypedKey(k *fyne.KeyEvent) {
	if passKey(e, k, false) {
		return
	}
	e.Entry.TypedKey(k)
}

func (e *textInput) TypedShortcut(s fyne.Shortcut) {
	if passShortcut(e, s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// enumInput is a drop-down of an enumeration's translated labels, with an
// empty first choice for "not set".
type enumInput struct {
	widget.Select
	codes []string
	err   error
}

func newEnumInput(kind string, codes []string) *enumInput {
	labels := []string{"—"}
	for _, c := range codes {
		labels = append(labels, i18n.Enum(kind, c))
	}
	e := &enumInput{codes: codes}
	e.Options = labels
	e.PlaceHolder = "—"
	e.ExtendBaseWidget(e)
	return e
}

func (e *enumInput) get() string {
	if i := e.SelectedIndex(); i > 0 {
		return e.codes[i-1]
	}
	return ""
}

func (e *enumInput) set(code string) {
	if i := slices.Index(e.codes, code); i >= 0 {
		e.SetSelectedIndex(i + 1)
		return
	}
	e.ClearSelected()
}

func (e *enumInput) setError(err error) { e.err = err }
