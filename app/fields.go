package app

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/enum"
)

// Field is one editable customer field. The table below serves the CLI's
// `--FIELD VALUE` and `FIELD=VALUE`, the window's form and, later, import
// mapping, so a field is named and parsed in one place.
type Field struct {
	Name  string   // snake_case, as in the CLI and JSON
	Label string   // English label; the interface translates it
	Enum  string   // enumeration kind ("tier", "stage" …) or ""
	Codes []string // the allowed codes of an enumeration
	Multi bool     // multi-line text
	get   func(c *model.Customer) string
	set   func(c *model.Customer, v string) error
}

// Fields lists the customer's editable fields in form order.
var Fields = []Field{
	{Name: "name", Label: "Name", get: func(c *model.Customer) string { return c.Name }, set: func(c *model.Customer, v string) error { c.Name = v; return nil }},
	{Name: "short_name", Label: "Short name", get: func(c *model.Customer) string { return c.ShortName }, set: func(c *model.Customer, v string) error { c.ShortName = v; return nil }},
	{Name: "type", Label: "Type", Enum: "type", Codes: model.Types, get: func(c *model.Customer) string { return c.Type }, set: func(c *model.Customer, v string) error { c.Type = v; return nil }},
	{Name: "tier", Label: "Tier", Enum: "tier", Codes: model.Tiers, get: func(c *model.Customer) string { return c.Tier }, set: func(c *model.Customer, v string) error { c.Tier = strings.ToUpper(v); return nil }},
	{Name: "stage", Label: "Stage", Enum: "stage", Codes: model.Stages, get: func(c *model.Customer) string { return c.Stage }, set: func(c *model.Customer, v string) error { c.Stage = v; return nil }},
	{Name: "loyalty", Label: "Loyalty", Enum: "loyalty", Codes: model.LoyaltyStages, get: func(c *model.Customer) string { return c.Loyalty }, set: func(c *model.Customer, v string) error { c.Loyalty = v; return nil }},
	{Name: "fit", Label: "Strategic fit", Enum: "fit", Codes: model.FitLevels, get: func(c *model.Customer) string { return c.Fit }, set: func(c *model.Customer, v string) error { c.Fit = v; return nil }},
	{Name: "industry", Label: "Industry", get: func(c *model.Customer) string { return c.Industry }, set: func(c *model.Customer, v string) error { c.Industry = v; return nil }},
	{Name: "province", Label: "Province", get: func(c *model.Customer) string { return c.Province }, set: func(c *model.Customer, v string) error { c.Province = v; return nil }},
	{Name: "city", Label: "City", get: func(c *model.Customer) string { return c.City }, set: func(c *model.Customer, v string) error { c.City = v; return nil }},
	{Name: "address", Label: "Address", get: func(c *model.Customer) string { return c.Address }, set: func(c *model.Customer, v string) error { c.Address = v; return nil }},
	{Name: "phone", Label: "Phone", get: func(c *model.Customer) string { return c.Phone }, set: func(c *model.Customer, v string) error { c.Phone = v; return nil }},
	{Name: "email", Label: "Email", get: func(c *model.Customer) string { return c.Email }, set: func(c *model.Customer, v string) error { c.Email = v; return nil }},
	{Name: "website", Label: "Website", get: func(c *model.Customer) string { return c.Website }, set: func(c *model.Customer, v string) error { c.Website = v; return nil }},
	{Name: "tax_id", Label: "Tax ID", get: func(c *model.Customer) string { return c.TaxID }, set: func(c *model.Customer, v string) error { c.TaxID = v; return nil }},
	{Name: "owner", Label: "Owner", get: func(c *model.Customer) string { return c.Owner }, set: func(c *model.Customer, v string) error { c.Owner = v; return nil }},
	{Name: "source", Label: "Source", Enum: "source", Codes: model.Sources, get: func(c *model.Customer) string { return c.Source }, set: func(c *model.Customer, v string) error { c.Source = v; return nil }},
	{Name: "referred_by", Label: "Referred by", get: func(c *model.Customer) string { return c.ReferredBy }, set: func(c *model.Customer, v string) error { c.ReferredBy = v; return nil }},
	{Name: "revenue", Label: "Annual revenue", get: func(c *model.Customer) string {
		if c.Revenue == 0 {
			return ""
		}
		return model.FormatMoney(c.Revenue)
	}, set: func(c *model.Customer, v string) error {
		if strings.TrimSpace(v) == "" {
			c.Revenue = 0
			return nil
		}
		m, err := model.ParseMoney(v)
		if err != nil {
			return err
		}
		c.Revenue = m
		if c.Currency == "" {
			c.Currency = model.DefaultBaseCurrency
		}
		return nil
	}},
	{Name: "tags", Label: "Tags", get: func(c *model.Customer) string { return strings.Join(c.Tags, ", ") }, set: func(c *model.Customer, v string) error { c.Tags = splitTags(v); return nil }},
	{Name: "notes", Label: "Notes", Multi: true, get: func(c *model.Customer) string { return c.Notes }, set: func(c *model.Customer, v string) error { c.Notes = v; return nil }},
}

// FieldByName finds a field by its snake_case name (a dash works too).
func FieldByName(name string) (Field, bool) {
	name = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// FieldNames lists the field names, for usage messages.
func FieldNames() []string {
	n := make([]string, len(Fields))
	for i, f := range Fields {
		n[i] = f.Name
	}
	return n
}

// Get returns the field's value as text.
func (f Field) Get(c *model.Customer) string { return f.get(c) }

// Set parses v into the field. Enumerations take their code ("S", "stable"),
// a label or a variant ("S 战略客户", "A级", "批发商"): see ParseCode.
func (f Field) Set(c *model.Customer, v string) error {
	v = strings.TrimSpace(v)
	if f.Enum != "" && v != "" {
		code, ok := ParseCode(f.Enum, f.Codes, v)
		if !ok {
			return fmt.Errorf("%s %q: %w (one of %s)", f.Name, v, model.ErrBadValue, strings.Join(f.Codes, ", "))
		}
		v = code
	}
	if err := f.set(c, v); err != nil {
		return fmt.Errorf("%s %q: %w", f.Name, v, err)
	}
	return nil
}

// ParseCode reads a value of the enumeration kind, one of codes: the code,
// its zh or en label, Kehu's export form or a variant (enum.Parse). The
// window, the command line and import all read enumerations through it.
func ParseCode(kind string, codes []string, v string) (string, bool) {
	if code, ok := enum.Parse(kind, v); ok && slices.Contains(codes, code) {
		return code, true
	}
	return matchCode(codes, strings.TrimSpace(v))
}

func matchCode(codes []string, v string) (string, bool) {
	i := slices.IndexFunc(codes, func(c string) bool { return strings.EqualFold(c, v) })
	if i < 0 {
		return "", false
	}
	return codes[i], true
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
