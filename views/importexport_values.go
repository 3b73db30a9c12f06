package views

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// The value-mapping step of the import preview: the values of an
// enumeration column that match no code (客户等级 "重点" ×12) are listed a
// column with their counts, each with a drop-down of the field's codes and
// "Keep in the notes". A choice re-predicts the counts and goes with the
// import, which remembers it for the next (customers.ValueMap).

// maxValueRows is how many values of one column the step lists; the rest
// are counted on one line (the CLI's --map maps any).
const maxValueRows = 8

// valueStep is the step's state: the values listed (kept while the user
// maps them, so a mapped value stays on screen) and the choices.
type valueStep struct {
	listed []customers.Unmatched
	values customers.ValueMap
	box    *fyne.Container
}

func newValueStep() *valueStep {
	return &valueStep{values: customers.ValueMap{}, box: container.NewVBox()}
}

// reset forgets the listed values and choices: a new file.
func (v *valueStep) reset() {
	v.listed, v.values = nil, customers.ValueMap{}
	v.box.Objects = nil
	v.box.Refresh()
}

// merge adds the values of a new prediction to those listed.
func (v *valueStep) merge(un []customers.Unmatched) {
	for _, u := range un {
		i := slices.IndexFunc(v.listed, func(l customers.Unmatched) bool { return l.Column == u.Column })
		if i < 0 {
			v.listed = append(v.listed, u)
			continue
		}
		for _, val := range u.Values {
			j := slices.IndexFunc(v.listed[i].Values, func(x customers.ValueCount) bool { return x.Value == val.Value })
			if j < 0 {
				v.listed[i].Values = append(v.listed[i].Values, val)
			} else {
				v.listed[i].Values[j].Count = val.Count
			}
		}
	}
}

// build lays out the step; changed is called after each choice.
func (v *valueStep) build(changed func()) {
	v.box.Objects = nil
	if len(v.listed) == 0 {
		v.box.Refresh()
		return
	}
	title := widget.NewLabelWithStyle(i18n.L("Values that match no code: choose what each means (remembered for the next import)"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.box.Add(title)
	for _, u := range v.listed {
		f, ok := customers.FieldByName(u.Field)
		if !ok || f.Enum == "" {
			continue
		}
		keep := i18n.L("Keep in the notes")
		opts := []string{keep}
		for _, code := range f.Codes {
			opts = append(opts, i18n.Enum(f.Enum, code))
		}
		row := container.NewHBox(widget.NewLabelWithStyle(u.Column+" → "+i18n.L(f.Label)+":", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for n, val := range u.Values {
			if n == maxValueRows {
				row.Add(widget.NewLabel(i18n.L("… {{.N}} more", map[string]any{"N": len(u.Values) - n})))
				break
			}
			col, value := u.Column, val.Value
			sel := widget.NewSelect(opts, nil)
			sel.PlaceHolder = i18n.L("Choose…")
			if code, ok := v.values[col][value]; ok {
				if code == customers.KeepInNotes {
					sel.SetSelected(keep)
				} else if i := slices.Index(f.Codes, code); i >= 0 {
					sel.SetSelectedIndex(i + 1)
				}
			}
			sel.OnChanged = func(string) {
				code := customers.KeepInNotes
				if i := sel.SelectedIndex(); i > 0 {
					code = f.Codes[i-1]
				}
				v.values.Set(col, value, code)
				changed()
			}
			row.Add(widget.NewLabel(fmt.Sprintf("%s ×%d", value, val.Count)))
			row.Add(fixedWidth(150, sel))
		}
		v.box.Add(container.NewHScroll(row))
	}
	v.box.Refresh()
}
