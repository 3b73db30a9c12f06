package export

import (
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestFieldLabelsTranslate: every field of model.CustomerFields has its
// label in the zh translations and every code of an enumeration field a
// label in zh and en (assets/translations), so a field added to the table
// is not shown in English to a Chinese user, nor as a bare code.
func TestFieldLabelsTranslate(t *testing.T) {
	zh, err := translator("zh")
	if err != nil {
		t.Fatal(err)
	}
	en, err := translator("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range model.CustomerFields {
		if zh.L(f.Label) == f.Label {
			t.Errorf("%s: the label %q has no zh translation", f.Name, f.Label)
		}
		for _, code := range f.Codes {
			for lang, tr := range map[string]*labels{"zh": zh, "en": en} {
				if tr.Enum(f.Enum, code) == code {
					t.Errorf("%s: %s.%s has no %s label", f.Name, f.Enum, code, lang)
				}
			}
		}
	}
}
