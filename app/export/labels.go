package export

import (
	"strings"
	"sync"

	"github.com/kehu-crm/kehu/app/i18n"
)

// labels translates headers and enumeration codes into one language. An
// export names its language (a zh file may be made from an English window),
// and i18n.L only speaks the interface's current one, so the export reads the
// same translation files through i18n.Strings.
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
	code := "en"
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		code = "zh"
	}
	labelsMu.Lock()
	defer labelsMu.Unlock()
	if l, ok := loaded[code]; ok {
		return l, nil
	}
	m, err := i18n.Strings(code)
	if err != nil {
		return nil, err
	}
	l := &labels{m: m}
	loaded[code] = l
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
