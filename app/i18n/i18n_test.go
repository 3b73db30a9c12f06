package i18n

import (
	"regexp"
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

// TestPlural: English counts say "1 customer" and "2 customers" whatever
// type the count has (int, int64, text as formatted with separators);
// Chinese has no plural and is unchanged.
func TestPlural(t *testing.T) {
	defer Setup("en")
	Setup("en")
	for _, c := range []struct {
		n    any
		want string
	}{
		{1, "1 customer"}, {int64(1), "1 customer"}, {"1", "1 customer"}, {uint8(1), "1 customer"}, {1.0, "1 customer"},
		{0, "0 customers"}, {2, "2 customers"}, {"1,234", "1,234 customers"}, {int64(-1), "-1 customers"}, {nil, "<no value> customers"},
	} {
		if got := L("{{.N}} customers", map[string]any{"N": c.n}); got != c.want {
			t.Errorf("L({{.N}} customers, %#v) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := L("{{.N}} decision makers", map[string]any{"N": 1}); got != "1 decision maker" {
		t.Errorf("decision makers: %q", got)
	}
	if got := L("{{.N}} customers were edited after this import: {{.Names}}. Undoing it loses those edits. Undo anyway?", map[string]any{"N": 1, "Names": "甲"}); !strings.HasPrefix(got, "1 customer was edited") {
		t.Errorf("verb: %q", got)
	}
	Setup("zh")
	zh, _ := merged("zh.json")
	if got := L("{{.N}} customers", map[string]any{"N": 1}); got != strings.ReplaceAll(zh["{{.N}} customers"], "{{.N}}", "1") {
		t.Errorf("zh: %q", got)
	}
}

// TestEnglishCountsAgree fills every string in English with 1 for each of
// its placeholders: none says "1 customers" (a count before a plural noun
// without plural in the en files), and every en template fills without
// error (a failing one would fall back to the key silently).
func TestEnglishCountsAgree(t *testing.T) {
	defer Setup("en")
	Setup("en")
	zh, err := merged("zh.json")
	if err != nil {
		t.Fatal(err)
	}
	en, _ := merged("en.json")
	field := regexp.MustCompile(`\{\{\s*\.(\w+)`)
	// A value followed by a verb, or a word ending in s that is no plural.
	notPlural := map[string]bool{"is": true, "was": true, "has": true, "does": true, "holds": true, "needs": true, "wants": true,
		"knows": true, "matches": true, "takes": true, "lies": true, "this": true, "its": true, "as": true, "plus": true}
	bad := regexp.MustCompile(`(?:^|[^\d.,])1 (?:new |sample |open |overdue |whole |complete |decision |key |cash )?([a-z]+s)\b`)
	checked := 0
	for k := range zh {
		text := k
		if v, ok := en[k]; ok {
			text = v
		}
		if !strings.Contains(text, "{{") {
			continue
		}
		data := map[string]any{}
		for _, m := range field.FindAllStringSubmatch(text, -1) {
			data[m[1]] = 1
		}
		got, err := fill(text, data)
		if err != nil {
			t.Errorf("%q does not fill: %v", text, err)
			continue
		}
		checked++
		for _, m := range bad.FindAllStringSubmatch(got, -1) {
			if !notPlural[m[1]] {
				t.Errorf("%q reads %q", k, got)
				break
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d templates checked", checked)
	}
}
