package views

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/benchcpu"
)

// noteOf is a note of about n bytes as people write them: Chinese lines of
// 30–60 characters (3 bytes each).
func noteOf(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%d. 客户反馈镜片到货及时，%s希望下季度增加订货量并确认价格。\n", i, strings.Repeat("包装完好", i%8))
	}
	return b.String()[:strings.LastIndexByte(b.String()[:n], '\n')+1]
}

// BenchmarkNoteTyping times one keystroke (and one Backspace) in the form's
// notes field — a multi-line, word-wrapped Entry the size of the form — with
// a note of each size, the caret at the end. Fyne lays the whole text out
// again on every change, so the time grows with the note. A keystroke over
// about 50 ms is felt as lag.
func BenchmarkNoteTyping(b *testing.B) {
	for _, kb := range []int{8, 16, 24, 32, 48, 64} {
		b.Run(fmt.Sprintf("%dKB", kb), func(b *testing.B) {
			a := test.NewTempApp(b)
			a.Settings().SetTheme(newTheme())
			e := widget.NewMultiLineEntry()
			e.Wrapping = fyne.TextWrapWord
			e.SetMinRowsVisible(3)
			w := test.NewTempWindow(b, e)
			w.Resize(fyne.NewSize(480, 200))
			t0 := time.Now()
			e.SetText(noteOf(kb << 10))
			w.Canvas().Focus(e)
			set := time.Since(t0)
			e.CursorRow = len(strings.Split(e.Text, "\n")) - 1
			b.ResetTimer()
			cpu0 := benchcpu.Used()
			for range b.N {
				test.Type(e, "好")
				e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(2*b.N), "ms/key")
			b.ReportMetric(float64((benchcpu.Used()-cpu0).Microseconds())/1000/float64(2*b.N), "cpu-ms/key")
			b.ReportMetric(float64(set.Microseconds())/1000, "ms/open")
		})
	}
}
