package views

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestTableHeadersFit: on every screen and tab, in Chinese and English,
// every table's header texts fit their columns (issue 23: "Last year
// (CNY)Versus last year" ran together): each header label or sort button
// is laid out at least as wide as it needs. The window is wide enough to
// show every column.
func TestTableHeadersFit(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			u, _ := newFitUI(t, lang)
			onTest(func() { u.win.Resize(fyne.NewSize(3200, 1400)) })
			seen := 0
			check := func(name string) {
				onTest(func() {
					for _, tbl := range tablesUnder(u.body) {
						seen++
						for _, miss := range clippedHeaders(tbl) {
							t.Errorf("%s %s: %s", lang, name, miss)
						}
					}
				})
			}
			for i, sc := range u.screens {
				onTest(func() { u.show(i) })
				u.waitLoads()
				check(sc.title)
				eachTab(u, u.body, sc.title, check)
			}
			if seen < 5 {
				t.Errorf("only %d tables seen: the check looks at nothing", seen)
			}
		})
	}
}

// tablesUnder finds the shown tables under o.
func tablesUnder(o fyne.CanvasObject) []*widget.Table {
	if o == nil || !o.Visible() {
		return nil
	}
	var kids []fyne.CanvasObject
	switch o := o.(type) {
	case *widget.Table:
		return []*widget.Table{o}
	case *container.AppTabs:
		if it := o.Selected(); it != nil {
			kids = []fyne.CanvasObject{it.Content}
		}
	case *fyne.Container:
		kids = o.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(o).Objects()
	}
	var out []*widget.Table
	for _, k := range kids {
		out = append(out, tablesUnder(k)...)
	}
	return out
}

// clippedHeaders names the labels and buttons of a table's header row (the
// objects at its top) laid out narrower than they need.
func clippedHeaders(tbl *widget.Table) []string {
	var out []string
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		at = at.Add(o.Position())
		if at.Y > 4 { // below the header row
			return
		}
		text := ""
		switch w := o.(type) {
		case *widget.Label:
			if w.Truncation == fyne.TextTruncateOff {
				text = w.Text
			}
		case *widget.Button:
			text = w.Text
		}
		if text != "" && o.Size().Width+0.5 < o.MinSize().Width {
			out = append(out, fmt.Sprintf("header %q is %.0f wide, needs %.0f", text, o.Size().Width, o.MinSize().Width))
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c, at)
			}
		case *widget.Label, *widget.Button:
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c, at)
			}
		}
	}
	for _, c := range test.WidgetRenderer(tbl).Objects() {
		walk(c, fyne.Position{})
	}
	return out
}
