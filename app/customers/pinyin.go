package customers

import (
	"strings"
	"sync"
	"unicode"

	"github.com/kehu-crm/kehu/data/model"

	gopinyin "github.com/mozillazg/go-pinyin"
)

var (
	pinyinArgs  = gopinyin.NewArgs()
	pinyinCache sync.Map // rune → [2]string{full, initial}
)

// pinyin spells s in toneless pinyin ("宝岛眼镜" → "baodaoyanjing", "bdyj"),
// keeping other characters as Normalize leaves them, so names sort the way a
// Chinese reader expects and "bdyj" finds 宝岛眼镜. go-pinyin runs a regular
// expression per call; a customer list uses a few thousand distinct
// characters, so each is looked up once.
func pinyin(s string) (full, initials string) {
	if s == "" {
		return "", ""
	}
	var f, in strings.Builder
	for _, r := range model.Normalize(s) {
		if !unicode.Is(unicode.Han, r) {
			f.WriteRune(r)
			continue
		}
		p := pinyinRune(r)
		f.WriteString(p[0])
		in.WriteString(p[1])
	}
	return f.String(), in.String()
}

func pinyinRune(r rune) [2]string {
	if v, ok := pinyinCache.Load(r); ok {
		return v.([2]string)
	}
	p := [2]string{string(r), string(r)}
	if py := gopinyin.SinglePinyin(r, pinyinArgs); len(py) > 0 && py[0] != "" {
		p = [2]string{py[0], py[0][:1]}
	}
	pinyinCache.Store(r, p)
	return p
}
