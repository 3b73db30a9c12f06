package app

import (
	"runtime"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/importer"
)

// parsedRow is what a customer import makes of one row before de-duplication:
// the customer with its match keys, or the reason it is rejected.
type parsedRow struct {
	c      *model.Customer
	keys   []string
	warns  []RowIssue
	reject string // the first error, English; "" when the row imports
	// summary: a row that sums the table (合计) or a note under it; skipped
	// and counted as such.
	summary bool
}

// parseRows turns rows into customers on every core: a row's customer,
// checks and match keys depend on that row alone, so only the
// de-duplication that follows has to see the rows in order. A blank row
// stays the zero parsedRow.
func parseRows(format string, header, mapping []string, values []map[string]string, rows []importer.Row) []parsedRow {
	out := make([]parsedRow, len(rows))
	const part = 2048
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(rows)/part+1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for from := range next {
				for i := from; i < min(from+part, len(rows)); i++ {
					out[i] = parseRow(format, header, mapping, values, rows[i])
				}
			}
		}()
	}
	for from := 0; from < len(rows); from += part {
		next <- from
	}
	close(next)
	wg.Wait()
	return out
}

func parseRow(format string, header, mapping []string, values []map[string]string, row importer.Row) parsedRow {
	if row.Blank() {
		return parsedRow{}
	}
	if format != FormatJSONL && isSummaryRow(mapping, row) {
		return parsedRow{summary: true}
	}
	var c *model.Customer
	var warns []RowIssue
	if format == FormatJSONL {
		var err error
		if c, err = jsonlCustomer(row); err != nil {
			return parsedRow{reject: "Not a customer record of a Kehu export (JSON Lines); the line is left out."}
		}
	} else {
		c, warns = rowCustomer(format, header, mapping, values, row)
	}
	ps := customers.Validate(c)
	if e := ps.Errors(); len(e) > 0 {
		return parsedRow{reject: e[0].Msg}
	}
	for _, p := range ps {
		w := RowIssue{Line: row.Line, Column: p.Field, Msg: p.Msg, Warning: true}
		if f, ok := customers.FieldByName(p.Field); ok {
			w.Value = f.Get(c)
		}
		warns = append(warns, w)
	}
	return parsedRow{c: c, keys: matchKeys(c), warns: warns}
}
