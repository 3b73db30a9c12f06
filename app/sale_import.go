package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/app/sales"
	"github.com/kehu-crm/kehu/data"
)

// packChunk is how many sales of a big import one transaction writes packed,
// when they cannot be streamed.
const packChunk = 50_000

// SalesImportSummary accounts for every row of a sales import:
// Rows == Imported + Rejected + Blank.
type SalesImportSummary struct {
	Batch            string     `json:"batch"`
	Rows             int        `json:"rows"`
	Imported         int        `json:"imported"`
	Rejected         int        `json:"rejected"`
	Blank            int        `json:"blank"`
	CustomersCreated int        `json:"customers_created"`
	RejectedFile     string     `json:"rejected_file"`
	Warnings         []RowIssue `json:"-"`
	Rejects          []RowIssue `json:"-"`
}

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

// ErrSalesColumns means a sales file lacks a column the import needs.
var ErrSalesColumns = errors.New("the file needs date, customer and amount columns")

// ReadSalesImport reads a sales file and guesses its column mapping.
func ReadSalesImport(path string, o ImportOptions) (*importer.Table, []string, error) {
	t, err := importer.Read(path, o.Options)
	if err != nil {
		return nil, nil, err
	}
	m, err := importer.ApplyMap(t.Header, importer.GuessMapping(t.Header, importer.SalesTargets), o.Map, importer.SalesTargets)
	if err != nil {
		return nil, nil, err
	}
	return t, m, nil
}

// ImportSalesFile reads and imports a sales list. The rows are read once,
// into compact rows (data.SaleRows) rather than sales: a row holds no
// pointers, and each distinct customer, product or date once.
func (s *Service) ImportSalesFile(ctx context.Context, path string, o ImportOptions) (*SalesImportSummary, error) {
	sc, err := importer.NewScanner(path, o.Options)
	if err != nil {
		return nil, err
	}
	t := sc.Table()
	m, err := importer.ApplyMap(t.Header, importer.GuessMapping(t.Header, importer.SalesTargets), o.Map, importer.SalesTargets)
	if err != nil {
		return nil, err
	}
	return s.importSales(ctx, t, readAhead(sc.Each), sc.Len(), m, o)
}

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
func (r *salesRowReader) read(row importer.Row) (saleFields, string, []RowIssue) {
	var warns []RowIssue
	sale := saleFields{currency: r.base}
	d := cell(row, r.cols.date)
	if d == "" {
		return sale, msgNoDate, nil
	}
	dc, ok := r.dates[d]
	if !ok {
		date, err := sales.ParseSaleDate(d)
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
			warns = append(warns, RowIssue{Line: row.Line, Column: r.header[r.cols.quantity], Msg: msgBadQty, Value: q, Warning: true})
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

// ImportSales imports a table of sales with a mapping. Customers are matched
// by id or normalised name; unknown ones are created (and counted). The whole
// import is one batch: sales, the customers it created and the rollup
// changes are all there or not there, and UndoImport takes them back.
//
// The rows are read once, into compact rows (data.SaleRows): they are
// checked, their customers matched or planned, and the store writes them
// from that form.
func (s *Service) ImportSales(ctx context.Context, t *importer.Table, mapping []string, o ImportOptions) (*SalesImportSummary, error) {
	each := func(fn func(importer.Row) error) error {
		for _, r := range t.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	return s.importSales(ctx, t, each, len(t.Rows), mapping, o)
}

// deferRollupsMin is the fewest sales for which an import sums its rollup
// changes in memory and writes each key once (data.Batch.DeferRollups): a
// cut-off import of that kind rebuilds the rollups, which only pays off
// when it spares rewriting them chunk after chunk.
const deferRollupsMin = 4000

// importSales is ImportSales over the about n rows that each hands out; t
// gives the file's name and header.
func (s *Service) importSales(ctx context.Context, t *importer.Table, each func(func(importer.Row) error) error, n int, mapping []string, o ImportOptions) (*SalesImportSummary, error) {
	store, done := s.c.Use()
	defer done()
	tr := o.Translate
	if tr == nil {
		tr = func(s string) string { return s }
	}
	cols := newSalesCols(mapping)
	if cols.date < 0 || cols.customer < 0 || cols.amount < 0 {
		return nil, fmt.Errorf("%w: found %s; name them 日期, 客户名称 and 金额 or map them with --map \"COLUMN=date,...\"",
			ErrSalesColumns, strings.Join(t.Header, ", "))
	}
	base, err := store.BaseCurrency()
	if err != nil {
		return nil, err
	}
	rates, err := store.Rates()
	if err != nil {
		return nil, err
	}
	rr := &salesRowReader{header: t.Header, mapping: mapping, cols: cols, base: base,
		rates: func(amount int64, currency, date string) error {
			if currency == base {
				return nil
			}
			best := ""
			for _, r := range rates {
				if r.Currency == currency && r.Date <= date && r.Date > best {
					best = r.Date
				}
			}
			if best == "" {
				return model.ErrNoRate
			}
			return nil
		}}
	names, err := store.IndexValues("name")
	if err != nil {
		return nil, err
	}

	// One pass: check every row, resolve customers, plan the new ones.
	sum := &SalesImportSummary{}
	resolved := map[string]uint32{} // the customer cell → its id in rows.Strings
	rr.resolved = resolved
	// Sized once: appending a million rows to a growing list copies
	// them over and over.
	rows := &data.SaleRows{Rows: make([]data.SaleRow, 0, n)}
	rr.rows = rows
	baseIdx := rows.Intern(base)
	var created []model.Change
	var rejected []importer.Row
	err = each(func(row importer.Row) error {
		sum.Rows++
		if row.Blank() {
			sum.Blank++
			return nil
		}
		sale, reason, warns := rr.read(row)
		if reason != "" {
			sum.Rejected++
			sum.Rejects = append(sum.Rejects, RowIssue{Line: row.Line, Msg: reason})
			rejected = append(rejected, row)
			return nil
		}
		sum.Warnings = append(sum.Warnings, warns...)
		ref := sale.customer
		cust := sale.cust
		if !sale.known {
			id := ""
			if len(ref) == 26 {
				if c, err := store.Customer(ref); err == nil {
					id = c.ID
				}
			}
			norm := model.Normalize(ref)
			if id == "" {
				if ids := names[norm]; len(ids) > 0 {
					id = ids[0]
				}
			}
			if id == "" {
				c := &model.Customer{ID: model.NewID(), Name: ref, Currency: base}
				created = append(created, model.Change{After: c})
				id = c.ID
				names[norm] = []string{id} // the file's later spellings find it
			}
			cust = rows.Intern(id)
			resolved[strings.Clone(ref)] = cust
		}
		cur := baseIdx
		if sale.currency != base {
			cur = rows.Intern(sale.currency)
		}
		rows.Rows = append(rows.Rows, data.SaleRow{Date: sale.dateIdx, Customer: cust,
			Product: rows.Intern(sale.product), Currency: cur, Note: rows.Intern(sale.note),
			Quantity: sale.quantity, Amount: sale.amount})
		sum.Imported++
		return nil
	})
	if err != nil {
		return nil, err
	}
	sum.CustomersCreated = len(created)
	names, resolved, rr.resolved, rr.dates, rr.rows = nil, nil, nil, nil, nil
	each = nil // read: the file's text can go while the sales are written
	if len(rejected) > 0 && !o.DryRun {
		if sum.RejectedFile, err = s.writeRejected(t, rejected, sum.Rejects, tr); err != nil {
			return nil, err
		}
	}
	if o.DryRun {
		return sum, nil
	}

	// The batch: customers first, then the sales.
	b := &model.Batch{Kind: "sales", File: t.File, Rows: sum.Rows, New: sum.Imported, Rejected: sum.Rejected,
		Blank: sum.Blank, RejectedFile: sum.RejectedFile, CustomersCreated: sum.CustomersCreated,
		// A big import writes each rollup once, after its sales.
		DeferRollups: sum.Imported >= deferRollupsMin}
	if err := store.BeginBatch(b); err != nil {
		return nil, err
	}
	if b.DeferRollups {
		defer capMemory()()
	}
	write := func() error {
		rest, err := store.StreamNewCustomers(b.ID, created)
		if err != nil {
			return err
		}
		for i := 0; i < len(rest); i += 1000 {
			if err := store.WriteChunk(b.ID, rest[i:min(i+1000, len(rest))]); err != nil {
				return err
			}
		}
		// The customers just created need not be read back for their tier.
		cache := data.NewSalesCache()
		for _, ch := range created {
			cache.Add(ch.After)
		}
		if b.DeferRollups {
			cache.DeferRollups()
		}
		created = nil // written: the cache keeps what the sales need
		n := rows.Len()
		// A big import streams its sales in one go (data.StreamSaleRows),
		// falling back to chunks when it cannot.
		if b.DeferRollups {
			if ctx.Err() != nil {
				return ErrCancelled
			}
			ok, err := store.StreamSaleRows(b.ID, rows, cache)
			if err != nil {
				return err
			}
			if ok {
				if o.Progress != nil {
					o.Progress(n, n)
				}
				return store.WriteDeferredRollups(cache)
			}
		}
		// One writer: every chunk changes the same monthly rollups, so two
		// would conflict. A big import's sales are packed
		// (data.WritePackedSales) in bigger chunks.
		const chunk = 2000
		if b.DeferRollups {
			for i := 0; i < n; i += packChunk {
				if ctx.Err() != nil {
					return ErrCancelled
				}
				if err := store.WritePackedSales(b.ID, rows.Sales(i, min(i+packChunk, n)), cache); err != nil {
					return err
				}
				if o.Progress != nil {
					o.Progress(min(i+packChunk, n), n)
				}
			}
			return store.WriteDeferredRollups(cache)
		}
		for i := 0; i < n; i += chunk {
			if ctx.Err() != nil {
				return ErrCancelled
			}
			if err := store.WriteSalesChunk(b.ID, rows.Sales(i, min(i+chunk, n)), cache); err != nil {
				return err
			}
			if o.Progress != nil {
				o.Progress(min(i+chunk, n), n)
			}
		}
		return store.WriteDeferredRollups(cache)
	}
	if err := write(); err != nil {
		if rerr := store.RollBackBatch(b.ID); rerr != nil {
			return nil, fmt.Errorf("roll back import: %w (after: %v)", rerr, err)
		}
		return nil, err
	}
	if err := store.CommitBatch(b); err != nil {
		return nil, err
	}
	if sum.CustomersCreated > 0 {
		s.c.Changed(core.Customers | core.Sales)
	}
	sum.Batch = b.ID
	return sum, nil
}
