package model

import (
	"slices"
	"strings"
	"sync"
)

// Field is one editable customer field. CustomerFields is the one
// description of a field besides its Customer struct field and its
// translation: the command line (`--FIELD VALUE`, `FIELD=VALUE`), the
// window's form, import's column mapping and export's columns all read it.
// How to add a field: docs/ARCHITECTURE.md.
type Field struct {
	Name  string   // snake_case, as in the CLI and the JSON key of Customer
	Label string   // English label; callers translate it (app/i18n)
	Enum  string   // enumeration kind ("tier", "stage" …) or ""
	Codes []string // the allowed codes of an enumeration
	Multi bool     // multi-line text
	// Aliases are the column headers (zh and en) import maps to the field,
	// in the order they are tried: see importer.GuessMapping.
	Aliases []string
	get     func(c *Customer) string
	set     func(c *Customer, v string) error
}

// CustomerFields lists the customer's editable fields in form order (also
// the order of the CLI's `fields`, `show` and export's columns).
var CustomerFields = []Field{
	{Name: "name", Label: "Name",
		Aliases: []string{"客户名称", "公司名称", "名称", "客户", "单位名称", "经销商名称", "企业名称", "经销商", "客户全称", "Name", "Company", "Customer", "Company name", "Customer name"},
		get:     func(c *Customer) string { return c.Name }, set: func(c *Customer, v string) error { c.Name = v; return nil }},
	{Name: "short_name", Label: "Short name",
		Aliases: []string{"简称", "客户简称", "Short name"},
		get:     func(c *Customer) string { return c.ShortName }, set: func(c *Customer, v string) error { c.ShortName = v; return nil }},
	{Name: "type", Label: "Type", Enum: "type", Codes: Types,
		Aliases: []string{"客户类型", "类型", "Type", "Customer type"},
		get:     func(c *Customer) string { return c.Type }, set: func(c *Customer, v string) error { c.Type = v; return nil }},
	{Name: "tier", Label: "Tier", Enum: "tier", Codes: Tiers,
		Aliases: []string{"等级", "客户等级", "级别", "客户级别", "Tier", "Level"},
		get:     func(c *Customer) string { return c.Tier }, set: func(c *Customer, v string) error { c.Tier = strings.ToUpper(v); return nil }},
	{Name: "stage", Label: "Stage", Enum: "stage", Codes: Stages,
		Aliases: []string{"阶段", "生命周期", "客户阶段", "Stage"},
		get:     func(c *Customer) string { return c.Stage }, set: func(c *Customer, v string) error { c.Stage = v; return nil }},
	{Name: "loyalty", Label: "Loyalty", Enum: "loyalty", Codes: LoyaltyStages,
		Aliases: []string{"忠诚阶段", "忠诚度", "Loyalty"},
		get:     func(c *Customer) string { return c.Loyalty }, set: func(c *Customer, v string) error { c.Loyalty = v; return nil }},
	{Name: "fit", Label: "Strategic fit", Enum: "fit", Codes: FitLevels,
		Aliases: []string{"战略匹配度", "匹配度", "Strategic fit", "Fit"},
		get:     func(c *Customer) string { return c.Fit }, set: func(c *Customer, v string) error { c.Fit = v; return nil }},
	{Name: "industry", Label: "Industry",
		Aliases: []string{"行业", "所属行业", "Industry"},
		get:     func(c *Customer) string { return c.Industry }, set: func(c *Customer, v string) error { c.Industry = v; return nil }},
	{Name: "province", Label: "Province",
		Aliases: []string{"省份", "省", "所在省份", "Province", "State"},
		get:     func(c *Customer) string { return c.Province }, set: func(c *Customer, v string) error { c.Province = v; return nil }},
	{Name: "city", Label: "City",
		Aliases: []string{"城市", "市", "所在城市", "City"},
		get:     func(c *Customer) string { return c.City }, set: func(c *Customer, v string) error { c.City = v; return nil }},
	{Name: "address", Label: "Address",
		Aliases: []string{"地址", "详细地址", "联系地址", "通讯地址", "Address"},
		get:     func(c *Customer) string { return c.Address }, set: func(c *Customer, v string) error { c.Address = v; return nil }},
	{Name: "phone", Label: "Phone",
		Aliases: []string{"电话", "手机", "联系电话", "手机号", "手机号码", "电话号码", "联系方式", "Phone", "Mobile", "Tel", "Telephone"},
		get:     func(c *Customer) string { return c.Phone }, set: func(c *Customer, v string) error { c.Phone = v; return nil }},
	{Name: "email", Label: "Email",
		Aliases: []string{"邮箱", "电子邮件", "电子邮箱", "Email", "E-mail", "Mail"},
		get:     func(c *Customer) string { return c.Email }, set: func(c *Customer, v string) error { c.Email = v; return nil }},
	{Name: "website", Label: "Website",
		Aliases: []string{"网站", "网址", "主页", "Website", "Web", "URL"},
		get:     func(c *Customer) string { return c.Website }, set: func(c *Customer, v string) error { c.Website = v; return nil }},
	{Name: "tax_id", Label: "Tax ID",
		Aliases: []string{"统一社会信用代码", "税号", "信用代码", "纳税人识别号", "Tax ID", "VAT"},
		get:     func(c *Customer) string { return c.TaxID }, set: func(c *Customer, v string) error { c.TaxID = v; return nil }},
	{Name: "owner", Label: "Owner",
		Aliases: []string{"负责人", "业务员", "销售", "客户经理", "Owner", "Sales rep", "Account owner"},
		get:     func(c *Customer) string { return c.Owner }, set: func(c *Customer, v string) error { c.Owner = v; return nil }},
	{Name: "source", Label: "Source", Enum: "source", Codes: Sources,
		Aliases: []string{"来源", "客户来源", "Source"},
		get:     func(c *Customer) string { return c.Source }, set: func(c *Customer, v string) error { c.Source = v; return nil }},
	{Name: "referred_by", Label: "Referred by",
		Aliases: []string{"引荐客户", "引荐人", "介绍人", "Referred by"},
		get:     func(c *Customer) string { return c.ReferredBy }, set: func(c *Customer, v string) error { c.ReferredBy = v; return nil }},
	// A revenue header that mentions 万 imports as importer's revenue_wan.
	{Name: "revenue", Label: "Annual revenue",
		Aliases: []string{"年销售额", "销售额", "年销售", "Revenue", "Annual revenue"},
		get:     getRevenue, set: setRevenue},
	{Name: "tags", Label: "Tags",
		Aliases: []string{"标签", "Tags", "Tag"},
		get:     func(c *Customer) string { return strings.Join(c.Tags, ", ") }, set: func(c *Customer, v string) error { c.Tags = splitTags(v); return nil }},
	{Name: "notes", Label: "Notes", Multi: true,
		Aliases: []string{"备注", "说明", "Notes", "Note", "Remark", "Remarks", "Comment", "Comments"},
		get:     func(c *Customer) string { return c.Notes }, set: func(c *Customer, v string) error { c.Notes = v; return nil }},
}

func getRevenue(c *Customer) string {
	if c.Revenue == 0 {
		return ""
	}
	return FormatMoney(c.Revenue)
}

// setRevenue reads an amount (ParseMoney); a revenue without a currency is
// in the default base currency.
func setRevenue(c *Customer, v string) error {
	if strings.TrimSpace(v) == "" {
		c.Revenue = 0
		return nil
	}
	m, err := ParseMoney(v)
	if err != nil {
		return err
	}
	c.Revenue = m
	if c.Currency == "" {
		c.Currency = DefaultBaseCurrency
	}
	return nil
}

// FieldByName finds a field by its snake_case name (a dash works too).
func FieldByName(name string) (Field, bool) {
	name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
	for _, f := range CustomerFields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// FieldNames lists the field names, for usage messages.
func FieldNames() []string {
	n := make([]string, len(CustomerFields))
	for i, f := range CustomerFields {
		n[i] = f.Name
	}
	return n
}

// Get returns the field's value as text.
func (f Field) Get(c *Customer) string { return f.get(c) }

// Put stores v in the field as it is given: an enumeration takes its code
// (app.Field.Set reads labels and variants first); revenue is read by
// ParseMoney, whose error it returns unwrapped.
func (f Field) Put(c *Customer, v string) error { return f.set(c, v) }

// uncheckedFields are the rows of CustomerFields that CheckRecord's
// customer checks do not name, found once by running them with the names
// recorded: CheckRecord gives these the limit of their kind.
func uncheckedFields() []Field {
	unchecked.once.Do(func() {
		v := &checker{named: map[string]bool{}}
		v.customer(&Customer{})
		for _, f := range CustomerFields {
			if !v.named[f.Name] {
				unchecked.fields = append(unchecked.fields, f)
			}
		}
	})
	return unchecked.fields
}

var unchecked struct {
	once   sync.Once
	fields []Field
}

func splitTags(v string) []string {
	var tags []string
	for _, t := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' }) {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}
