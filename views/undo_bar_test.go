package views

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestUndoBar: the strip stays for its time after the latest change, not
// the first one's.
func TestUndoBar(t *testing.T) {
	test.NewTempApp(t)
	defer func(d time.Duration) { undoFor = d }(undoFor)
	undoFor = 300 * time.Millisecond
	b := newUndoBar(func() {})
	first, second := new(int), new(int)
	b.offer(first, "Deleted 甲.")
	time.Sleep(200 * time.Millisecond)
	b.offer(second, "Deleted 乙.")
	time.Sleep(200 * time.Millisecond) // the first's time is up, the second's not
	if !b.bar.Visible() || b.msg.Text != "Deleted 乙." {
		t.Fatalf("the strip went with the first change's time (visible %v, %q)", b.bar.Visible(), b.msg.Text)
	}
	time.Sleep(400 * time.Millisecond)
	if b.bar.Visible() {
		t.Fatal("the strip stayed after its time")
	}
	b.offer(first, "Deleted 甲.")
	b.withdraw()
	if b.bar.Visible() {
		t.Fatal("withdrawn but shown")
	}
}
