package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalize is the one normalisation used to match names: the customer index,
// the CLI's customer references and import de-duplication all call it, so
// "ＡＢＣ 眼镜 " and "abc  眼镜" are the same customer. It applies NFKC (full-width
// to half-width), drops control characters, trims, collapses inner white space
// to one space and folds case.
func Normalize(s string) string {
	if plain(s) {
		return s
	}
	// Dropping a control character can bring a letter and a combining mark
	// together, which NFKC then composes ("l\x12\u032d" → "ḽ"): normalise
	// again until nothing changes, so Normalize(Normalize(s)) == Normalize(s).
	for range 4 {
		n := normalizeOnce(s)
		if n == s {
			break
		}
		s = n
	}
	return s
}

func normalizeOnce(s string) string {
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	} else if normalized(s) {
		return s // most names already are: spare the copy
	}
	var b strings.Builder
	b.Grow(len(s))
	space, fold := false, false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80 && !unicode.Is(unicode.Han, r):
			fold = true // Latin-1, Greek, Cyrillic …: full Unicode case folding
		}
		b.WriteRune(r)
	}
	if fold {
		// A Caser keeps state, so each call makes its own.
		return cases.Fold().String(b.String())
	}
	return b.String()
}

// plain reports, in one cheap pass, whether s is made only of what most
// names are made of and Normalize keeps as it is: ASCII without upper case
// or control characters, single spaces between words, and CJK ideographs
// (U+3400–U+4DBF, U+4E00–U+9FFF, which have no NFKC mapping and compose
// with nothing). An import calls Normalize a few times per row; the NFKC
// quick check costs several times this.
func plain(s string) bool {
	space := true // a space at the start is trimmed
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if space {
					return false
				}
				space = true
			case c < ' ' || c == 0x7f || c >= 'A' && c <= 'Z':
				return false
			default:
				space = false
			}
			i++
			continue
		}
		// Three-byte UTF-8 of U+3400–U+9FFF: lead byte 0xE3 (from U+3400)
		// to 0xE9.
		if c < 0xe3 || c > 0xe9 || i+2 >= len(s) {
			return false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x3400 || r > 0x9fff || r > 0x4dbf && r < 0x4e00 {
			return false
		}
		space = false
		i += n
	}
	return !space || s == ""
}

// normalized reports whether Normalize would return the NFKC string s as it
// is: no control characters, single ASCII spaces between words only, nothing
// to fold (ASCII lower case, Han and other characters below U+0080).
func normalized(s string) bool {
	space := true // a space at the start is trimmed
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r < 0x80:
			if r < ' ' || r == 0x7f || r >= 'A' && r <= 'Z' {
				return false
			}
		case !unicode.Is(unicode.Han, r) || unicode.IsSpace(r) || unicode.IsControl(r):
			return false
		}
		space = false
	}
	return !space || s == ""
}

// NormalizePhone keeps the digits of a phone number and drops China's country
// code (+86, 0086, 86 before an 11-digit mobile), so "+86 138-0000-0000" and
// "13800000000" match.
func NormalizePhone(s string) string {
	if !ascii(s) {
		s = norm.NFKC.String(s) // full-width digits
	}
	d := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			d = append(d, c)
		}
	}
	p := string(d)
	switch {
	case strings.HasPrefix(p, "0086") && len(p) > 4:
		p = p[4:]
	case strings.HasPrefix(p, "86") && len(p) == 13:
		p = p[2:]
	}
	return p
}

// NormalizeTaxID upper-cases a tax id and drops spaces, dashes and control
// characters (a NUL would split its index key: see sep).
func NormalizeTaxID(s string) string {
	if !ascii(s) {
		s = norm.NFKC.String(s)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || unicode.IsControl(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// ascii reports whether s is ASCII, which NFKC leaves as it is.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
