package enum

import (
	"testing"

	"github.com/kehu-crm/kehu/app/i18n"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		kind, in, want string
	}{
		{"tier", "S", "S"},
		{"tier", "a", "A"},
		{"tier", "Ａ", "A"}, // full-width
		{"tier", "ｂ级", "B"},
		{"tier", "A级", "A"},
		{"tier", "A类", "A"},
		{"tier", "A 类客户", "A"},
		{"tier", " C ", "C"},
		{"tier", "S 战略客户", "S"}, // Kehu's own zh export
		{"tier", "S Strategic", "S"},
		{"tier", "战略客户", "S"},
		{"tier", "战略", "S"},
		{"tier", "伙伴型客户", "A"},
		{"tier", "普通客户", "B"},
		{"tier", "small", "C"},
		{"tier", "重点", ""},
		{"tier", "", ""},
		{"tier", "D", ""},
		{"type", "wholesaler", "wholesaler"},
		{"type", "批发商", "wholesaler"},
		{"type", "连锁店", "chain"},
		{"type", "代理商", "agent"},
		{"type", "零售店", "retailer"},
		{"type", "Chain store", "chain"},
		{"type", "End consumer", "consumer"},
		{"stage", "稳定期", "stable"},
		{"stage", "稳定", "stable"},
		{"stage", "Stable", "stable"},
		{"stage", "流失", "lost"},
		{"loyalty", "重复购买客户", "repeat"},
		{"loyalty", "first_purchase", "first_purchase"},
		{"loyalty", "First-time buyer", "first_purchase"},
		{"fit", "高", "high"},
		{"fit", "Medium", "medium"},
		{"fit", "低", "low"},
		{"source", "客户引荐", "referral"},
		{"source", "展会", "exhibition"},
		{"source", "B2B", "b2b"},
		{"source", "cold call", "cold_call"},
		{"role", "决策者", "decision_maker"},
		{"role", "内线", "coach"},
		{"role", "教练", "coach"},
		{"role", "Decision maker", "decision_maker"},
		{"kind", "拜访", "visit"},
		{"kind", "Phone call", "call"},
		{"category", "交付/物流", "delivery"},
		{"category", "物流", "delivery"},
		{"category", "产品质量", "quality"},
		{"severity", "高", "high"},
		{"channel", "微信", "wechat"},
		{"channel", "WeChat", "wechat"},
		{"status", "已解决", "resolved"},
		{"nonsense", "S", ""},
	} {
		got, ok := Parse(tc.kind, tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Parse(%q, %q) = %q, %v; want %q", tc.kind, tc.in, got, ok, tc.want)
		}
	}
}

// TestEveryLabelParses: every code and both labels of every code parse
// back to it, and no label is claimed by two codes of its kind.
func TestEveryLabelParses(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		m, err := i18n.Strings(lang)
		if err != nil {
			t.Fatal(err)
		}
		for kind, codes := range Kinds {
			for _, code := range codes {
				ins := []string{code}
				if l, ok := m[kind+"."+code]; ok {
					ins = append(ins, l)
				}
				for _, in := range ins {
					if got, ok := Parse(kind, in); !ok || got != code {
						t.Errorf("%s: Parse(%q, %q) = %q, %v; want %q", lang, kind, in, got, ok, code)
					}
				}
			}
		}
	}
}
