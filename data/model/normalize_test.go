package model

import (
	"sort"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"宝岛眼镜公司", "宝岛眼镜公司"},
		{"  宝岛  眼镜\t公司 ", "宝岛 眼镜 公司"},
		{"ＡＢＣ　Optics", "abc optics"},
		{"Straße", "strasse"},
		{"a\x00b", "ab"},
		{"", ""},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"+86 138-0000-0000", "13800000000"},
		{"8613800000000", "13800000000"},
		{"0086 13800000000", "13800000000"},
		{"０５７１－８８８８８８８８", "057188888888"},
		{"(021) 6888 1234", "02168881234"},
		{"", ""},
	} {
		if got := NormalizePhone(tc.in); got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	var ids []string
	for range 1000 {
		ids = append(ids, NewID())
	}
	time.Sleep(2 * time.Millisecond)
	ids = append(ids, NewID())
	if !sort.StringsAreSorted(ids) {
		t.Fatal("ids not in creation order")
	}
}

func TestNormalizedAgreesWithNormalize(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "Ab", "杭州眼镜第12店", "杭州 眼镜", "杭州\u3000眼镜",
		"café", "a\tb", "a\x7fb", "ｱ", "Σ", "眼镜\u0085", "第1店 ", "x\u00a0y"} {
		if got, want := normalized(s), Normalize(s) == s; got && !want {
			t.Errorf("normalized(%q) = true, but Normalize gives %q", s, Normalize(s))
		}
		if plain(s) && !(norm.NFKC.IsNormalString(s) && normalized(s)) {
			t.Errorf("plain(%q) = true, but the full check would change it", s)
		}
	}
	if !plain("杭州眼镜第12店") || !plain("abc d-e") || !plain("㐀鿿") || plain("䷀") || plain("杭州\xe9") {
		t.Error("plain is wrong about a plain name")
	}
	if !normalized("杭州眼镜第12店") || !normalized("abc d-e") {
		t.Error("plain names are not taken as normalised")
	}
}
