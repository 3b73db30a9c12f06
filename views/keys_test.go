package views

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

// press types key k where the focus is, as the desktop driver does: to the
// focused widget, else to the window.
func press(w fyne.Window, k fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: k}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := w.Canvas().OnTypedKey(); h != nil {
		h(ev)
	}
}

// chord types Ctrl/Cmd (+Shift) + k where the focus is, as the desktop
// driver does: a focused widget that takes shortcuts gets it, else the
// window's shortcuts.
func chord(t *testing.T, w fyne.Window, k fyne.KeyName, shift bool) {
	t.Helper()
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	s := &desktop.CustomShortcut{KeyName: k, Modifier: mod}
	if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(s)
}

// TestKeys_ShortcutsFromAnEntry: Ctrl+N, Ctrl+F and Ctrl+S work while an
// entry has the focus (fyne gives an entry every shortcut).
func TestKeys_ShortcutsFromAnEntry(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	w := u.win
	u.customers.focusSearch()
	test.Type(u.customers.search, "苏州")
	chord(t, w, fyne.KeyN, false)
	if u.customers.detail == nil || u.customers.detail.c.ID != "" {
		t.Fatal("Ctrl+N in the search box opened no new customer")
	}
	if w.Canvas().Focused() != u.customers.detail.inputs["name"].(fyne.Focusable) {
		t.Errorf("the new customer's name has not the focus: %T", w.Canvas().Focused())
	}
	chord(t, w, fyne.KeyF, false)
	if w.Canvas().Focused() != u.customers.search {
		t.Errorf("Ctrl+F in the form: focus on %T, want the search box", w.Canvas().Focused())
	}

	// Ctrl+S in a field of an open customer saves it.
	id := u.customers.rows[0].ID
	onTest(func() { u.showScreen("Customers") })
	onTest(func() { u.customers.open(id) })
	in := u.customers.detail.inputs["short_name"].(*textInput)
	w.Canvas().Focus(in)
	in.SetText("苏杨")
	chord(t, w, fyne.KeyS, false)
	if c, err := svc.Customers.Get(id); err != nil || c.ShortName != "苏杨" {
		t.Errorf("Ctrl+S in a field: short name %q, %v; want saved", c.ShortName, err)
	}
	// Ctrl+Z stays the entry's: it undoes typing, not a deletion.
	if f, ok := w.Canvas().Focused().(*textInput); !ok || f != in {
		t.Fatalf("focus moved: %T", w.Canvas().Focused())
	}
}

// TestKeys_EscClosesTheDetailPane from a field and from nowhere.
func TestKeys_EscClosesTheDetailPane(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	onTest(func() { u.showScreen("Customers") })
	w := u.win
	for _, focus := range []bool{true, false} {
		onTest(func() { u.customers.open(u.customers.rows[0].ID) })
		if focus {
			w.Canvas().Focus(u.customers.detail.inputs["short_name"].(*textInput))
		} else {
			w.Canvas().Unfocus()
		}
		press(w, fyne.KeyEscape)
		if u.customers.detail != nil {
			t.Errorf("focus in a field %v: Esc left the detail pane open", focus)
		}
	}
}

// TestKeys_EnterAndEscInDialogs: Enter is a dialog's default action, Esc
// its cancel, whether an entry has the focus or nothing has; a multi-line
// entry keeps Enter for its new line.
func TestKeys_EnterAndEscInDialogs(t *testing.T) {
	u, _ := newTestUI(t)
	w := u.win
	for _, tc := range []struct {
		name  string
		focus bool
		key   fyne.KeyName
		want  string
	}{
		{"Enter in the entry", true, fyne.KeyReturn, "yes:typed"},
		{"keypad Enter in the entry", true, fyne.KeyEnter, "yes:typed"},
		{"Esc in the entry", true, fyne.KeyEscape, "no"},
		{"Enter, no focus", false, fyne.KeyReturn, "yes:typed"},
		{"Esc, no focus", false, fyne.KeyEscape, "no"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEntry()
			got := ""
			onTest(func() {
				showForm("Form", "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)}, func(ok bool) {
					if got = "no"; ok {
						got = "yes:" + e.Text
					}
				}, w)
			})
			test.Type(e, "typed")
			w.Canvas().Focus(e)
			if !tc.focus {
				w.Canvas().Unfocus()
			}
			press(w, tc.key)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if top := w.Canvas().Overlays().Top(); top != nil {
				t.Errorf("the dialog is still open")
			}
		})
	}

	// A multi-line entry: Enter is a new line, the dialog stays.
	m := newMultiLineEntry()
	closed := false
	onTest(func() {
		showForm("Form", "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Text", m)}, func(bool) { closed = true }, w)
	})
	test.Type(m, "a")
	w.Canvas().Focus(m)
	press(w, fyne.KeyReturn)
	if closed || w.Canvas().Overlays().Top() == nil {
		t.Error("Enter in a multi-line entry closed the dialog")
	}
	press(w, fyne.KeyEscape)
	if !closed {
		t.Error("Esc in a multi-line entry left the dialog open")
	}

	// A question: Enter confirms; an error: Enter closes it.
	yes := false
	onTest(func() { showConfirm("Delete?", "Delete it?", func(ok bool) { yes = ok }, w) })
	press(w, fyne.KeyReturn)
	if !yes || w.Canvas().Overlays().Top() != nil {
		t.Errorf("Enter on a question: confirmed %v", yes)
	}
	onTest(func() { showError(errors.New("boom"), w) })
	press(w, fyne.KeyReturn)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Enter left an error message open")
	}
	// Two dialogs: Esc closes the top one only.
	onTest(func() {
		showConfirm("First", "first", func(bool) {}, w)
		showError(errors.New("second"), w)
	})
	press(w, fyne.KeyEscape)
	if n := len(w.Canvas().Overlays().List()); n != 1 {
		t.Errorf("after Esc %d dialogs open, want the first", n)
	}
	press(w, fyne.KeyEscape)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the second Esc left the first dialog open")
	}
}

// TestKeys_ComplaintFormEnterSaves: the complaint form has buttons of its
// own; Enter in its one-line fields is its Save.
func TestKeys_ComplaintFormEnterSaves(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	f := u.quickComplaint(nil)
	test.Type(f.customer, u.customers.rows[0].Name)
	test.Type(f.text, "镜片有划痕")
	u.win.Canvas().Focus(f.customer)
	press(u.win, fyne.KeyReturn)
	if _, n, err := svc.Complaints.List(complaints.Filter{}); err != nil || n != 1 {
		t.Fatalf("complaints after Enter: %d, %v; want 1", n, err)
	}
}

// TestKeys_TabFollowsTheForm: Tab walks the customer form's fields top to
// bottom, as they are shown.
func TestKeys_TabFollowsTheForm(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	onTest(func() { u.showScreen("Customers") })
	onTest(func() { u.customers.open(u.customers.rows[0].ID) })
	c := u.win.Canvas()
	c.Focus(u.customers.detail.inputs["name"].(fyne.Focusable))
	d := fyne.CurrentApp().Driver()
	last := d.AbsolutePositionForObject(c.Focused().(fyne.CanvasObject))
	for i := range 12 {
		c.FocusNext()
		f, ok := c.Focused().(fyne.CanvasObject)
		if !ok {
			t.Fatalf("step %d: nothing focused", i)
		}
		p := d.AbsolutePositionForObject(f)
		if p.Y < last.Y-1 || (p.Y < last.Y+1 && p.X < last.X) {
			t.Errorf("step %d: Tab went from %v back up to %v (%T)", i, last, p, f)
		}
		last = p
	}
}

// TestComplaintFromCustomerPageShowsInItsTab: a complaint logged from a
// customer's page appears in that page's complaints tab at once.
func TestComplaintFromCustomerPageShowsInItsTab(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	onTest(func() { u.showScreen("Customers") })
	onTest(func() { u.customers.open(u.customers.rows[0].ID) })
	d := u.customers.detail
	if l := findLabel(d.complaintsTab.Content, i18n.L("No complaints from this customer.")); l == nil {
		t.Fatal("the tab does not start empty")
	}
	f := u.quickComplaint(d.c)
	test.Type(f.text, "镜片有划痕")
	f.submit()
	if l := findLabel(u.customers.detail.complaintsTab.Content, i18n.L("No complaints from this customer.")); l != nil {
		t.Error("after logging a complaint the customer's tab still says there are none")
	}
}

// TestMultiLineEntriesWrap: the long text fields (a complaint's resolution,
// an interaction's summary) wrap at words.
func TestMultiLineEntriesWrap(t *testing.T) {
	if w := newMultiLineEntry().Wrapping; w != fyne.TextWrapWord {
		t.Errorf("multi-line entry wrapping %v, want words", w)
	}
}

// TestSearchBoxKeepsItsWidth: the customers screen at its narrowest still
// gives the search box most of the 180 px it asks (it had 35).
func TestSearchBoxKeepsItsWidth(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	onTest(func() { u.showScreen("Customers") })
	onTest(func() { u.win.Resize(u.win.Content().MinSize()) })
	if w := u.customers.search.Size().Width; w < 150 { // 180 asked; 35 before
		t.Errorf("search box %.0f px wide at the window's minimum, want 180", w)
	}
}
