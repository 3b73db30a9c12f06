package sales

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data"
)

// packChunk is how many sales of a big import one transaction writes packed,
// when they cannot be streamed.
const packChunk = 50_000

// ImportSummary accounts for every row of a sales import:
// Rows == Imported + Rejected + Blank.
type ImportSummary struct {
	Batch            string              `json:"batch"`
	Rows             int                 `json:"rows"`
	Imported         int                 `json:"imported"`
	Rejected         int                 `json:"rejected"`
	Blank            int                 `json:"blank"`
	CustomersCreated int                 `json:"customers_created"`
	RejectedFile     string              `json:"rejected_file"`
	Warnings         []importer.RowIssue `json:"-"`
	Rejects          []importer.RowIssue `json:"-"`
}

// ErrColumns means a sales file lacks a column the import needs.
var ErrColumns = errors.New("the file needs date, customer and amount columns")

// ReadImport reads a sales file and guesses its column mapping.
func ReadImport(path string, o importer.Job) (*importer.Table, []string, error) {
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

// ImportFile reads and imports a sales list. The rows are read once,
// into compact rows (data.SaleRows) rather than sales: a row holds no
// pointers, and each distinct customer, product or date once.
func (s *Service) ImportFile(ctx context.Context, path string, o importer.Job) (*ImportSummary, error) {
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

// Import imports a table of sales with a mapping. Customers are matched
// by id or normalised name; unknown ones are created (and counted). The whole
// import is one batch: sales, the customers it created and the rollup
// changes are all there or not there, and customers.Service.UndoImport
// takes them back.
//
// The rows are read once, into compact rows (data.SaleRows): they are
// checked, their customers matched or planned, and the store writes them
// from that form.
func (s *Service) Import(ctx context.Context, t *importer.Table, mapping []string, o importer.Job) (*ImportSummary, error) {
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

// importSales is Import over the about n rows that each hands out; t
// gives the file's name and header.
func (s *Service) importSales(ctx context.Context, t *importer.Table, each func(func(importer.Row) error) error, n int, mapping []string, o importer.Job) (*ImportSummary, error) {
	store, done := s.c.Use()
	defer done()
	tr := o.Tr()
	cols := newSalesCols(mapping)
	if cols.date < 0 || cols.customer < 0 || cols.amount < 0 {
		return nil, fmt.Errorf("%w: found %s; name them 日期, 客户名称 and 金额 or map them with --map \"COLUMN=date,...\"",
			ErrColumns, strings.Join(t.Header, ", "))
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
	sum := &ImportSummary{}
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
			sum.Rejects = append(sum.Rejects, importer.RowIssue{Line: row.Line, Msg: reason})
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
		if sum.RejectedFile, err = importer.WriteRejected(store.Dir(), t, rejected, sum.Rejects, tr); err != nil {
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
		defer importer.CapMemory()()
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
				return importer.ErrCancelled
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
					return importer.ErrCancelled
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
				return importer.ErrCancelled
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
