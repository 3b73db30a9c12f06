// Package enum reads enumeration values as people write them. Kehu stores
// codes ("S", "wholesaler", "stable"); people and files write the code, the
// zh or en label ("S 战略客户", "批发商", "Stable"), a part of the label
// ("战略客户"), or a common variant of either ("A级", "A类", "a", "Ａ",
// "战略"). Parse is the one function the window, the command line and
// import use to turn any of them into the code.
package enum

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/kehu-crm/kehu/data/model"

	"golang.org/x/text/unicode/norm"

	"github.com/kehu-crm/kehu/app/i18n"
)

// Kinds maps each enumeration kind (the "kind" of its translation keys,
// "tier.S") to its codes in display order.
var Kinds = map[string][]string{
	"tier":     model.Tiers,
	"type":     model.Types,
	"stage":    model.Stages,
	"loyalty":  model.LoyaltyStages,
	"fit":      model.FitLevels,
	"source":   model.Sources,
	"role":     model.ContactRoles,
	"kind":     model.InteractionKinds,
	"category": model.Categories,
	"severity": model.Severities,
	"channel":  model.Channels,
	"status":   append(slices.Clone(model.ComplaintStatuses), "reopened"),
}

// suffixes are the words a variant adds to a value and Parse ignores at its
// end: "A级", "A类客户", "战略客户", "伙伴型", "稳定期".
var suffixes = []string{"客户", "级", "类", "型", "期", "等"}

// key is the form values are compared in: NFKC (full-width letters become
// ASCII), lower case, without spaces and punctuation.
func key(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == '\uFEFF' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stem is a key without the variant suffixes, or the key itself when
// nothing would remain.
func stem(k string) string {
	for {
		cut := false
		for _, s := range suffixes {
			if t, ok := strings.CutSuffix(k, s); ok && t != "" {
				k, cut = t, true
			}
		}
		if !cut {
			return k
		}
	}
}

type table map[string]string // stem → code; "" when two codes claim it

var tables = sync.OnceValue(func() map[string]table {
	langs := make([]map[string]string, 0, 2)
	for _, l := range []string{"zh", "en"} {
		m, err := i18n.Strings(l)
		if err != nil {
			m = nil // the translations are embedded: only codes match then
		}
		langs = append(langs, m)
	}
	out := map[string]table{}
	for kind, codes := range Kinds {
		t := table{}
		add := func(s, code string) {
			k := stem(key(s))
			if k == "" {
				return
			}
			if old, ok := t[k]; ok && old != code {
				t[k] = "" // ambiguous: neither code
				return
			}
			t[k] = code
		}
		// Codes first, then labels, then label parts: a code is never
		// shadowed by another code's label.
		for _, code := range codes {
			add(code, code)
		}
		for _, code := range codes {
			for _, m := range langs {
				l, ok := m[kind+"."+code]
				if !ok {
					continue
				}
				add(l, code)
				// "S 战略客户", "S Strategic": the label after its code.
				if rest, ok := strings.CutPrefix(l, code+" "); ok {
					add(rest, code)
				}
				// "内线/教练", "交付/物流": either half.
				if strings.Contains(l, "/") && !isASCII(l) {
					for _, p := range strings.Split(l, "/") {
						add(p, code)
					}
				}
			}
		}
		out[kind] = t
	}
	return out
})

func isASCII(s string) bool {
	for _, r := range s {
		if r >= unicode.MaxASCII {
			return false
		}
	}
	return true
}

// Parse returns the code of kind that v means, and whether it means one.
// An unknown kind or a value matching no code (or two) gives false.
func Parse(kind, v string) (string, bool) {
	t, ok := tables()[kind]
	if !ok {
		return "", false
	}
	k := key(v)
	if k == "" {
		return "", false
	}
	if code := t[stem(k)]; code != "" {
		return code, true
	}
	return "", false
}

// Codes returns the codes of kind, nil for an unknown kind.
func Codes(kind string) []string { return Kinds[kind] }

// ParseCode is Parse limited to codes, for an enumeration Kinds does not
// list or a subset of one (a complaint's next statuses): the code that v
// names, else the code equal to v ignoring case.
func ParseCode(kind string, codes []string, v string) (string, bool) {
	if code, ok := Parse(kind, v); ok && slices.Contains(codes, code) {
		return code, true
	}
	return Match(codes, strings.TrimSpace(v))
}

// Match is the code equal to v ignoring case.
func Match(codes []string, v string) (string, bool) {
	i := slices.IndexFunc(codes, func(c string) bool { return strings.EqualFold(c, v) })
	if i < 0 {
		return "", false
	}
	return codes[i], true
}
