package views

import (
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/i18n"
)

// TestFileNameError: a save to a name Windows cannot have gets a message
// that says why, in both languages; an ordinary Chinese name passes.
func TestFileNameError(t *testing.T) {
	defer i18n.Setup("en")
	for _, tc := range []struct{ name, en, zh string }{
		{"CON.pdf", "CON, PRN", "保留"},
		{"com1.png", "CON, PRN", "保留"},
		{"销售 10:30.png", "does not allow", "不允许"},
		{"销售曲线 2026-06.png", "", ""},
	} {
		for lang, want := range map[string]string{"en": tc.en, "zh": tc.zh} {
			i18n.Setup(lang)
			err := fileNameError("/home/王伟/" + tc.name)
			if want == "" {
				if err != nil {
					t.Errorf("%s: %v", tc.name, err)
				}
				continue
			}
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tc.name) {
				t.Errorf("%s %s: %v", lang, tc.name, err)
			}
		}
	}
}
