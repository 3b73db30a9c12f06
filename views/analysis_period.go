package views

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// periodEntries are the "from … through …" entries of an analysis tab:
// empty means the analysis' default range. changed is called once both read
// as periods; a bad one shows in problem instead.
type periodEntries struct {
	u        *UI // its clock reads 本月, 去年
	from, to *keyEntry
	problem  *widget.Label
}

func newPeriodEntries(u *UI, changed func()) *periodEntries {
	p := &periodEntries{u: u, from: newEntry(), to: newEntry(), problem: widget.NewLabel("")}
	p.problem.Importance = widget.DangerImportance
	p.problem.Wrapping = fyne.TextWrapWord
	p.problem.Hide()
	for _, e := range []*keyEntry{p.from, p.to} {
		e.SetPlaceHolder("2025-01")
		e.OnChanged = func(string) {
			if p.ok() {
				changed()
			}
		}
	}
	return p
}

// objects are the label and entries for a tab's control bar.
func (p *periodEntries) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{widget.NewLabel(i18n.L("Months from")), sized(p.from, 90), widget.NewLabel(i18n.L("through")), sized(p.to, 90)}
}

// ok says whether both entries are empty or periods, showing the problem if not.
func (p *periodEntries) ok() bool {
	for _, e := range []*keyEntry{p.from, p.to} {
		if _, err := p.u.normPeriod(e.Text); err != nil {
			p.show(err.Error())
			return false
		}
	}
	p.problem.Hide()
	return true
}

// values are the two periods as the analyses take them ("" where empty or
// not a period; ok says which).
func (p *periodEntries) values() (from, to string) {
	from, _ = p.u.normPeriod(p.from.Text)
	to, _ = p.u.normPeriod(p.to.Text)
	return from, to
}

// show puts an error of the analysis under the controls.
func (p *periodEntries) show(msg string) {
	p.problem.SetText(msg)
	p.problem.Show()
}

// fill writes the range an analysis used into empty entries, as placeholders,
// so the user sees what the default was.
func (p *periodEntries) fill(from, to string) {
	p.from.SetPlaceHolder(from)
	p.to.SetPlaceHolder(to)
}

// percentEntry is a small entry for a percentage ("80" for 0.80).
func percentEntry(v float64, changed func()) *keyEntry {
	e := newEntry()
	e.SetText(strconv.FormatFloat(v*100, 'f', -1, 64))
	e.OnChanged = func(string) { changed() }
	return e
}

// fraction reads a percentage entry: "80" → 0.80; false if it is not a
// number between 0 and 100.
func fraction(e *keyEntry) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(e.Text), "%"), 64)
	if err != nil || v <= 0 || v >= 100 {
		return 0, false
	}
	return v / 100, true
}

// pct writes a share as "12.3%".
func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// indexSelect is a drop-down of n translated labels that calls changed on
// every choice; the pane reads SelectedIndex.
func indexSelect[T any](items []T, label func(T) string, changed func()) *widget.Select {
	labels := make([]string, len(items))
	for i, it := range items {
		labels[i] = label(it)
	}
	return widget.NewSelect(labels, func(string) { changed() })
}
