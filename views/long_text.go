package views

import (
	"fmt"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/app/i18n"
)

// maxEditable is the longest text a form field edits. Fyne's (2.7.1) Entry
// lays out its whole text again on every keystroke, each wrapped row
// decoding the whole text anew, so the time grows with the square of the
// size: BenchmarkNoteTyping measured 16 ms of CPU a keystroke at 8 KB, 46 at
// 16 KB, 141 at 32 KB and 615 at 64 KB (a note of one megabyte froze the
// window for minutes). Up to 16 KB typing keeps up; longer texts show their
// start, read-only, are kept whole when the form is saved, and are edited
// in the system's text editor (editOutside).
const maxEditable = 16 << 10

// cutForEdit is what a field shows of v, and whether v is too long to edit.
func cutForEdit(v string) (shown string, long bool) {
	if len(v) <= maxEditable {
		return v, false
	}
	n := maxEditable
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n] + "\n…", true
}

// longTextHint says why a field cannot be edited here.
func longTextHint(v string) string {
	return i18n.L("Too long to edit here ({{.Size}}; typing slows down past {{.Max}}): the start is shown and the whole text is kept when you save. Use Edit in text editor to change it.",
		map[string]any{"Size": sizeText(len(v)), "Max": sizeText(maxEditable)})
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}
