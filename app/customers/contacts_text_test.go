package customers

import (
	"reflect"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

func TestParseContacts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []model.Contact
	}{
		{"王伟", []model.Contact{{Name: "王伟"}}},
		{"王伟 (决策者, 13800000000); 李娜", []model.Contact{{Name: "王伟", Role: "decision_maker", Phone: "13800000000"}, {Name: "李娜"}}},
		{"唐芳 (决策者, 13900000000, 总经理, tang@baoli.cn, 微信: tangfang88)",
			[]model.Contact{{Name: "唐芳", Role: "decision_maker", Phone: "13900000000", Title: "总经理", Email: "tang@baoli.cn", WeChat: "tangfang88"}}},
		{"Tang Fang (Decision maker, +86 139 0000 0000, WeChat: tf)", []model.Contact{{Name: "Tang Fang", Role: "decision_maker", Phone: "+86 139 0000 0000", WeChat: "tf"}}},
		{"高超（内线/教练）；罗超（0571-1234）", []model.Contact{{Name: "高超", Role: "coach"}, {Name: "罗超", Phone: "0571-1234"}}},
		{"", nil},
	} {
		if got := parseContacts(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseContacts(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		if tc.want != nil {
			label := func(kind, code string) string { return code }
			if back := parseContacts(FormatContacts(tc.want, label, "WeChat")); !reflect.DeepEqual(back, tc.want) {
				t.Errorf("format → parse of %+v = %+v", tc.want, back)
			}
		}
	}
}
