package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
)

// TestCrashNotice: a crash report left by the last run puts one line above
// the window with a button to open its folder; the next start says nothing.
func TestCrashNotice(t *testing.T) {
	u, svc := newTestUI(t)
	logs := filepath.Join(svc.Dir(), app.LogsDir)
	os.MkdirAll(logs, 0o700)
	os.WriteFile(filepath.Join(logs, "crash-2026-12-07-093000.txt"), []byte("panic: boom\n\ngoroutine 1 [running]:\n"), 0o600)
	l := startLogs(u)
	if l == nil {
		t.Fatal("no logs")
	}
	defer l.Close()
	texts := crashLabels(u.win.Content())
	if len(texts) == 0 || !strings.Contains(texts[0], "stopped because of an error") || !strings.Contains(texts[0], "crash-2026-12-07-093000.txt") {
		t.Fatalf("first line %q", texts)
	}
	if !crashButton(u.win.Content(), "Open folder") {
		t.Error("no Open folder button")
	}
	before := u.win.Content()
	l2 := startLogs(u)
	defer l2.Close()
	if u.win.Content() != before {
		t.Error("the notice came twice")
	}
}

func crashLabels(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

func crashButton(o fyne.CanvasObject, text string) bool {
	found := false
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = true
		}
	})
	return found
}
