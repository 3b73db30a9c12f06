package chart

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapLabel(t *testing.T) {
	// Every rune 10 px wide, the ellipsis too.
	w := func(s string) int { return 10 * utf8.RuneCountInString(s) }
	long := strings.Repeat("华", 40)
	for _, tc := range []struct {
		label string
		max   int
		two   bool
		want  []string
		cut   bool
	}{
		{"宝岛眼镜", 40, false, []string{"宝岛眼镜"}, false},
		{"宝岛眼镜公司", 40, false, []string{"宝岛眼…"}, true},
		{"ABC Optics", 60, true, []string{"ABC", "Optics"}, false},
		{"宝岛眼镜公司", 40, true, []string{"宝岛眼", "镜公司"}, false}, // balanced
		{long, 80, true, []string{strings.Repeat("华", 8), strings.Repeat("华", 7) + "…"}, true},
		{"宝岛眼镜 上海 分公司", 50, true, []string{"宝岛眼镜", "上海 分…"}, true}, // trailing space dropped before the dots
		{"很", 5, false, []string{"…"}, true},
	} {
		got, cut := wrapLabel(tc.label, tc.max, tc.two, w)
		if !slices.Equal(got, tc.want) || cut != tc.cut {
			t.Errorf("%q in %d (two %v): %q cut %v, want %q %v", tc.label, tc.max, tc.two, got, cut, tc.want, tc.cut)
		}
		for _, l := range got {
			if w(l) > max(tc.max, 10) {
				t.Errorf("%q: line %q is %d px, over %d", tc.label, l, w(l), tc.max)
			}
		}
	}
}

// A 40-character name among short ones draws in every format without
// error, its SVG text shortened with an ellipsis and the short names whole.
func TestBarLongNameEllipsis(t *testing.T) {
	long := "上海市浦东新区陆家嘴金融贸易区世纪大道一百号环球金融中心眼镜光学贸易有限公司华东"
	if n := utf8.RuneCountInString(long); n != 40 {
		t.Fatalf("name has %d runes", n)
	}
	s := []Series{{Name: "Revenue"}}
	for i, n := range []string{long, "宝岛眼镜", "杨氏眼镜店", "天明眼镜公司", "明月镜片", "依视路", "蔡司", "豪雅", "凯米", "万新"} {
		s[0].Points = append(s[0].Points, Point{Label: n, Value: int64(1000000 - i*50000)})
	}
	for _, f := range []Format{PNG, SVG, PDF} {
		var b bytes.Buffer
		if err := Bar(&b, f, s, Options{Title: "排名", Width: 1000, Height: 500}); err != nil || b.Len() == 0 {
			t.Fatalf("%v: %v", f, err)
		}
		if f != SVG {
			continue
		}
		svg := b.String()
		if strings.Contains(svg, long) || !strings.Contains(svg, "…") {
			t.Errorf("svg: the long name is not shortened")
		}
		for _, n := range []string{"宝岛眼镜", "蔡司", "万新"} {
			if !strings.Contains(svg, n) {
				t.Errorf("svg: %s missing", n)
			}
		}
	}
}
