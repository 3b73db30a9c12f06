package views

import (
	"fmt"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/app/i18n"
)

// maxEditable is the longest text a form field edits. Fyne's Entry lays out
// its whole text again on every change: a note of one megabyte froze the
// window for minutes. Longer texts show their start, read-only, and are kept
// whole when the form is saved.
const maxEditable = 8 << 10

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
	return i18n.L("Too long to edit here ({{.Size}}): the start is shown, and the whole text is kept when you save.",
		map[string]any{"Size": sizeText(len(v))})
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}
