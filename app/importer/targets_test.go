package importer

import (
	"reflect"
	"slices"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// TestCustomerTargets: CustomerTargets holds every field of
// model.CustomerFields with the table's aliases and every import-only
// extra, each once, so a field added to the table is importable without a
// change here.
func TestCustomerTargets(t *testing.T) {
	seen := map[string]int{}
	for _, tg := range CustomerTargets {
		seen[tg.Name]++
	}
	for n, k := range seen {
		if k != 1 {
			t.Errorf("target %s appears %d times", n, k)
		}
	}
	for _, f := range model.CustomerFields {
		i := slices.IndexFunc(CustomerTargets, func(tg Target) bool { return tg.Name == f.Name })
		if i < 0 {
			t.Errorf("field %s is no customer target", f.Name)
			continue
		}
		if len(f.Aliases) == 0 || !reflect.DeepEqual(CustomerTargets[i].Aliases, f.Aliases) {
			t.Errorf("field %s: target aliases %q, table's %q (a field needs at least one)", f.Name, CustomerTargets[i].Aliases, f.Aliases)
		}
	}
	for _, x := range customerExtras {
		if seen[x.Name] != 1 {
			t.Errorf("extra %s is left out of CustomerTargets: name it in customerOrder", x.Name)
		}
		if _, ok := model.FieldByName(x.Name); ok {
			t.Errorf("extra %s is also a field of model.CustomerFields", x.Name)
		}
	}
	if n := len(model.CustomerFields) + len(customerExtras); len(CustomerTargets) != n {
		t.Errorf("%d customer targets, want %d", len(CustomerTargets), n)
	}
}

// TestCustomerTargetsKeepOrder: the targets that existed when the table
// moved to data/model keep their order and aliases (the mapping menu's order
// and GuessMapping's ties depend on them); targets added since are skipped.
func TestCustomerTargetsKeepOrder(t *testing.T) {
	want := []Target{
		{"name", []string{"客户名称", "公司名称", "名称", "客户", "单位名称", "经销商名称", "企业名称", "经销商", "客户全称", "Name", "Company", "Customer", "Company name", "Customer name"}},
		{"short_name", []string{"简称", "客户简称", "Short name"}},
		{"type", []string{"客户类型", "类型", "Type", "Customer type"}},
		{"industry", []string{"行业", "所属行业", "Industry"}},
		{"province", []string{"省份", "省", "所在省份", "Province", "State"}},
		{"city", []string{"城市", "市", "所在城市", "City"}},
		{"address", []string{"地址", "详细地址", "联系地址", "通讯地址", "Address"}},
		{"phone", []string{"电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "联系方式", "Phone", "Mobile", "Tel", "Telephone"}},
		{"email", []string{"邮箱", "电子邮件", "电子邮箱", "Email", "E-mail", "Mail"}},
		{"website", []string{"网站", "网址", "主页", "Website", "Web", "URL"}},
		{"tax_id", []string{"统一社会信用代码", "税号", "信用代码", "纳税人识别号", "Tax ID", "VAT"}},
		{"owner", []string{"负责人", "业务员", "销售", "客户经理", "Owner", "Sales rep", "Account owner"}},
		{"tier", []string{"等级", "客户等级", "级别", "客户级别", "Tier", "Level"}},
		{"stage", []string{"阶段", "生命周期", "客户阶段", "Stage"}},
		{"loyalty", []string{"忠诚阶段", "忠诚度", "Loyalty"}},
		{"fit", []string{"战略匹配度", "匹配度", "Strategic fit", "Fit"}},
		{"source", []string{"来源", "客户来源", "Source"}},
		{"referred_by", []string{"引荐客户", "引荐人", "介绍人", "Referred by"}},
		{"tags", []string{"标签", "Tags", "Tag"}},
		{"notes", []string{"备注", "说明", "Notes", "Note", "Remark", "Remarks", "Comment", "Comments"}},
		{"contact", []string{"联系人", "联系人姓名", "Contact", "Contacts", "Contact name", "Contact person"}},
		{"contact_title", []string{"职务", "职位", "Title", "Job title", "Position"}},
		{"revenue", []string{"年销售额", "销售额", "年销售", "Revenue", "Annual revenue"}},
		{"revenue_wan", []string{"年销售额万元", "销售额万元", "万元"}},
		{"id", []string{"编号", "ID", "客户编号", "Customer ID"}},
		{"currency", []string{"币种", "货币", "Currency"}},
		{"created", []string{"创建时间", "Created"}},
		{"updated", []string{"更新时间", "Updated"}},
	}
	var got []Target
	for _, tg := range CustomerTargets {
		if slices.ContainsFunc(want, func(w Target) bool { return w.Name == tg.Name }) {
			got = append(got, tg)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("customer targets:\n%q\nwant\n%q", got, want)
	}
}
