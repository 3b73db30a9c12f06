package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// shownInteractions is how many of the latest interactions the table shows.
const shownInteractions = 10

// customerJSON is `customer show --format json`: the customer's record with
// revenue as a decimal string, and its interactions, newest first.
type customerJSON struct {
	*model.Customer
	Revenue      money                `json:"revenue"`
	Interactions []*model.Interaction `json:"interactions"`
}

func runShow(c *ctx, flags map[string]string, pos []string) error {
	if len(pos) != 1 {
		return usageErr("customer show", "Give one customer id or name (quote a name with spaces).")
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
	switch c.format {
	case formatJSON:
		if ins == nil {
			ins = []*model.Interaction{}
		}
		b, err := json.MarshalIndent(customerJSON{cust, money(cust.Revenue), ins}, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(c.stdout, "%s\n", b)
		return err
	case formatCSV:
		return customerCSV(cust).write(c.stdout, formatCSV)
	}
	return showCustomer(c, svc, cust, ins)
}

// customerCSV is one customer as a CSV header and row: every field by name.
func customerCSV(cust *model.Customer) *Table {
	t := &Table{Rows: [][]any{{cust.ID}}}
	t.Cols = append(t.Cols, Column{Key: "id"})
	for _, f := range customers.Fields {
		t.Cols = append(t.Cols, Column{Key: f.Name})
		v := any(f.Get(cust))
		if f.Name == "revenue" {
			v = money(cust.Revenue)
		}
		t.Rows[0] = append(t.Rows[0], v)
	}
	t.Cols = append(t.Cols, Column{Key: "currency"}, Column{Key: "created"}, Column{Key: "updated"})
	t.Rows[0] = append(t.Rows[0], cust.Currency, cust.Created.Format(time.RFC3339), cust.Updated.Format(time.RFC3339))
	return t
}

// showCustomer prints a customer for people: its fields as label and value,
// then its contacts and latest interactions as tables.
func showCustomer(c *ctx, svc *app.Service, cust *model.Customer, ins []*model.Interaction) error {
	w := bufio.NewWriter(c.stdout)
	rows := [][]string{{i18n.L("ID"), cust.ID}}
	for _, f := range customers.Fields {
		v := f.Get(cust)
		switch {
		case f.Enum != "":
			v = i18n.Enum(f.Enum, v)
		case f.Name == "revenue" && cust.Revenue != 0:
			v = model.GroupMoney(cust.Revenue) + " " + cust.Currency
		case f.Name == "referred_by" && v != "":
			if r, err := svc.Customers.Get(v); err == nil {
				v = r.Name + " (" + v + ")"
			}
		}
		rows = append(rows, []string{i18n.L(f.Label), oneLine(v)})
	}
	rows = append(rows,
		[]string{i18n.L("Created"), localTime(cust.Created)},
		[]string{i18n.L("Updated"), localTime(cust.Updated)})
	writeAligned(w, rows, nil, false)

	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.L("Contacts ({{.N}})", map[string]any{"N": len(cust.Contacts)}))
	if len(cust.Contacts) > 0 {
		t := &Table{Cols: []Column{{Key: "name", Label: "Contact"}, {Key: "title", Label: "Title"},
			{Key: "role", Label: "Role", Enum: "role"}, {Key: "phone", Label: "Phone"},
			{Key: "email", Label: "Email"}, {Key: "wechat", Label: "WeChat"}}}
		for _, ct := range cust.Contacts {
			t.Rows = append(t.Rows, []any{ct.Name, ct.Title, ct.Role, ct.Phone, ct.Email, ct.WeChat})
		}
		t.writeTable(w)
	}

	fmt.Fprintln(w)
	shown := ins[:min(len(ins), shownInteractions)]
	fmt.Fprintln(w, i18n.L("Latest interactions ({{.N}} of {{.Total}})", map[string]any{"N": len(shown), "Total": len(ins)}))
	if len(shown) > 0 {
		t := &Table{Cols: []Column{{Key: "date", Label: "Date"}, {Key: "kind", Label: "Kind", Enum: "kind"},
			{Key: "staff", Label: "Staff"}, {Key: "contact", Label: "Contact"},
			{Key: "summary", Label: "Summary"}, {Key: "follow_up", Label: "Follow-up"}}}
		for _, in := range shown {
			t.Rows = append(t.Rows, []any{in.Date.Local().Format(time.DateOnly), in.Kind, in.Staff, in.Contact, in.Summary, in.FollowUp})
		}
		t.writeTable(w)
	}
	return w.Flush()
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}
