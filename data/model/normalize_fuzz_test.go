package model

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// sep is the store's key separator (data/keys.go): a normalised value must not hold it.
const sep byte = 0

// FuzzNormalize: names, phones and tax ids of any bytes normalise without a
// panic; a normalised value holds no NUL (keys use NUL as separator) and
// normalising it again changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"宝岛眼镜公司", "+86 138-0000-0001", "（０２１）６２３４５６７８", "91310000MA1FL0000X", "\x00\x01",
		"😀👨‍👩‍👧", "שלום", "\u202e反转", "Ａ Ｂ", "  ", "\xff\xfe", "0086-13800000001 ext.12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plain(s) && !(norm.NFKC.IsNormalString(s) && normalized(s)) {
			t.Fatalf("plain(%q), but the full check would change it", s)
		}
		for name, fn := range map[string]func(string) string{"name": Normalize, "phone": NormalizePhone, "tax id": NormalizeTaxID} {
			n := fn(s)
			if strings.IndexByte(n, sep) >= 0 {
				t.Fatalf("%s %q → %q holds the key separator", name, s, n)
			}
			if name == "name" {
				if again := fn(n); again != n {
					t.Fatalf("%s %q → %q → %q", name, s, n, again)
				}
			}
		}
	})
}
