package customers

import (
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/importer"
)

// parsedRow is what a customer import makes of one row before de-duplication:
// the customer with its match keys, or the reason it is rejected.
type parsedRow struct {
	c      *model.Customer
	keys   []string
	warns  []importer.RowIssue
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
	var warns []importer.RowIssue
	if format == FormatJSONL {
		var err error
		if c, err = jsonlCustomer(row); err != nil {
			return parsedRow{reject: "Not a customer record of a Kehu export (JSON Lines); the line is left out."}
		}
	} else {
		c, warns = rowCustomer(format, header, mapping, values, row)
	}
	ps := Validate(c)
	if e := ps.Errors(); len(e) > 0 {
		return parsedRow{reject: e[0].Msg}
	}
	for _, p := range ps {
		w := importer.RowIssue{Line: row.Line, Column: p.Field, Msg: p.Msg, Warning: true}
		if f, ok := FieldByName(p.Field); ok {
			w.Value = f.Get(c)
		}
		warns = append(warns, w)
	}
	return parsedRow{c: c, keys: matchKeys(c), warns: warns}
}

// currencyRe is a currency code as exports write it (ISO 4217: CNY, USD).
var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// rowCustomer turns a row into a customer. A value that does not fit its
// field (an amount like 三十, an unknown tier) is a warning, and its raw text
// goes to the notes so nothing is lost; so do unmapped columns.
//
// A CSV cell Kehu's export marked as text ("'=…", "'+86…": a leading
// apostrophe before what a spreadsheet would run) is read without the mark.
func rowCustomer(format string, header, mapping []string, values []map[string]string, row importer.Row) (*model.Customer, []importer.RowIssue) {
	c := &model.Customer{}
	var notes []string
	var warns []importer.RowIssue
	var contact model.Contact
	var contacts []model.Contact
	var stamps []int // columns of created/updated: an export's, dropped; anyone else's, kept
	keep := func(col int, v string) { notes = append(notes, header[col]+": "+v) }
	unmark := func(v string) string {
		if format == importer.FormatCSV && len(v) > 1 && v[0] == '\'' && strings.IndexByte("=+-@\t\r", v[1]) >= 0 {
			return v[1:]
		}
		return v
	}
	for i, raw := range row.Cells {
		v := strings.TrimSpace(strings.Trim(raw, "\u3000"))
		if v == "" || i >= len(mapping) {
			continue
		}
		v = unmark(v)
		switch t := mapping[i]; t {
		case "":
			keep(i, v)
		case "contact":
			contacts = parseContacts(v)
		case "id":
			if !model.ValidID(v) {
				keep(i, v) // the list's own numbering, not Kehu's id
				continue
			}
			c.ID = v
		case "currency":
			if cur := strings.ToUpper(v); currencyRe.MatchString(cur) {
				c.Currency = cur
				continue
			}
			warns = append(warns, importer.RowIssue{Line: row.Line, Column: header[i], Msg: "Not a valid value; kept in the notes.", Value: v, Warning: true})
			keep(i, v)
		case "created", "updated":
			stamps = append(stamps, i)
		case "contact_title":
			contact.Title = v
		case "revenue_wan":
			m, err := model.ParseMoney(strings.TrimSuffix(v, "万") + "万")
			if err != nil {
				warns = append(warns, importer.RowIssue{Line: row.Line, Column: header[i], Msg: "Not an amount; kept in the notes.", Value: v, Warning: true})
				keep(i, v)
				continue
			}
			c.Revenue = m
		case "notes":
			// Notes keep their leading indent: only the end is trimmed.
			notes = append(notes, unmark(strings.TrimRight(raw, " \t\r\n\u3000")))
		default:
			f, ok := FieldByName(t)
			if !ok {
				keep(i, v)
				continue
			}
			if f.Enum != "" && i < len(values) {
				if code, ok := values[i][v]; ok {
					if code == KeepInNotes { // the user's choice: no warning
						keep(i, v)
						continue
					}
					v = code
				}
			}
			if err := f.Set(c, v); err != nil {
				msg := "Not a valid value; kept in the notes."
				if t == "revenue" {
					msg = "Not an amount; kept in the notes."
				}
				warns = append(warns, importer.RowIssue{Line: row.Line, Column: header[i], Msg: msg, Value: v, Warning: true, Enum: f.Enum})
				keep(i, v)
			}
		}
	}
	for _, v := range row.Extra {
		if v = strings.TrimSpace(v); v != "" {
			notes = append(notes, v)
		}
	}
	if c.Currency == "" && c.Revenue != 0 {
		c.Currency = model.DefaultBaseCurrency
	}
	if c.ID == "" {
		for _, i := range stamps {
			keep(i, strings.TrimSpace(row.Cells[i]))
		}
	}
	if len(contacts) > 0 {
		c.Contacts = contacts
		if contact.Title != "" && len(contacts) == 1 {
			c.Contacts[0].Title = contact.Title
		}
	} else if contact.Title != "" {
		keep(slices.Index(mapping, "contact_title"), contact.Title)
	}
	c.Notes = strings.Join(notes, "\n")
	return c, warns
}
