package views

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walk calls fn for o and every object inside its containers.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			walk(x, fn)
		}
	}
}

func TestHistory_TickFollowUpDoneAndUndo(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	svc.SetClock(func() time.Time { return time.Date(2026, 3, 10, 9, 0, 0, 0, time.Local) })
	id := u.customers.rows[0].ID
	for _, d := range []string{"2026-03-01", "2026-03-05", "2026-04-01"} { // two overdue, one to come
		day, _ := time.Parse(time.DateOnly, d)
		in := &model.Interaction{CustomerID: id, Kind: "call", Date: day.AddDate(0, 0, -7), Summary: "回访", FollowUp: d}
		if err := svc.Customers.AddInteraction(in); err != nil {
			t.Fatal(err)
		}
	}
	due := func(want int) {
		t.Helper()
		if n, _ := svc.FollowUpsDue("2026-03-09"); n != want {
			t.Fatalf("overdue follow-ups %d, want %d", n, want)
		}
	}
	due(2)
	u.customers.open(id)
	h := &historyCard{f: u.customers.detail, box: container.NewVBox()}
	h.undo = newFollowUpUndo(h.f, h.fill)
	h.fill()
	ticks := func() (list []*widget.Check, red int) {
		walk(h.box, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Check:
				list = append(list, x)
			case *widget.Label:
				if x.Importance == widget.DangerImportance {
					red++
				}
			}
		})
		return list, red
	}
	list, red := ticks()
	if len(list) != 3 || red != 2 {
		t.Fatalf("%d ticks, %d in red; want 3, 2", len(list), red)
	}
	// Newest first: 2026-04-01, 2026-03-05, 2026-03-01.
	test.Tap(list[1])
	due(1)
	if !h.undo.bar.Visible() || h.undo.msg.Text == "" {
		t.Errorf("no undo after the tick: %q", h.undo.msg.Text)
	}
	list, red = ticks()
	if checked := countChecked(list); checked != 1 || red != 1 {
		t.Errorf("after tick: %d done, %d red", checked, red)
	}
	if err := h.undo.undo(); err != nil {
		t.Fatal(err)
	}
	due(2)
	if h.undo.bar.Visible() {
		t.Error("undo bar still shown")
	}
	// Untick directly is an undo too.
	list, _ = ticks()
	test.Tap(list[0])
	due(2) // 2026-04-01 is not due yet: still 2
	list, _ = ticks()
	test.Tap(list[0])
	list, red = ticks()
	if countChecked(list) != 0 || red != 2 {
		t.Errorf("after untick: %d done, %d red", countChecked(list), red)
	}
	if p, _ := svc.Check(); len(p) != 0 {
		t.Errorf("check: %v", p)
	}
}

func countChecked(list []*widget.Check) (n int) {
	for _, c := range list {
		if c.Checked {
			n++
		}
	}
	return n
}
