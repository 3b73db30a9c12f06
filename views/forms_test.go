package views

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// openSample opens 宝岛眼镜公司's form on the customers screen.
func openSample(t *testing.T, u *UI) *customerForm {
	t.Helper()
	onTest(func() { u.showScreen("Customers") })
	c, err := u.svc.Customers.Resolve("宝岛眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	u.customers.open(c.ID)
	if u.customers.detail == nil || u.customers.detail.c.ID != c.ID {
		t.Fatal("form not open")
	}
	return u.customers.detail
}

// TestForms_UnsavedEditsAsk: a changed 简称 is not lost without a word when
// the form goes away, in each way it can; Cancel keeps it, Discard drops it,
// Save stores it and goes on.
func TestForms_UnsavedEditsAsk(t *testing.T) {
	leaves := []struct {
		name  string
		leave func(u *UI, closed *bool)
		left  func(u *UI, closed bool) bool
	}{
		{"another customer", func(u *UI, _ *bool) {
			for i, r := range u.customers.rows {
				if r.Name == "杨氏眼镜店" {
					u.customers.table.widget.Select(widget.TableCellID{Row: i})
				}
			}
		}, func(u *UI, _ bool) bool { return u.customers.detail.c.Name == "杨氏眼镜店" }},
		{"Close button", func(u *UI, _ *bool) { u.customers.closeDetail() },
			func(u *UI, _ bool) bool { return u.customers.detail == nil }},
		{"Esc", func(u *UI, _ *bool) { u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) },
			func(u *UI, _ bool) bool { return u.customers.detail == nil }},
		{"another screen", func(u *UI, _ *bool) { onTest(func() { u.showScreen("Sales") }) },
			func(u *UI, _ bool) bool { return u.screens[u.current].title == "Sales" }},
		{"close the window", func(u *UI, closed *bool) {
			u.closeWindow = func() { *closed = true }
			u.requestClose()
		}, func(_ *UI, closed bool) bool { return closed }},
	}
	for _, l := range leaves {
		answers := []string{"cancel", "discard", "save"}
		if l.name == "another customer" {
			answers = append(answers, "Esc", "Enter") // Esc cancels, Enter saves
		}
		for _, answer := range answers {
			t.Run(l.name+"/"+answer, func(t *testing.T) {
				u, svc := newTestUI(t, sample()...)
				f := openSample(t, u)
				short := f.inputs["short_name"].(*textInput)
				test.Type(short, "宝岛")
				closed := false
				l.leave(u, &closed)
				a := u.customers.asking
				if a == nil {
					t.Fatal("left the form with unsaved edits without asking")
				}
				if l.left(u, closed) {
					t.Fatal("left before the answer")
				}
				switch answer {
				case "Esc", "Enter":
					key := map[string]fyne.KeyName{"Esc": fyne.KeyEscape, "Enter": fyne.KeyReturn}[answer]
					u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: key})
					answer = map[string]string{"Esc": "cancel", "Enter": "save"}[answer]
				default:
					test.Tap(map[string]*widget.Button{"cancel": a.cancel, "discard": a.discard, "save": a.save}[answer])
				}
				if u.customers.asking != nil || u.win.Canvas().Overlays().Top() != nil {
					t.Error("the question is still shown")
				}
				if got := l.left(u, closed); got != (answer != "cancel") {
					t.Errorf("left %v after %s", got, answer)
				}
				stored, _ := svc.Customers.Get(f.c.ID)
				if want := map[bool]string{true: "宝岛", false: ""}[answer == "save"]; stored.ShortName != want {
					t.Errorf("stored short name %q, want %q", stored.ShortName, want)
				}
				if answer == "cancel" {
					if short.Text != "宝岛" || u.customers.detail != f {
						t.Errorf("cancel lost the edit: %q", short.Text)
					}
					if l.name == "another customer" && u.customers.table.sel != f.c.ID {
						t.Error("the list's highlight left the open customer")
					}
				}
			})
		}
	}
}

// TestForms_NoEditsNoQuestion: an unchanged form goes without a question.
func TestForms_NoEditsNoQuestion(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	openSample(t, u)
	u.customers.closeDetail()
	if u.customers.asking != nil || u.customers.detail != nil {
		t.Fatal("asked about a form without edits")
	}
}

// borderRed tells whether an entry is drawn with the theme's error colour.
func borderRed(e fyne.Widget) bool {
	red := theme.Current().Color(theme.ColorNameError, fyne.CurrentApp().Settings().ThemeVariant())
	for _, o := range test.WidgetRenderer(e).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.StrokeColor == red {
			return true
		}
	}
	return false
}

// TestForms_FailingFieldIsMarked: a blank name marks the name field red with
// the reason under it, in the user's language; the required field has its
// "*" and the form a legend; correcting it clears the mark.
func TestForms_FailingFieldIsMarked(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	i18n.Setup("zh")
	t.Cleanup(func() { i18n.Setup("en") })
	f := openSample(t, u)
	if got := f.items["name"].Text; got != "客户名称 *" {
		t.Errorf("name label %q", got)
	}
	if !hasText(f.content(), "* 为必填项") {
		t.Error("no legend for the required marker")
	}
	name := f.inputs["name"].(*textInput)
	name.SetText("")
	u.win.Canvas().Unfocus()
	f.save()
	msg := f.msgs["name"]
	if msg.Hidden || msg.Text != "客户名称不能为空。" || msg.Importance != widget.DangerImportance {
		t.Errorf("name message %q hidden=%v importance=%v", msg.Text, msg.Hidden, msg.Importance)
	}
	if !borderRed(name) {
		t.Error("the name field is not red")
	}
	if f.status.Text != "未保存：请修改标红的字段。" {
		t.Errorf("status %q", f.status.Text)
	}
	test.Type(name, "宝岛眼镜")
	f.save()
	if !msg.Hidden || borderRed(name) {
		t.Error("the mark stayed after the field was corrected")
	}
	if c, _ := svc.Customers.Get(f.c.ID); c.Name != "宝岛眼镜" {
		t.Errorf("stored name %q", c.Name)
	}
}

// hasText tells whether a label or rich text under o shows text.
func hasText(o fyne.CanvasObject, text string) bool {
	switch w := o.(type) {
	case *widget.Label:
		return w.Text == text && w.Visible()
	case *fyne.Container:
		for _, c := range w.Objects {
			if hasText(c, text) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			if hasText(c, text) {
				return true
			}
		}
	}
	return false
}

// TestForms_ContactDialogKeepsWhatWasTyped: the contact dialog names the
// field 联系人姓名, and a save without it stays open with what was typed and
// a translated reason under the field.
func TestForms_ContactDialogKeepsWhatWasTyped(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	i18n.Setup("zh")
	t.Cleanup(func() { i18n.Setup("en") })
	f := openSample(t, u)
	d := editContact(f, -1, func() {})
	items := d.form.(*widget.Form)
	if got := items.Items[0].Text; got != "联系人姓名 *" {
		t.Errorf("name label %q", got)
	}
	title := items.Items[1].Widget.(*fyne.Container).Objects[0].(*keyEntry)
	test.Type(title, "采购经理")
	test.Tap(d.ok)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the dialog closed on an error")
	}
	if title.Text != "采购经理" {
		t.Errorf("typed title lost: %q", title.Text)
	}
	if m := d.msgs["name"]; m.Hidden || m.Text != "联系人姓名不能为空。" {
		t.Errorf("name message %q", m.Text)
	}
	if strings.Contains(d.status.Text, "Invalid") {
		t.Errorf("an internal error is shown: %q", d.status.Text)
	}
	name := items.Items[0].Widget.(*fyne.Container).Objects[0].(*keyEntry)
	test.Type(name, "王强")
	test.Tap(d.ok)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed open after a good save")
	}
	c, _ := svc.Customers.Get(f.c.ID)
	if len(c.Contacts) != 2 || c.Contacts[1].Name != "王强" || c.Contacts[1].Title != "采购经理" {
		t.Errorf("contacts %+v", c.Contacts)
	}
}

// TestForms_CloseDuringImportAsks: closing the window during an import asks
// wait / stop and close / cancel, and does what was answered.
func TestForms_CloseDuringImportAsks(t *testing.T) {
	for _, tc := range []struct {
		answer string
		closed bool
		count  int
	}{
		{"cancel", false, 5},
		{"wait", true, 5},
		{"stop", true, 3},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			u, svc := newTestUI(t, sample()...)
			s := openPreview(t, u, writeDistributors(t))
			gate := make(chan struct{})
			s.importHook = func() { <-gate }
			closed := false
			u.closeWindow = func() { closed = true }
			s.startImport(context.Background())
			u.requestClose()
			a := s.asking
			if a == nil || closed {
				t.Fatalf("closed during an import without asking (closed %v)", closed)
			}
			test.Tap(map[string]*widget.Button{"cancel": a.cancel, "wait": a.wait, "stop": a.stop}[tc.answer])
			if closed {
				t.Fatal("closed before the import ended")
			}
			close(gate)
			<-s.ready
			if closed != tc.closed {
				t.Errorf("closed %v", closed)
			}
			if n, _ := svc.Customers.Count(); n != tc.count {
				t.Errorf("%d customers", n)
			}
		})
	}
}

// TestForms_ComplaintErrorGoesWhenFilled: the complaint form's error sits
// under its field with room made for it (the dialog is at least as tall as
// its content, so no row is drawn over another), and goes once the field is
// filled in.
func TestForms_ComplaintErrorGoesWhenFilled(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	f := u.quickComplaint(nil)
	fits := func(when string) {
		t.Helper()
		over := u.win.Canvas().Overlays().Top()
		if over == nil {
			t.Fatalf("%s: the form closed", when)
		}
		if s, m := f.dlg.MinSize(), over.Size(); m.Height < s.Height {
			t.Errorf("%s: dialog %v, its content needs %v: rows overlap", when, m, s)
		}
	}
	test.Tap(f.save)
	if f.custMsg.Hidden || f.textMsg.Hidden || !borderRed(f.customer) {
		t.Fatalf("empty form: customer %q, description %q", f.custMsg.Text, f.textMsg.Text)
	}
	fits("two errors")
	test.Type(f.customer, "杨氏")
	if !f.custMsg.Hidden || borderRed(f.customer) {
		t.Errorf("the customer's error stayed after typing: %q", f.custMsg.Text)
	}
	if f.textMsg.Hidden {
		t.Error("the description's error went though it is still empty")
	}
	fits("one error")
	test.Type(f.text, "镜框断了")
	if !f.textMsg.Hidden {
		t.Errorf("the description's error stayed: %q", f.textMsg.Text)
	}
	fits("no error")
}

// TestForms_InteractionDialogKeepsWhatWasTyped: a bad follow-up date keeps
// the dialog open with the summary typed and the reason under the date.
func TestForms_InteractionDialogKeepsWhatWasTyped(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	f := openSample(t, u)
	d := addInteraction(f, func() {})
	form := d.form.(*widget.Form)
	field := func(i int) *keyEntry { return form.Items[i].Widget.(*fyne.Container).Objects[0].(*keyEntry) }
	summary, follow := field(4), field(5)
	test.Type(summary, "谈了明年的框架合同")
	u.win.Canvas().Focus(follow) // as a click in it does
	test.Type(follow, "sometime")
	test.Tap(d.ok)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the dialog closed on an error")
	}
	if summary.Text != "谈了明年的框架合同" {
		t.Errorf("summary lost: %q", summary.Text)
	}
	if m := d.msgs["follow_up"]; m.Hidden || m.Text == "" || !borderRed(follow) {
		t.Errorf("follow-up not marked: %q", m.Text)
	}
	follow.SetText("")
	test.Tap(d.ok)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the dialog stayed open after a good save")
	}
	if list, _ := svc.Customers.Interactions(f.c.ID); len(list) != 1 || list[0].Summary != "谈了明年的框架合同" {
		t.Errorf("stored %+v", list)
	}
}

// TestForms_PlanMarksTheMissingAction: the key-account plan's action without
// its text keeps what was typed, marks the field and says why.
func TestForms_PlanMarksTheMissingAction(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	f := openSample(t, u)
	p := newPlanCard(f)
	test.Type(p.aDue, "2026-12-20")
	p.addAction()
	if p.aMsg.Text != "Write what is to be done." || !borderRed(p.aText) || p.aDue.Text != "2026-12-20" {
		t.Errorf("message %q, red %v, due %q", p.aMsg.Text, borderRed(p.aText), p.aDue.Text)
	}
	test.Type(p.aText, "拜访采购总监")
	p.addAction()
	if borderRed(p.aText) {
		t.Error("still red after a good save")
	}
	if acts, _ := svc.Accounts.Actions(f.c.ID); len(acts) != 1 {
		t.Errorf("%d actions stored", len(acts))
	}
}

// TestForms_CustomerPickerSuggests: the sale form's customer picker shows
// matches by name, full pinyin and initials as one types, with no click on
// an arrow; Down and Enter pick one; it is not red while typing, and red
// with its reason only after leaving it with no match.
func TestForms_CustomerPickerSuggests(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	f := showSaleForm(u, nil, nil, "", nil)
	p := f.customer
	for _, typed := range []string{"宝岛", "baodao", "bdyj", "BDYJ"} {
		p.SetText("")
		u.win.Canvas().Focus(p)
		test.Type(p, typed)
		if !p.Suggesting() || !p.has("宝岛眼镜公司") {
			t.Errorf("%q: suggesting %v %v", typed, p.Suggesting(), p.options)
		}
		if borderRed(p) || !f.dlg.msgs["customer"].Hidden {
			t.Errorf("%q: red while typing", typed)
		}
	}
	p.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // the list has the keyboard while shown
	if p.Suggesting() || u.win.Canvas().Overlays().Top() == nil {
		t.Fatalf("Esc: suggesting %v; the dialog must stay", p.Suggesting())
	}
	p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // opens the list again on its first
	p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p.Text != "宝岛眼镜公司" || p.Suggesting() {
		t.Fatalf("Down, Enter: %q, suggesting %v", p.Text, p.Suggesting())
	}
	if f.customerID() == "" {
		t.Error("the picked customer is not the form's")
	}
	u.win.Canvas().Unfocus()
	if borderRed(p) {
		t.Error("a picked customer is red")
	}

	p.SetText("")
	u.win.Canvas().Focus(p)
	test.Type(p, "没有这家")
	if borderRed(p) {
		t.Error("red while typing")
	}
	u.win.Canvas().Unfocus()
	if !borderRed(p) || f.dlg.msgs["customer"].Text != "Choose a customer from the list." {
		t.Errorf("left with no match: red %v, %q", borderRed(p), f.dlg.msgs["customer"].Text)
	}
	u.win.Canvas().Focus(p)
	test.Type(p, "x")
	if borderRed(p) || !f.dlg.msgs["customer"].Hidden {
		t.Error("the mark stayed while typing again")
	}
}

// TestForms_SalesCustomerFilterSuggests: the sales screen's customer filter
// suggests as one types (pinyin initials too), a click on a suggestion
// filters, and it turns red only once left with no match.
func TestForms_SalesCustomerFilterSuggests(t *testing.T) {
	u, s := newSalesUI(t)
	p := s.customer
	u.win.Canvas().Focus(p)
	test.Type(p, "bdyj")
	if !p.Suggesting() || !p.has("宝岛眼镜公司") || borderRed(p) {
		t.Fatalf("suggesting %v %v, red %v", p.Suggesting(), p.options, borderRed(p))
	}
	p.list.list.Select(slices.Index(p.options, "宝岛眼镜公司")) // a click on it
	if p.Text != "宝岛眼镜公司" || p.Suggesting() || s.q.CustomerID == "" {
		t.Fatalf("click: %q, suggesting %v, filter %q", p.Text, p.Suggesting(), s.q.CustomerID)
	}
	p.SetText("")
	u.win.Canvas().Focus(p)
	test.Type(p, "zzz")
	if borderRed(p) {
		t.Error("red while typing")
	}
	u.win.Canvas().Unfocus()
	if !borderRed(p) {
		t.Error("not red after leaving with no match")
	}
}
