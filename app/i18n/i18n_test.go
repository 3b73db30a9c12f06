package i18n

import (
	"strings"
	"testing"
)

func TestSetupSwitches(t *testing.T) {
	for _, tc := range []struct{ lang, key, want string }{
		{"zh", "Name", "客户名称"},
		{"en", "Name", "Name"},
		{"zh-CN", "Cancel", "取消"},
		{"en", "Cancel", "Cancel"},
	} {
		if got := Setup(tc.lang); got != tc.lang[:2] {
			t.Fatalf("Setup(%q) = %q", tc.lang, got)
		}
		if got := L(tc.key); got != tc.want {
			t.Errorf("%s: L(%q) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	Setup("zh")
	if got := Enum("tier", "S"); got != "S 战略客户" {
		t.Errorf("Enum zh = %q", got)
	}
	Setup("en")
	if got := Enum("stage", "stable"); got != "Stable" {
		t.Errorf("Enum en = %q", got)
	}
	if got := L("Kehu is already open on this data folder: {{.Dir}}", map[string]any{"Dir": "/d"}); got != "Kehu is already open on this data folder: /d. Close the other Kehu window or command, then try again." {
		t.Errorf("template: %q", got)
	}
}

// TestEveryKeyTranslates loads every string of the zh files and checks that
// each comes back translated: a malformed or reserved key ("ID", "Other")
// would silently turn the whole interface English.
func TestEveryKeyTranslates(t *testing.T) {
	zh, err := merged("zh.json")
	if err != nil {
		t.Fatal(err)
	}
	Setup("zh")
	defer Setup("en")
	for k, v := range zh {
		if strings.Contains(k, "{{") {
			continue // templates need data
		}
		if got := L(k); got != v {
			t.Errorf("L(%q) = %q, want %q", k, got, v)
		}
	}
}
