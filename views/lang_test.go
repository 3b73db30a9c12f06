package views

import (
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/kehu-crm/kehu/app/i18n"
)

// TestFyneFollowsLanguage: Fyne's own widgets, which translate through its
// lang package, get the language app/i18n switches to, back and forth.
func TestFyneFollowsLanguage(t *testing.T) {
	defer i18n.Setup("en")
	for _, tc := range []struct{ lang, key, want string }{
		{"zh", "Cancel", "取消"},
		{"en", "Cancel", "Cancel"},
		{"zh", "Name", "客户名称"},
		{"en", "Name", "Name"},
	} {
		i18n.Setup(tc.lang)
		if got := lang.L(tc.key); got != tc.want {
			t.Errorf("%s: lang.L(%q) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
}
