package export

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/kehu-crm/kehu/assets"
)

// labels translates headers and enumeration codes into one language. An
// export names its language (a zh file may be made from an English window),
// and i18n.L only speaks the interface's current one, so the export reads the
// same translation files itself, merged the way i18n merges them.
type labels struct {
	m map[string]string
}

var (
	labelsMu sync.Mutex
	loaded   = map[string]*labels{}
)

// translator returns the labels of a language ("zh…" is Chinese, anything
// else English), loaded once.
func translator(lang string) (*labels, error) {
	suffix := "en.json"
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		suffix = "zh.json"
	}
	labelsMu.Lock()
	defer labelsMu.Unlock()
	if l, ok := loaded[suffix]; ok {
		return l, nil
	}
	files, err := assets.Translations.ReadDir("translations")
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), suffix) {
			continue
		}
		b, err := assets.Translations.ReadFile("translations/" + f.Name())
		if err != nil {
			return nil, err
		}
		var part map[string]string
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("translations/%s: %w", f.Name(), err)
		}
		maps.Copy(m, part)
	}
	l := &labels{m: m}
	loaded[suffix] = l
	return l, nil
}

// L translates an English string; untranslated it stays English.
func (l *labels) L(key string) string {
	if v, ok := l.m[key]; ok {
		return v
	}
	return key
}

// Enum translates an enumeration code as i18n.Enum does: ("tier", "S") →
// "S 战略客户"; an unknown code stays as it is.
func (l *labels) Enum(kind, code string) string {
	if code == "" {
		return ""
	}
	if v, ok := l.m[kind+"."+code]; ok {
		return v
	}
	return code
}
