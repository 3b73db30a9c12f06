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
	// The strip's timer hands over under uiMu (onUI); the test reads and
	// writes the strip under it too (onTest).
	visible := func() (v bool, text string) {
		onTest(func() { v, text = b.bar.Visible(), b.msg.Text })
		return v, text
	}
	onTest(func() { b.offer(first, "Deleted 甲.") })
	time.Sleep(200 * time.Millisecond)
	onTest(func() { b.offer(second, "Deleted 乙.") })
	time.Sleep(200 * time.Millisecond) // the first's time is up, the second's not
	if v, text := visible(); !v || text != "Deleted 乙." {
		t.Fatalf("the strip went with the first change's time (visible %v, %q)", v, text)
	}
	time.Sleep(400 * time.Millisecond)
	if v, _ := visible(); v {
		t.Fatal("the strip stayed after its time")
	}
	onTest(func() {
		b.offer(first, "Deleted 甲.")
		b.withdraw()
	})
	if v, _ := visible(); v {
		t.Fatal("withdrawn but shown")
	}
}
