package views

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/sales"
)

// saleForm is the dialog that records a sale or changes one: customer
// (searched by name, or fixed when opened from a customer's page), date,
// product, quantity, amount, currency and note, each checked as typed.
type saleForm struct {
	u     *UI
	sale  *model.Sale     // the stored sale being edited; nil for a new one
	fixed *model.Customer // the customer when opened from its page

	customer *suggestEntry
	names    map[string]string // names offered by the customer entry → ids
	offered  []string          // the names offered last
	date     *keyEntry
	product  *keySelectEntry
	quantity *keyEntry
	amount   *keyEntry
	currency *keySelectEntry
	note     *keyEntry
	dlg      *formDialog
	entries  map[string]*widget.Entry // the fields' entries by field, to mark them

	saved func(*model.Sale) // after a successful save
}

// showSaleForm opens the sale dialog. sale is nil for a new sale; fixed is
// the customer when the form is opened from its page (then it cannot
// change); preset pre-fills the customer of a new sale otherwise.
func showSaleForm(u *UI, sale *model.Sale, fixed *model.Customer, preset string, saved func(*model.Sale)) *saleForm {
	f := newSaleForm(u, sale, fixed, preset, saved)
	f.dlg.Show()
	if fixed == nil && sale == nil && preset == "" {
		u.win.Canvas().Focus(f.customer)
	}
	return f
}

func newSaleForm(u *UI, sale *model.Sale, fixed *model.Customer, preset string, saved func(*model.Sale)) *saleForm {
	f := &saleForm{u: u, sale: sale, fixed: fixed, names: map[string]string{}, saved: saved}
	svc := u.svc

	f.customer = newSuggestEntry()
	f.customer.SetPlaceHolder(i18n.L("Customer: type to search"))
	f.customer.check = f.checkCustomer // when leaving it: not while typing
	f.customer.OnChanged = f.searchCustomers

	f.date = newEntry()
	u.dateField(f.date, false)
	f.product = newSelectEntry(seenProducts(svc))
	f.product.SetPlaceHolder(i18n.L("Product"))
	f.quantity = newEntry()
	f.quantity.SetPlaceHolder("0")
	f.quantity.Validator = func(s string) error {
		if _, err := parseQuantity(s); err != nil {
			return errors.New(i18n.L("Write the quantity as a whole number."))
		}
		return nil
	}
	f.amount = newEntry()
	f.amount.SetPlaceHolder("1,200.50")
	f.amount.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(i18n.L("A sale needs an amount."))
		}
		if _, err := model.ParseMoney(s); err != nil {
			return errors.New(i18n.L("Write an amount like 1,200.50."))
		}
		return nil
	}
	f.currency = newSelectEntry(baseCurrencies)
	f.currency.Validator = func(s string) error {
		if c, err := sales.CurrencyCode(s); err != nil || c == "" {
			return errors.New(i18n.L("Write a currency code like CNY or USD."))
		}
		return nil
	}
	f.note = newMultiLineEntry()
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord

	// The values: the sale's, or today's date and the base currency.
	base, err := svc.Sales.BaseCurrency()
	if err != nil || base == "" {
		base = model.DefaultBaseCurrency
	}
	title := i18n.L("New sale")
	if sale != nil {
		title = i18n.L("Edit sale")
		f.date.SetText(sale.Date)
		f.product.SetText(sale.Product)
		if sale.Quantity != 0 {
			f.quantity.SetText(strconv.FormatInt(sale.Quantity, 10))
		}
		f.amount.SetText(model.GroupMoney(sale.Amount))
		f.currency.SetText(sale.Currency)
		f.note.SetText(sale.Note)
	} else {
		f.date.SetText(u.svc.Now().Local().Format(time.DateOnly))
		f.currency.SetText(base)
	}
	switch {
	case fixed != nil:
		f.setCustomer(fixed.ID, fixed.Name)
		f.customer.Disable()
	case sale != nil:
		if c, err := svc.Customers.Get(sale.CustomerID); err == nil {
			f.setCustomer(c.ID, c.Name)
		}
	case preset != "":
		if c, err := svc.Customers.Get(preset); err == nil {
			f.setCustomer(c.ID, c.Name)
		}
	}

	msgs := map[string]*widget.Label{}
	item := func(label, field string, in fyne.CanvasObject) *widget.FormItem {
		msgs[field] = newFieldMsg()
		return widget.NewFormItem(label, withMsg(in, msgs[field]))
	}
	f.entries = map[string]*widget.Entry{"customer": &f.customer.Entry, "date": &f.date.Entry, "product": &f.product.Entry,
		"quantity": &f.quantity.Entry, "amount": &f.amount.Entry, "currency": &f.currency.Entry, "note": &f.note.Entry}
	items := []*widget.FormItem{
		item(requiredLabel("Customer"), "customer", f.customer),
		item(requiredLabel("Date"), "date", f.date),
		item(i18n.L("Product"), "product", f.product),
		item(i18n.L("Quantity"), "quantity", f.quantity),
		item(requiredLabel("Amount"), "amount", f.amount),
		item(requiredLabel("Currency"), "currency", f.currency),
		item(i18n.L("Note"), "note", f.note),
	}
	items[1].HintText = i18n.L("2024-01-05, 2024/1/5 or 2024年1月5日")
	f.dlg = newFormDialog(title, i18n.L("Save"), widget.NewForm(items...), u.win, f.save)
	f.dlg.msgs = msgs
	f.dlg.width = 520
	f.customer.msg = msgs["customer"]
	return f
}

// setCustomer shows a customer in the entry and remembers its id.
func (f *saleForm) setCustomer(id, name string) {
	f.names[name] = id
	f.customer.SetText(name)
}

// searchCustomers offers the customers matching what is typed.
func (f *saleForm) searchCustomers(text string) {
	text = strings.TrimSpace(text)
	if f.fixed != nil || text == "" {
		return
	}
	if _, ok := f.names[text]; ok {
		return
	}
	rows, _, err := f.u.svc.Customers.List(customers.Query{Search: text, Limit: 20})
	if err != nil {
		return
	}
	opts := make([]string, 0, len(rows))
	for _, r := range rows {
		if !slices.Contains(opts, r.Name) {
			f.names[r.Name] = r.ID
			opts = append(opts, r.Name)
		}
	}
	f.offered = opts
	f.customer.SetOptions(opts)
}

// customerID is the id of the customer the entry names, "" if none.
func (f *saleForm) customerID() string {
	if f.fixed != nil {
		return f.fixed.ID
	}
	text := strings.TrimSpace(f.customer.Text)
	if text == "" {
		return ""
	}
	if id, ok := f.names[text]; ok {
		return id
	}
	if c, err := f.u.svc.Customers.Resolve(text); err == nil {
		f.names[text] = c.ID
		return c.ID
	}
	return ""
}

func (f *saleForm) checkCustomer(string) error {
	if f.customerID() == "" {
		return errors.New(i18n.L("Choose a customer from the list."))
	}
	return nil
}

// save stores the sale; on failure the form stays open with what was typed
// and the reason under the field it is about.
func (f *saleForm) save() bool {
	err := f.store()
	bad := map[string]string{}
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			bad[fe.field] = fe.msg
		} else {
			field, msg := errMsg(err)
			if _, ok := f.entries[field]; !ok {
				field = ""
			}
			bad[field] = msg
		}
	}
	f.dlg.showProblems(bad, f.entries)
	return err == nil
}

// fieldError is a refused value of one of the form's fields.
type fieldError struct{ field, msg string }

func (e *fieldError) Error() string { return e.msg }

// store reads the fields into a sale and adds or updates it.
func (f *saleForm) store() error {
	var x model.Sale
	if f.sale != nil {
		x = *f.sale
	}
	x.CustomerID = f.customerID()
	if x.CustomerID == "" {
		return &fieldError{"customer", i18n.L("Choose a customer from the list.")}
	}
	var err error
	if x.Date, err = f.u.parseDate(f.date.Text); err != nil {
		return &fieldError{"date", err.Error()}
	}
	if x.Amount, err = model.ParseMoney(f.amount.Text); err != nil || strings.TrimSpace(f.amount.Text) == "" {
		return &fieldError{"amount", i18n.L("Write an amount like 1,200.50.")}
	}
	if x.Quantity, err = parseQuantity(f.quantity.Text); err != nil {
		return &fieldError{"quantity", i18n.L("Write the quantity as a whole number.")}
	}
	if x.Currency, err = sales.CurrencyCode(f.currency.Text); err != nil {
		return &fieldError{"currency", i18n.L("Write a currency code like CNY or USD.")}
	}
	x.Product = strings.TrimSpace(f.product.Text)
	x.Note = strings.TrimSpace(f.note.Text)
	if f.sale != nil {
		err = f.u.svc.Sales.Update(&x)
	} else {
		err = f.u.svc.Sales.Add(&x)
	}
	if err != nil {
		if errors.Is(err, model.ErrNoRate) {
			return errors.New(i18n.L("There is no exchange rate for {{.Currency}} on {{.Date}}: add one in Settings first.",
				map[string]any{"Currency": x.Currency, "Date": x.Date}))
		}
		return err
	}
	if f.saved != nil {
		f.saved(&x)
	}
	return nil
}

// parseQuantity reads a whole number; empty is 0.
func parseQuantity(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// seenProducts are the products the sales have, sorted.
func seenProducts(svc *app.Service) []string {
	tot, err := svc.Reports.Breakdown(model.DimProduct, "", "")
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range tot {
		if t.Value != "" {
			out = append(out, t.Value)
		}
	}
	slices.Sort(out)
	return out
}
