package customers

import (
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/enum"
)

// The contacts column of Kehu's CSV and .xlsx exports: contacts separated by
// "; ", each its name and, in brackets, what else is known, separated by
// ", ": role label, phone, title, email, "微信: id" —
// "唐芳 (决策者, 13900000000, 总经理, tang@baoli.cn, 微信: tangfang88); 高超".
// parseContacts reads it back, so an export imports with its contacts; a
// plain name (a distributor list's 联系人) is one contact.

// FormatContacts writes contacts as the contacts column; label translates a
// role code, wechat is the word for WeChat in the export's language.
func FormatContacts(cs []model.Contact, label func(kind, code string) string, wechat string) string {
	parts := make([]string, 0, len(cs))
	for _, ct := range cs {
		var in []string
		if ct.Role != "" {
			in = append(in, label("role", ct.Role))
		}
		for _, v := range []string{ct.Phone, ct.Title, ct.Email} {
			if v != "" {
				in = append(in, v)
			}
		}
		if ct.WeChat != "" {
			in = append(in, wechat+": "+ct.WeChat)
		}
		p := ct.Name
		if len(in) > 0 {
			p += " (" + strings.Join(in, ", ") + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// wechatWords start a WeChat id in the contacts column.
var wechatWords = []string{"微信", "wechat", "weixin", "wx"}

// parseContacts reads a contacts column. Inside the brackets a part that is
// a role (label or code) is the role, one with an @ the email, one that
// looks like a phone number the phone, one after 微信/WeChat the WeChat id,
// and anything else the title.
func parseContacts(s string) []model.Contact {
	var out []model.Contact
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		ct := model.Contact{Name: p}
		if i := strings.IndexAny(p, "(（"); i > 0 && (strings.HasSuffix(p, ")") || strings.HasSuffix(p, "）")) {
			ct.Name = strings.TrimSpace(p[:i])
			inner := strings.TrimSuffix(strings.TrimSuffix(p[i:], ")"), "）")
			inner = strings.TrimPrefix(strings.TrimPrefix(inner, "("), "（")
			for _, f := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == '，' }) {
				readContactPart(&ct, strings.TrimSpace(f))
			}
		}
		out = append(out, ct)
	}
	return out
}

func readContactPart(ct *model.Contact, f string) {
	if f == "" {
		return
	}
	low := strings.ToLower(f)
	for _, w := range wechatWords {
		if rest, ok := strings.CutPrefix(low, w); ok && rest != "" && strings.ContainsRune(":： ", []rune(rest)[0]) && ct.WeChat == "" {
			ct.WeChat = strings.TrimSpace(strings.TrimLeft(f[len(f)-len(rest):], ":： "))
			return
		}
	}
	switch {
	case ct.Role == "" && isRole(f):
		ct.Role, _ = enum.Parse("role", f)
	case ct.Email == "" && strings.Contains(f, "@"):
		ct.Email = f
	case ct.Phone == "" && phoneRe.MatchString(f):
		ct.Phone = f
	case ct.Title == "":
		ct.Title = f
	default:
		ct.Title += ", " + f
	}
}

func isRole(f string) bool {
	_, ok := enum.Parse("role", f)
	return ok
}
