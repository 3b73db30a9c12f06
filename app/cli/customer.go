package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app/enum"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// money is an amount in minor units: JSON and CSV write it as "1234.50",
// the table as "1,234.50".
type money int64

func (m money) String() string { return model.FormatMoney(int64(m)) }

// MarshalJSON writes the amount as a decimal string with two decimals.
func (m money) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

func showMoney(v any) string {
	if m, ok := v.(money); ok {
		return model.GroupMoney(int64(m))
	}
	return plain(v)
}

// label is the English label of a customer field, for table headers.
func label(name string) string {
	if f, ok := customers.FieldByName(name); ok {
		return f.Label
	}
	return name
}

// listColumns are the columns of `customer list`; their keys are the JSON
// contract.
var listColumns = []Column{
	{Key: "id", Label: "ID"},
	{Key: "name", Label: label("name")},
	{Key: "tier", Label: label("tier"), Enum: "tier"},
	{Key: "stage", Label: label("stage"), Enum: "stage"},
	{Key: "province", Label: label("province")},
	{Key: "city", Label: label("city")},
	{Key: "phone", Label: label("phone")},
	{Key: "revenue", Label: label("revenue"), Show: showMoney, Right: true},
	{Key: "sales_12m", Label: "Sales, last 12 months", Show: showMoney, Right: true},
}

// tableRows is how many rows a table shows unless --limit says otherwise.
const tableRows = 50

func runList(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "customer list"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	q := customers.Query{Search: flags["search"], Owner: flags["owner"], Sort: strings.ToLower(flags["sort"])}
	var err error
	if q.Tier, err = enumFlag(cmd, flags, "tier"); err != nil {
		return err
	}
	if q.Stage, err = enumFlag(cmd, flags, "stage"); err != nil {
		return err
	}
	if q.Sort == "" {
		q.Sort = "name"
	}
	if !slices.Contains(customers.SortKeys, q.Sort) {
		return usageErr(cmd, "Unknown sort key {{.Key}}: use one of {{.Keys}}.", map[string]any{"Key": q.Sort, "Keys": strings.Join(customers.SortKeys, ", ")})
	}
	q.Desc = q.Sort == "revenue" || q.Sort == "updated" || q.Sort == customers.SortRecent
	if flags["asc"] != "" && flags["desc"] != "" {
		return usageErr(cmd, "Give --asc or --desc, not both.")
	}
	if flags["asc"] != "" {
		q.Desc = false
	} else if flags["desc"] != "" {
		q.Desc = true
	}
	if q.Limit, err = intFlag(cmd, flags, "limit", 0, 1); err != nil {
		return err
	}
	truncate := q.Limit == 0 && c.format == formatTable
	if truncate {
		q.Limit = tableRows
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	rows, total, err := svc.Customers.List(q)
	if err != nil {
		return err
	}
	recent, err := svc.Customers.RecentSales()
	if err != nil {
		return err
	}
	t := &Table{Cols: listColumns, Rows: make([][]any, len(rows))}
	for i, r := range rows {
		t.Rows[i] = []any{r.ID, r.Name, r.Tier, r.Stage, r.Province, r.City, r.Phone, money(r.Revenue), money(recent[r.ID])}
	}
	if truncate {
		t.More = total - len(rows)
	}
	return t.write(c.stdout, c.format)
}

// enumFlag reads a flag holding an enumeration code (or its label).
func enumFlag(cmd string, flags map[string]string, name string) (string, error) {
	v := strings.TrimSpace(flags[name])
	if v == "" {
		return "", nil
	}
	f, _ := customers.FieldByName(name)
	if code, ok := enumCode(f, v); ok {
		return code, nil
	}
	return "", usageErr(cmd, "Unknown {{.Flag}} {{.Value}}: use one of {{.Codes}}.",
		map[string]any{"Flag": name, "Value": strconv.Quote(v), "Codes": strings.Join(f.Codes, ", ")})
}

// enumCode maps a code, a label in either language or a variant ("S 战略客户",
// "战略客户", "A级", "稳定期") to the code.
func enumCode(f customers.Field, v string) (string, bool) {
	return enum.ParseCode(f.Enum, f.Codes, v)
}

func runAdd(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("customer add", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	cust := &model.Customer{}
	for _, f := range customers.Fields {
		if v, ok := flags[f.Name]; ok {
			if err := setField(svc, cust, f, v); err != nil {
				return err
			}
		}
	}
	ps, err := svc.Customers.Add(cust)
	if err := c.saved(ps, err); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, cust.ID)
	return nil
}

func runSet(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "customer set"
	if len(pos) < 2 {
		return usageErr(cmd, "Give a customer and at least one FIELD=VALUE.")
	}
	type pair struct {
		f customers.Field
		v string
	}
	var pairs []pair
	for _, a := range pos[1:] {
		name, v, ok := strings.Cut(a, "=")
		if !ok {
			return usageErr(cmd, "{{.Arg}} is not FIELD=VALUE.", map[string]any{"Arg": strconv.Quote(a)})
		}
		f, ok := customers.FieldByName(name)
		if !ok {
			return usageErr(cmd, "Unknown field {{.Field}}: use one of {{.Fields}}.",
				map[string]any{"Field": strconv.Quote(name), "Fields": strings.Join(customers.FieldNames(), ", ")})
		}
		pairs = append(pairs, pair{f, v})
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	cust, err := resolve(svc, pos[0])
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if err := setField(svc, cust, p.f, p.v); err != nil {
			return err
		}
	}
	ps, err := svc.Customers.Update(cust)
	if err := c.saved(ps, err); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("Saved {{.Name}} ({{.ID}}).", map[string]any{"Name": cust.Name, "ID": cust.ID}))
	return nil
}

func runDelete(c *ctx, flags map[string]string, pos []string) error {
	if len(pos) != 1 {
		return usageErr("customer delete", "Give one customer id or name (quote a name with spaces).")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	cust, err := resolve(svc, pos[0])
	if err != nil {
		return err
	}
	ins, err := svc.Customers.Interactions(cust.ID)
	if err != nil {
		return err
	}
	if _, err := svc.Customers.Delete(cust.ID); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, i18n.L("Deleted {{.Name}} ({{.ID}}) with {{.Contacts}} contacts and {{.Interactions}} interactions.",
		map[string]any{"Name": cust.Name, "ID": cust.ID, "Contacts": len(cust.Contacts), "Interactions": len(ins)}))
	return nil
}

// resolve finds the customer a reference means, or says how to find it.
func resolve(svc *app.Service, ref string) (*model.Customer, error) {
	cust, err := svc.Customers.Resolve(ref)
	if errors.Is(err, model.ErrNotFound) {
		return nil, fail("customer {{.Ref}} not found: run 'kehu customer list --search TEXT' to find it.", map[string]any{"Ref": model.Shorten(ref)})
	}
	return cust, err
}

// setField parses one field's value; referred_by takes a customer reference.
func setField(svc *app.Service, cust *model.Customer, f customers.Field, v string) error {
	v = strings.TrimSpace(v)
	if f.Enum != "" && v != "" {
		if code, ok := enumCode(f, v); ok {
			v = code
		}
	}
	if f.Name == "referred_by" && v != "" {
		ref, err := resolve(svc, v)
		if err != nil {
			return err
		}
		v = ref.ID
	}
	err := f.Set(cust, v)
	switch {
	case err == nil:
		return nil
	case f.Enum != "":
		return fail("{{.Field}}: {{.Value}} is not a valid value: use one of {{.Codes}}.",
			map[string]any{"Field": f.Name, "Value": strconv.Quote(v), "Codes": strings.Join(f.Codes, ", ")})
	case f.Name == "revenue":
		return fail("{{.Field}}: {{.Value}} is not an amount: write it like 1,200.50 or 30万.",
			map[string]any{"Field": f.Name, "Value": strconv.Quote(v)})
	}
	return err
}

// saved reports the outcome of a save: warnings on stderr, errors as the
// command's error.
func (c *ctx) saved(ps customers.Problems, err error) error {
	if errors.Is(err, model.ErrInvalid) {
		e := ps.Errors()
		msgs := make([]string, len(e))
		for i, p := range e {
			msgs[i] = p.Field + ": " + i18n.L(p.Msg)
		}
		return fail("Not saved: {{.Problems}}", map[string]any{"Problems": strings.Join(msgs, "; ")})
	}
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Warn {
			fmt.Fprintln(c.stderr, i18n.L("warning: {{.Field}}: {{.Msg}}", map[string]any{"Field": p.Field, "Msg": i18n.L(p.Msg)}))
		}
	}
	return nil
}
