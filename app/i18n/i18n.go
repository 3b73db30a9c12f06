// Package i18n chooses the interface language (zh or en) and translates
// Kehu's strings through fyne's lang package, for the window and the command
// line alike. Keys are the English text; enumeration codes use "kind.code" keys.
package i18n

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/kehu-crm/kehu/assets"
)

var (
	// mu guards fyne's translation bundle too: it is a plain map, so a
	// language switch must not run while another goroutine translates.
	mu      sync.RWMutex
	current string
)

// Setup selects the language: code ("zh", "en", "zh-CN" …) if given, else
// $KEHU_LANG, else the system locale (any Chinese locale gives zh). It returns
// the language chosen. Calling it again switches language.
func Setup(code string) string {
	mu.Lock()
	defer mu.Unlock()
	// fyne logs "Error parsing user locale C" under the POSIX locale, which is
	// no error here; keep it off the command line's stderr.
	out := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(out)
	if code == "" {
		code = os.Getenv("KEHU_LANG")
	}
	if code == "" {
		code = string(lang.SystemLocale())
	}
	code = pick(code)
	if code == current {
		return code // already registered: no write to the bundle
	}
	data, err := translations(code)
	if err != nil {
		fyne.LogError("load translations", err)
		return current
	}
	// fyne's lang follows the system locale and has no override, so the chosen
	// language's strings are registered under the system's locale and under
	// fyne's fallback "en" as well: whatever locale fyne picks, it finds them.
	for _, l := range []fyne.Locale{fyne.Locale(code), lang.SystemLocale(), "en"} {
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			fyne.LogError("load translations", err)
		}
	}
	current = code
	return code
}

// translations returns the JSON for a language. The strings may be split over
// several files (zh.json, views.zh.json …), merged here. English is every
// Chinese key mapped to itself, overlaid with the en files (enumeration
// labels), so switching back to English overwrites every Chinese string.
func translations(code string) ([]byte, error) {
	zh, err := merged("zh.json")
	if err != nil {
		return nil, err
	}
	if code == "en" {
		for k := range zh {
			zh[k] = k
		}
		en, err := merged("en.json")
		if err != nil {
			return nil, err
		}
		maps.Copy(zh, en)
	}
	// go-i18n reads a flat map holding a reserved word as a key ("ID", "One",
	// "Other" …) as one message; the {"key": {"other": text}} form never is.
	msgs := make(map[string]map[string]string, len(zh))
	for k, v := range zh {
		msgs[k] = map[string]string{"other": v}
	}
	return json.Marshal(msgs)
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

// L translates an English string; data fills {{.Name}} placeholders.
func L(key string, data ...any) string {
	mu.RLock()
	defer mu.RUnlock()
	return lang.L(key, data...)
}

// Enum translates an enumeration code: Enum("tier", "S") → "S 战略客户".
func Enum(kind, code string) string {
	if code == "" {
		return ""
	}
	mu.RLock()
	defer mu.RUnlock()
	return lang.X(kind+"."+code, code)
}
