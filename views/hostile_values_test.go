package views

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

var noteMB = 10

// hostile are customers whose values break naive layouts: a 300-character
// name (the longest data.CheckRecord lets in), emoji and right-to-left text,
// newlines and tabs, a 10 MB note.
func hostile() []*model.Customer {
	return []*model.Customer{
		{Name: "宝岛眼镜公司", City: "上海市", Tier: "S"},
		{Name: strings.Repeat("长", 300), City: strings.Repeat("市", 300), Tier: "A"},
		{Name: "😀👨‍👩‍👧 שלום مرحبا 眼镜\u202e反转", City: "‏עיר", Tier: "B"},
		{Name: "眼镜公司\n第二行\t制表", City: "杭州", Tier: "C"},
		{Name: "十兆备注公司", Notes: strings.Repeat("备注😀שלום\u200b", noteMB<<20/24)},
	}
}

// tableLabels are the labels the customer table shows, by text.
func tableLabels(tbl *widget.Table) map[string]*widget.Label {
	out := map[string]*widget.Label{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *widget.Label:
			out[v.Text] = v
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(tbl)
	return out
}

// TestHostileValuesTable: the customer table with such customers renders,
// every row keeps the height of a plain one-line row, and names are cut
// with an ellipsis rather than wrapped or spilled.
func TestHostileValuesTable(t *testing.T) {
	cs := hostile()
	u, _ := newTestUI(t, cs...)
	u.win.Resize(fyne.NewSize(1200, 760))
	onTest(func() { u.showScreen("Customers") }) // Home comes first
	s := u.customers
	if len(s.rows) != len(cs) {
		t.Fatalf("%d rows, want %d", len(s.rows), len(cs))
	}
	s.table.widget.Refresh()
	if img := u.win.Canvas().Capture(); img.Bounds().Dx() == 0 {
		t.Fatal("nothing drawn")
	}
	labels := tableLabels(s.table.widget)
	plain, ok := labels["宝岛眼镜公司"]
	if !ok {
		t.Fatalf("the plain customer is not shown; labels: %d", len(labels))
	}
	h := plain.Size().Height
	for _, c := range cs {
		l, ok := labels[strings.TrimSpace(c.Name)]
		if !ok {
			continue // scrolled out of view
		}
		if l.Size().Height != h {
			t.Errorf("row of %.20q is %v high, a plain row %v", c.Name, l.Size().Height, h)
		}
		if l.Truncation != fyne.TextTruncateEllipsis || l.Wrapping != fyne.TextWrapOff {
			t.Errorf("name %.20q: truncation %v wrapping %v", c.Name, l.Truncation, l.Wrapping)
		}
		if l.Size().Width > 400 {
			t.Errorf("name %.20q spills: %v wide", c.Name, l.Size().Width)
		}
	}
	if _, ok := labels[strings.Repeat("长", 300)]; !ok {
		t.Error("the 300-character name is not in the table")
	}
}

// TestHostileValuesDetail opens each hostile customer's form: it renders,
// holds the values exactly, and saving without a change keeps them exactly.
// A note too long for Fyne's Entry (which froze the window for minutes on a
// 1 MB note) shows its start read-only with a hint, and is kept whole.
func TestHostileValuesDetail(t *testing.T) {
	cs := hostile()
	u, svc := newTestUI(t, cs...)
	s := u.customers
	for _, c := range cs {
		s.open(c.ID)
		if s.detail == nil || s.detail.c.ID != c.ID {
			t.Fatalf("%.20q did not open", c.Name)
		}
		u.win.Canvas().Capture()
		if got := s.detail.inputs["name"].get(); got != strings.TrimSpace(c.Name) {
			t.Errorf("name field %.30q, want %.30q", got, c.Name)
		}
		if got := s.detail.inputs["notes"].get(); got != c.Notes {
			t.Errorf("notes field of %.20q: %d bytes, want %d", c.Name, len(got), len(c.Notes))
		}
		if long := len(c.Notes) > maxEditable; long != (s.detail.items["notes"].HintText != "") || long != s.detail.inputs["notes"].(*textInput).Disabled() {
			t.Errorf("notes of %d bytes: hint %q, read-only %v", len(c.Notes), s.detail.items["notes"].HintText, !long)
		}
		s.detail.save()
		got, err := svc.Customers.Get(c.ID)
		if err != nil || got.Name != strings.TrimSpace(c.Name) || got.Notes != c.Notes || got.City != c.City {
			t.Errorf("%.20q after saving the form: %v", c.Name, err)
		}
		s.closeDetail()
	}
}
