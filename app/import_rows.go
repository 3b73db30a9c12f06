package app

import (
	"runtime"
	"sync"

	"github.com/kehu-crm/kehu/app/importer"
)

// parsedRow is what a customer import makes of one row before de-duplication:
// the customer with its match keys, or the reason it is rejected.
type parsedRow struct {
	c      *Customer
	keys   []string
	warns  []RowIssue
	reject string // the first error, English; "" when the row imports
}

// parseRows turns rows into customers on every core: a row's customer,
// checks and match keys depend on that row alone, so only the
// de-duplication that follows has to see the rows in order. A blank row
// stays the zero parsedRow.
func parseRows(header, mapping []string, rows []importer.Row) []parsedRow {
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
					out[i] = parseRow(header, mapping, rows[i])
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

func parseRow(header, mapping []string, row importer.Row) parsedRow {
	if row.Blank() {
		return parsedRow{}
	}
	c, warns := rowCustomer(header, mapping, row)
	ps := Validate(c)
	if e := ps.Errors(); len(e) > 0 {
		return parsedRow{reject: e[0].Msg}
	}
	for _, p := range ps {
		warns = append(warns, RowIssue{Line: row.Line, Column: p.Field, Msg: p.Msg})
	}
	return parsedRow{c: c, keys: matchKeys(c), warns: warns}
}
