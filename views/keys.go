package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The keyboard, as a desktop user expects it from any focus:
//   - Enter runs the default action of the dialog on top (its Save, OK or
//     Submit), Esc cancels it;
//   - with no dialog open, Esc closes the customer's detail pane;
//   - Ctrl/Cmd+N, F, S, Z and Ctrl/Cmd+Shift+K work even while an entry has
//     the focus.
//
// Fyne's dialogs know neither key, and an Entry with the focus keeps every
// shortcut and key to itself; so entries are keyEntry, which hand those keys
// on to the window, and dialogs are shown through showDialog, which remembers
// them for Enter and Esc.

// keyEntry is a widget.Entry that hands the window's keys on: Esc, Enter in
// a one-line entry that does nothing with it, and the window's shortcuts.
type keyEntry struct{ widget.Entry }

// newEntry is widget.NewEntry's keyEntry. (Password entries stay fyne's:
// their show/hide button cannot be made outside the widget package.)
func newEntry() *keyEntry {
	e := &keyEntry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineEntry is widget.NewMultiLineEntry's keyEntry, wrapping its
// lines at words (fyne's clips them: a long 处理结果 ran out of sight).
func newMultiLineEntry() *keyEntry {
	e := newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if passKey(e, k, !e.MultiLine && e.OnSubmitted == nil) {
		return
	}
	e.Entry.TypedKey(k)
}

func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if passShortcut(e, s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// keySelectEntry is keyEntry's SelectEntry: a picker with suggestions.
type keySelectEntry struct{ widget.SelectEntry }

func newSelectEntry(options []string) *keySelectEntry {
	e := &keySelectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

func (e *keySelectEntry) TypedKey(k *fyne.KeyEvent) {
	if passKey(e, k, e.OnSubmitted == nil) {
		return
	}
	e.SelectEntry.TypedKey(k)
}

func (e *keySelectEntry) TypedShortcut(s fyne.Shortcut) {
	if passShortcut(e, s) {
		return
	}
	e.SelectEntry.TypedShortcut(s)
}

// passKey hands Esc, and Enter if enter, to the key handler of o's window;
// false if it did not.
func passKey(o fyne.CanvasObject, k *fyne.KeyEvent, enter bool) bool {
	if k.Name != fyne.KeyEscape && !(enter && (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter)) {
		return false
	}
	c := canvasOf(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(k)
	return true
}

// passShortcut runs a window shortcut typed in an entry; false if s is not
// one (cut, copy, paste, select all and undo stay the entry's).
func passShortcut(o fyne.CanvasObject, s fyne.Shortcut) bool {
	c := canvasOf(o)
	if c == nil {
		return false
	}
	u := windows[c]
	if u == nil {
		return false
	}
	fn := u.keys[s.ShortcutName()]
	if fn == nil {
		return false
	}
	fn()
	return true
}

func canvasOf(o fyne.CanvasObject) fyne.Canvas {
	a := fyne.CurrentApp()
	if a == nil {
		return nil
	}
	return a.Driver().CanvasForObject(o)
}

// windows are the open windows' interfaces by canvas, for passShortcut.
// Only the UI goroutine reads or writes it.
var windows = map[fyne.Canvas]*UI{}

// shortcut binds Ctrl/Cmd (+ Shift if shift) + key to fn in the window,
// whatever has the focus (an entry hands it on through passShortcut).
func (u *UI) shortcut(key fyne.KeyName, shift bool, fn func()) {
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	if u.keys == nil {
		u.keys = map[string]func(){}
	}
	if key != fyne.KeyZ { // in an entry, Ctrl+Z undoes its typing
		u.keys[s.ShortcutName()] = fn
	}
	u.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { fn() })
}

// typedKey is the window's handler of keys no widget took.
func (u *UI) typedKey(k *fyne.KeyEvent) {
	c := u.win.Canvas()
	switch k.Name {
	case fyne.KeyEscape:
		if d := topDialog(c); d != nil {
			d.cancel()
			return
		}
		if c.Overlays().Top() == nil {
			u.customers.closeDetail()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if d := topDialog(c); d != nil {
			d.ok()
		}
	}
}

// shownDialog is a dialog showDialog put on a canvas.
type shownDialog struct {
	over   fyne.CanvasObject // its overlay
	d      dialog.Dialog
	action func() // Enter's, for a dialog with buttons of its own
}

// shown are the dialogs on each canvas, oldest first. Only the UI goroutine
// reads or writes it.
var shown = map[fyne.Canvas][]shownDialog{}

// showDialog shows d on w and lets Enter and Esc act on it while it is on
// top. Enter submits a form dialog, confirms a confirm dialog, and closes
// any other unless enter is given: a dialog with buttons of its own passes
// its default button's action (or a func that does nothing, if none is).
func showDialog(d dialog.Dialog, w fyne.Window, enter ...func()) {
	d.Show()
	c := w.Canvas()
	top := c.Overlays().Top()
	if top == nil {
		return
	}
	s := shownDialog{over: top, d: d}
	if len(enter) > 0 {
		s.action = enter[0]
	}
	shown[c] = append(live(c), s)
}

// live drops from shown[c] the dialogs no longer on the canvas.
func live(c fyne.Canvas) []shownDialog {
	on := map[fyne.CanvasObject]bool{}
	for _, o := range c.Overlays().List() {
		on[o] = true
	}
	var out []shownDialog
	for _, s := range shown[c] {
		if on[s.over] && s.over.Visible() {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		delete(shown, c)
	} else {
		shown[c] = out
	}
	return out
}

// topDialog is the dialog on top of c if showDialog showed it; nil if the
// top overlay is something else (a menu, a file dialog) or there is none.
func topDialog(c fyne.Canvas) *shownDialog {
	top := c.Overlays().Top()
	if top == nil {
		return nil
	}
	l := live(c)
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].over == top {
			return &l[i]
		}
	}
	return nil
}

// ok runs the dialog's default action: submit a form (if it validates),
// confirm a question, the action showDialog was given, or close a message.
func (s *shownDialog) ok() {
	switch d := s.d.(type) {
	case *dialog.FormDialog:
		d.Submit()
	case *dialog.ConfirmDialog:
		d.Confirm()
	default:
		if s.action != nil {
			s.action()
			return
		}
		s.d.Hide()
	}
}

// cancel closes the dialog without its affirmative action.
func (s *shownDialog) cancel() { s.d.Dismiss() }

// The dialog package's Show functions, through showDialog.

func showError(err error, w fyne.Window) { showDialog(dialog.NewError(err, w), w) }

func showInformation(title, message string, w fyne.Window) {
	showDialog(dialog.NewInformation(title, message, w), w)
}

func showConfirm(title, message string, callback func(bool), w fyne.Window) {
	showDialog(dialog.NewConfirm(title, message, callback, w), w)
}

func showCustom(title, dismiss string, content fyne.CanvasObject, w fyne.Window) {
	showDialog(dialog.NewCustom(title, dismiss, content, w), w)
}

func showCustomConfirm(title, confirm, dismiss string, content fyne.CanvasObject, callback func(bool), w fyne.Window) {
	showDialog(dialog.NewCustomConfirm(title, confirm, dismiss, content, callback, w), w)
}

func showForm(title, confirm, dismiss string, items []*widget.FormItem, callback func(bool), w fyne.Window) {
	showDialog(dialog.NewForm(title, confirm, dismiss, items, callback, w), w)
}
