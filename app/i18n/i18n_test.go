package i18n

import (
	"runtime"
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

// TestFallback: a key with no translation is shown as it is, filled in, and
// an enumeration code with none as the code; a translation that cannot be
// filled from the data given falls back to the English key.
func TestFallback(t *testing.T) {
	defer Setup("en")
	for _, l := range []string{"zh", "en"} {
		Setup(l)
		if got := L("No such key {{.N}}", map[string]any{"N": 3}); got != "No such key 3" {
			t.Errorf("%s: missing key = %q", l, got)
		}
		if got := L("No such key {{.N}}"); got != "No such key <no value>" {
			t.Errorf("%s: missing key, no data = %q", l, got)
		}
		if got := L("Broken {{.N"); got != "Broken {{.N" {
			t.Errorf("%s: unparsable key = %q", l, got)
		}
		if got := Enum("tier", "nope"); got != "nope" {
			t.Errorf("%s: missing enum = %q", l, got)
		}
	}
	Setup("zh")
	key := "Kehu is already open on this data folder: {{.Dir}}"
	if got := L(key, struct{ Other string }{}); got != "Kehu is already open on this data folder: " {
		t.Errorf("struct without the field = %q", got)
	}
}

// TestSystemLanguage: with no code and no $KEHU_LANG the language follows the
// Unix locale variables in their order of precedence; any Chinese locale is
// zh, and "C", none or an unparsable one English.
func TestSystemLanguage(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the system locale comes from the OS, not the environment")
	}
	defer Setup("en")
	for _, tc := range []struct{ kehu, all, messages, lang, language, want string }{
		{"", "", "", "zh_CN.UTF-8", "", "zh"},
		{"", "", "", "zh_TW.UTF-8", "", "zh"},
		{"", "", "", "en_US.UTF-8", "", "en"},
		{"", "", "", "C", "", "en"},
		{"", "", "", "C.UTF-8", "", "en"},
		{"", "", "", "", "", "en"},
		{"", "", "", "xx_!!", "", "en"},
		{"", "en_GB.UTF-8", "", "zh_CN.UTF-8", "", "en"},
		{"", "", "zh_CN.UTF-8", "en_US.UTF-8", "", "zh"},
		{"", "", "", "en_US.UTF-8", "zh_CN:en", "zh"},
		{"", "", "", "C", "zh_CN", "en"},
		{"zh", "", "", "en_US.UTF-8", "", "zh"},
		{"en", "", "", "zh_CN.UTF-8", "", "en"},
	} {
		t.Setenv("KEHU_LANG", tc.kehu)
		t.Setenv("LC_ALL", tc.all)
		t.Setenv("LC_MESSAGES", tc.messages)
		t.Setenv("LANG", tc.lang)
		t.Setenv("LANGUAGE", tc.language)
		Setup("en") // a switch, so the next Setup does its work
		if tc.want == "en" {
			Setup("zh")
		}
		if got := Setup(""); got != tc.want {
			t.Errorf("%+v: Setup(\"\") = %q, want %q", tc, got, tc.want)
		}
	}
}
