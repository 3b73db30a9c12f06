package sales

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"
)

// Row rejection reasons (English; translated at the edge).
const (
	msgNoDate     = "No date."
	msgBadDate    = "Not a date: write it like 2024-01-05, 2024/1/5 or 2024年1月5日."
	msgNoCustomer = "No customer."
	msgNoAmount   = "No amount."
	msgBadAmount  = "Not an amount: write it like 1,234.56."
	msgBadCurr    = "Not a currency: use a code such as CNY or USD."
	msgNoRate     = "No exchange rate for this currency on that date: add one with kehu rate set, then import the row again."
	msgBadQty     = "Not a whole quantity; kept in the note."
)

var dollar = strings.NewReplacer("US$", "", "$", "")

// salesCols are the columns of the mapped fields (-1 when absent).
type salesCols struct{ date, customer, product, quantity, amount, currency, note int }

func newSalesCols(mapping []string) salesCols {
	c := salesCols{-1, -1, -1, -1, -1, -1, -1}
	for i, m := range mapping {
		p := map[string]*int{"date": &c.date, "customer": &c.customer, "product": &c.product, "quantity": &c.quantity,
			"amount": &c.amount, "currency": &c.currency, "note": &c.note}[m]
		if p != nil && *p < 0 {
			*p = i
		}
	}
	return c
}

// salesRowReader turns rows into sales.
type salesRowReader struct {
	header  []string
	mapping []string
	cols    salesCols
	base    string
	rates   func(amount int64, currency, date string) error
	// resolved holds the customer cells already matched, which need no
	// second look.
	resolved map[string]uint32
	// dates holds the date cells already read, with their place in rows:
	// a file has a few hundred dates over a million rows.
	dates map[string]dateCell
	rows  *data.SaleRows
}

type dateCell struct {
	date string
	idx  uint32 // in rows.Strings
}

// cell is row's cell i without the spaces around it (ideographic ones
// too: unicode.IsSpace has U+3000).
func cell(row importer.Row, i int) string {
	if i < 0 || i >= len(row.Cells) {
		return ""
	}
	c := row.Cells[i]
	if c == "" {
		return c
	}
	// The usual cell has nothing to trim.
	if c[0] > ' ' && c[0] < utf8.RuneSelf && c[len(c)-1] > ' ' && c[len(c)-1] < utf8.RuneSelf {
		return c
	}
	first, _ := utf8.DecodeRuneInString(c)
	last, _ := utf8.DecodeLastRuneInString(c)
	if first > ' ' && last > ' ' && !unicode.IsSpace(first) && !unicode.IsSpace(last) {
		return c
	}
	return strings.TrimSpace(c)
}

// invalidMsg is the English message of a data.CheckRecord error: the
// reason a row is rejected.
func invalidMsg(err error) string {
	var ie *model.InvalidError
	if errors.As(err, &ie) {
		return ie.Msg
	}
	return err.Error()
}

// saleFields are a row's sale: customer is the customer's text.
type saleFields struct {
	date, customer, product, currency, note string
	quantity, amount                        int64
	cust, dateIdx                           uint32 // places in the rows' strings (the customer's when known)
	known                                   bool
}

// read parses a row: the sale, or the reason it is rejected; warnings for
// what was kept in the note.
func (r *salesRowReader) read(row importer.Row) (saleFields, string, []importer.RowIssue) {
	var warns []importer.RowIssue
	sale := saleFields{currency: r.base}
	d := cell(row, r.cols.date)
	if d == "" {
		return sale, msgNoDate, nil
	}
	dc, ok := r.dates[d]
	if !ok {
		date, err := model.ParseFileDate(d)
		if err != nil {
			return sale, msgBadDate, nil
		}
		dc = dateCell{date: date, idx: r.rows.Intern(date)}
		if r.dates == nil {
			r.dates = map[string]dateCell{}
		}
		if len(r.dates) < 100_000 {
			r.dates[strings.Clone(d)] = dc
		}
	}
	sale.date, sale.dateIdx = dc.date, dc.idx
	sale.customer = cell(row, r.cols.customer)
	if sale.cust, sale.known = r.resolved[sale.customer]; !sale.known && model.Normalize(sale.customer) == "" {
		return sale, msgNoCustomer, nil
	}
	if !sale.known {
		// It may become a new customer: its name must make one.
		if err := model.CheckRecord(&model.Customer{Name: sale.customer}); err != nil {
			return sale, invalidMsg(err), nil
		}
	}
	a := cell(row, r.cols.amount)
	if a == "" {
		return sale, msgNoAmount, nil
	}
	if strings.IndexByte(a, '$') >= 0 {
		a = dollar.Replace(a)
	}
	var err error
	if sale.amount, err = model.ParseMoney(a); err != nil {
		return sale, msgBadAmount, nil
	}
	if c := cell(row, r.cols.currency); c != "" {
		if sale.currency, err = model.NormalizeCurrency(c); err != nil {
			return sale, msgBadCurr, nil
		}
	}
	if r.rates(sale.amount, sale.currency, sale.date) != nil {
		return sale, msgNoRate, nil
	}
	sale.product = cell(row, r.cols.product)
	var notes []string
	if q := cell(row, r.cols.quantity); q != "" {
		if strings.IndexByte(q, ',') >= 0 {
			q = strings.ReplaceAll(q, ",", "")
		}
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil {
			q = cell(row, r.cols.quantity)
			warns = append(warns, importer.RowIssue{Line: row.Line, Column: r.header[r.cols.quantity], Msg: msgBadQty, Value: q, Warning: true})
			notes = append(notes, r.header[r.cols.quantity]+": "+q)
		}
		sale.quantity = n
	}
	if n := cell(row, r.cols.note); n != "" {
		notes = append(notes, n)
	}
	for i, m := range r.mapping {
		if m == "" {
			if v := cell(row, i); v != "" {
				notes = append(notes, r.header[i]+": "+v)
			}
		}
	}
	for _, v := range row.Extra {
		if v = strings.TrimSpace(v); v != "" {
			notes = append(notes, v)
		}
	}
	sale.note = strings.Join(notes, "\n")
	// The checks every stored sale passes (dates 1900–2100, amounts within
	// ±10^13, lengths); the customer's id is checked where it is made.
	if err := model.CheckSale(&model.Sale{CustomerID: "-", Date: sale.date, Product: sale.product, Quantity: sale.quantity,
		Amount: sale.amount, Currency: sale.currency, Note: sale.note}); err != nil {
		return sale, invalidMsg(err), nil
	}
	return sale, "", warns
}
