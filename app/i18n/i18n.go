// Package i18n chooses the interface language (zh or en) and translates
// Kehu's strings, for the window and the command line alike. Keys are the
// English text; enumeration codes use "kind.code" keys. It has no Fyne
// import, so the command line does not link the window's toolkit: views
// feeds the same strings to Fyne's own widgets through Follow.
package i18n

import (
	"encoding/json"
	"fmt"
	"log"
	"maps"
	"os"
	"reflect"
	"strings"
	"sync"
	"text/template"

	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"

	"github.com/kehu-crm/kehu/assets"
)

var (
	mu      sync.RWMutex
	current string
	table   map[string]string // current's strings by key; nil before Setup
	follow  []func(lang string, strs map[string]string)

	parsed sync.Map // text → *template.Template, parsed once
)

// Setup selects the language: code ("zh", "en", "zh-CN" …) if given, else
// $KEHU_LANG, else the system locale (any Chinese locale gives zh). It returns
// the language chosen. Calling it again switches language.
func Setup(code string) string {
	mu.Lock()
	defer mu.Unlock()
	if code == "" {
		code = os.Getenv("KEHU_LANG")
	}
	if code == "" {
		code = systemLanguage()
	}
	code = pick(code)
	if code == current {
		return code
	}
	strs, err := translations(code)
	if err != nil {
		log.Printf("load translations: %v", err)
		return current
	}
	current, table = code, strs
	for _, f := range follow {
		f(current, table)
	}
	return code
}

// Follow calls f with the language and its strings (key → text, not to be
// changed) whenever Setup switches language, and at once if one is set. views
// uses it to give Fyne's own widgets ("Cancel", "OK" …) the same strings.
func Follow(f func(lang string, strs map[string]string)) {
	mu.Lock()
	defer mu.Unlock()
	follow = append(follow, f)
	if current != "" {
		f(current, table)
	}
}

// systemLanguage is the language of the system's locale: LC_ALL, LC_MESSAGES,
// LANG (LANGUAGE when set) on Unix, the user's locale on Windows and macOS.
// "C", "POSIX", none or an unparsable one give "en".
func systemLanguage() string {
	loc, _ := locale.GetLocale()
	if len(loc) < 2 {
		return "en"
	}
	tag, _ := language.Parse(loc) // an unparsable locale is "und": English
	base, _ := tag.Base()
	return base.String()
}

// translations returns the strings of a language. They may be split over
// several files (zh.json, views.zh.json …), merged here. English is every
// Chinese key mapped to itself, overlaid with the en files (enumeration
// labels), so a follower switching back to English overwrites every Chinese
// string.
func translations(code string) (map[string]string, error) {
	zh, err := merged("zh.json")
	if err != nil || code != "en" {
		return zh, err
	}
	for k := range zh {
		zh[k] = k
	}
	en, err := merged("en.json")
	if err != nil {
		return nil, err
	}
	maps.Copy(zh, en)
	return zh, nil
}

// Strings returns the strings of a language's own files ("zh…" is Chinese,
// anything else English), merged as Setup merges them, for output in a
// language other than the interface's (an export for a Chinese reader made
// from an English window). A key missing from the map stays English.
func Strings(lang string) (map[string]string, error) { return merged(pick(lang) + ".json") }

func merged(suffix string) (map[string]string, error) {
	files, err := assets.Translations.ReadDir("translations")
	if err != nil {
		return nil, err
	}
	all := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), suffix) {
			continue
		}
		b, err := assets.Translations.ReadFile("translations/" + f.Name())
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("translations/%s: %w", f.Name(), err)
		}
		maps.Copy(all, m)
	}
	return all, nil
}

func pick(code string) string {
	if strings.HasPrefix(strings.ToLower(code), "zh") {
		return "zh"
	}
	return "en"
}

// Lang is the language Setup chose ("zh" or "en").
func Lang() string {
	mu.RLock()
	defer mu.RUnlock()
	if current == "" {
		return "en"
	}
	return current
}

// L translates an English string; data fills {{.Name}} placeholders. A key
// with no translation is shown as it is, filled in.
func L(key string, data ...any) string {
	return lookup(key, key, data)
}

// Enum translates an enumeration code: Enum("tier", "S") → "S 战略客户". A
// code with no translation is shown as it is.
func Enum(kind, code string) string {
	if code == "" {
		return ""
	}
	return lookup(kind+"."+code, code, nil)
}

// lookup fills key's translation with data[0]; with no translation, or one
// that fails to fill (data lacking a field), it fills fallback instead, which
// is what Kehu showed when it translated through Fyne's lang package.
func lookup(key, fallback string, data []any) string {
	var d any
	if len(data) > 0 {
		d = data[0]
	}
	mu.RLock()
	text, ok := table[key]
	mu.RUnlock()
	if ok {
		if s, err := fill(text, d); err == nil {
			return s
		}
	}
	s, _ := fill(fallback, d)
	return s
}

// funcs are what a translation may call besides the data. English counts
// choose their noun with plural (the en files: "{{.N}} customers" becomes
// "{{.N}} {{plural .N \"customer\" \"customers\"}}"); Chinese needs none.
var funcs = template.FuncMap{"plural": plural}

// plural is one when n is 1 (a whole number, or text reading "1", as counts
// formatted with separators are), else many.
func plural(n any, one, many string) string {
	v := reflect.ValueOf(n)
	isOne := false
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		isOne = v.Int() == 1
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		isOne = v.Uint() == 1
	case reflect.Float32, reflect.Float64:
		isOne = v.Float() == 1
	case reflect.String:
		isOne = strings.TrimSpace(v.String()) == "1"
	}
	if isOne {
		return one
	}
	return many
}

// fill executes text as a template on data; text without "{{" is returned as
// it is. A text that does not parse comes back unchanged with the error; one
// that fails to execute gives what was written before the failure.
func fill(text string, data any) (string, error) {
	if !strings.Contains(text, "{{") {
		return text, nil
	}
	var t *template.Template
	if v, ok := parsed.Load(text); ok {
		t = v.(*template.Template)
	} else {
		var err error
		if t, err = template.New("").Option("missingkey=default").Funcs(funcs).Parse(text); err != nil {
			return text, err
		}
		parsed.Store(text, t)
	}
	var b strings.Builder
	err := t.Execute(&b, data)
	return b.String(), err
}
