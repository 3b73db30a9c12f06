package views

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// suggestEntry is an entry that suggests as one types: its owner computes
// the matches in OnChanged and hands them to SetOptions, which shows them in
// a list under the entry at once (there is no arrow to click). Up and Down
// move in the list, Enter or a click picks, Esc closes it; typing goes on in
// the entry meanwhile. check, if set, runs when the focus leaves the entry
// (not while typing): its error draws the entry red until the next edit.
//
// Fyne gives the keyboard to the top overlay, so the list is a Focusable
// that hands the keys it does not use back to the entry.
type suggestEntry struct {
	keyEntry
	options []string
	check   func(string) error
	msg     *widget.Label // where check's error shows, if anywhere
	focused bool          // between FocusGained and FocusLost

	pop  *widget.PopUp
	list *suggestList
	cur  int // the highlighted suggestion
}

// maxSuggestRows is how many suggestions show before the list scrolls.
const maxSuggestRows = 8

func newSuggestEntry() *suggestEntry {
	e := &suggestEntry{cur: -1}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.AlwaysShowValidationError = true
	e.ExtendBaseWidget(e)
	return e
}

// SetOptions replaces the suggestions; while the user types in the entry
// they show under it (none hides the list).
func (e *suggestEntry) SetOptions(opts []string) {
	e.options = opts
	e.cur = -1
	if !e.focused || len(opts) == 0 || (len(opts) == 1 && opts[0] == e.Text) {
		e.hideSuggestions()
		return
	}
	e.showSuggestions()
}

// Suggesting tells whether the list of suggestions is shown.
func (e *suggestEntry) Suggesting() bool { return e.pop != nil && e.pop.Visible() }

func (e *suggestEntry) showSuggestions() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	if e.list == nil {
		e.list = newSuggestList(e)
	}
	if e.pop == nil || e.pop.Canvas != c {
		e.pop = widget.NewPopUp(e.list, c)
	}
	e.list.list.UnselectAll()
	e.list.list.Refresh()
	e.list.list.ScrollToTop()
	rows := min(len(e.options), maxSuggestRows)
	rowH := e.list.rowHeight()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	pos.Y += e.Size().Height
	pad := e.Theme().Size(theme.SizeNameInnerPadding) // the pop-up's, around the list
	size := fyne.NewSize(e.Size().Width, float32(rows)*rowH+pad)
	if avail := c.Size().Height - pos.Y - 4; size.Height > avail && avail > rowH {
		size.Height = avail // at the bottom of the window: scroll sooner
	}
	e.pop.Resize(size)
	e.pop.ShowAtPosition(pos)
	c.Focus(e.list) // the keys come to the list, which hands them on
}

func (e *suggestEntry) hideSuggestions() {
	if e.Suggesting() {
		e.pop.Hide()
	}
	e.cur = -1
}

// pick puts suggestion i in the entry.
func (e *suggestEntry) pick(i int) {
	if i < 0 || i >= len(e.options) {
		return
	}
	text := e.options[i]
	e.hideSuggestions()
	e.SetText(text) // OnChanged sees a complete name
	e.CursorColumn = len([]rune(text))
	e.Refresh()
}

func (e *suggestEntry) FocusGained() {
	e.focused = true
	e.keyEntry.FocusGained()
}

// FocusLost closes the suggestions and checks what is left in the entry.
func (e *suggestEntry) FocusLost() {
	e.focused = false
	e.hideSuggestions()
	e.keyEntry.FocusLost()
	e.runCheck()
}

func (e *suggestEntry) runCheck() {
	if e.check == nil {
		return
	}
	msg := ""
	if err := e.check(e.Text); err != nil {
		msg = err.Error()
	}
	e.mark(msg)
}

// mark draws the entry red with msg under it ("" clears both).
func (e *suggestEntry) mark(msg string) {
	markEntry(&e.Entry, msg)
	if e.msg != nil {
		setFieldMsg(e.msg, msg, false)
	}
}

// TypedRune clears an old mark: the entry is red only after leaving it.
func (e *suggestEntry) TypedRune(r rune) {
	e.mark("")
	e.keyEntry.TypedRune(r)
	if len(e.options) == 1 && e.has(e.Text) {
		e.hideSuggestions() // typed out in full: nothing left to suggest
	}
}

func (e *suggestEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		if !e.Suggesting() && len(e.options) > 0 {
			e.showSuggestions()
		}
		e.move(1)
		return
	case fyne.KeyUp:
		e.move(-1)
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.Suggesting() {
			switch {
			case e.cur >= 0:
				e.pick(e.cur)
				return
			case e.has(e.Text): // complete already: Enter is the form's
				e.hideSuggestions()
			case len(e.options) == 1: // the only match
				e.pick(0)
				return
			default:
				e.hideSuggestions()
			}
		}
	case fyne.KeyEscape:
		if e.Suggesting() {
			e.hideSuggestions()
			return // Esc closes the list, not the dialog under it
		}
	case fyne.KeyTab:
		e.hideSuggestions()
	case fyne.KeyBackspace, fyne.KeyDelete:
		e.mark("")
	}
	e.keyEntry.TypedKey(k)
}

// move highlights the next (1) or previous (-1) suggestion.
func (e *suggestEntry) move(by int) {
	if !e.Suggesting() || len(e.options) == 0 {
		return
	}
	e.cur = (e.cur + by + len(e.options)) % len(e.options)
	e.list.highlight(e.cur)
}

// suggestList is the list of suggestions, focused while shown: the keys it
// gets go to the entry.
type suggestList struct {
	widget.BaseWidget
	e           *suggestEntry
	list        *widget.List
	highlighted bool // a Select from the keys, not a click
}

func newSuggestList(e *suggestEntry) *suggestList {
	s := &suggestList{e: e}
	s.list = widget.NewList(
		func() int { return len(e.options) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(e.options[i]) },
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		if s.highlighted {
			return
		}
		e.pick(i)
	}
	s.ExtendBaseWidget(s)
	return s
}

func (s *suggestList) highlight(i int) {
	s.highlighted = true
	s.list.Select(i)
	s.list.ScrollTo(i)
	s.highlighted = false
}

// rowHeight is a list row's height with the gap under it (fyne's list:
// the item's height and one padding).
func (s *suggestList) rowHeight() float32 {
	item := s.list.CreateItem().MinSize().Height
	return item + s.Theme().Size(theme.SizeNamePadding)
}

func (s *suggestList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.list)
}

func (s *suggestList) FocusGained()                   {}
func (s *suggestList) FocusLost()                     {}
func (s *suggestList) TypedRune(r rune)               { s.e.TypedRune(r) }
func (s *suggestList) TypedKey(k *fyne.KeyEvent)      { s.e.TypedKey(k) }
func (s *suggestList) TypedShortcut(sc fyne.Shortcut) { s.e.TypedShortcut(sc) }

// has tells whether text is one of the suggestions.
func (e *suggestEntry) has(text string) bool { return slices.Contains(e.options, text) }
