// Package export writes customers (and later sales and complaints) to files:
// CSV and .xlsx for people who open them in Excel or WPS, JSON Lines for
// machines.
//
// CSV and .xlsx are for reading: headers and enumeration values ("S 战略客户",
// "稳定期") are in the chosen language, contacts are flattened to
// "name (role, phone, title, email, WeChat: id); …" (the customer import
// reads them back), times are local "2006-01-02 15:04". CSV is RFC 4180
// with CRLF line ends, UTF-8 with a byte order mark by default (without it
// Excel on Chinese Windows reads UTF-8 as GBK and shows mojibake) or GB18030,
// the code page Excel and WPS use there. Amounts are exact decimal strings
// ("1200.50") in CSV and numbers shown as "#,##0.00" in .xlsx, each beside a
// currency column.
//
// JSON Lines is for machines: one stored record a line with snake_case keys,
// codes rather than labels, RFC 3339 times and revenue as a decimal string,
// sorted by id, so two exports of the same store are byte-identical.
//
// # Formula injection
//
// A spreadsheet runs a cell that starts with = + - or @ (and, in some, tab or
// CR) as a formula, so a customer named "=HYPERLINK(…)" could act when the
// file is opened. In CSV such a text cell gets a leading apostrophe, the
// spreadsheet's own "this is text" mark: the phone +8613800000000 is written
// as '+8613800000000 in the raw file; Excel and WPS take the apostrophe as the
// mark, show +8613800000000 as text (not the number 8613800000000) and
// display no apostrophe, while a program reading the raw CSV sees it.
// Amounts and times, which Kehu writes itself, are never marked, so a
// negative amount stays a number. In .xlsx a text cell is stored as a string
// and never evaluated, so its value is kept exactly (no apostrophe, which
// Excel would show there) and a risky one gets the Text number format ("@"),
// so editing the cell does not turn it into a formula either. JSON Lines is
// never altered.
//
// CSV opened in Excel has the usual limits: long digit strings such as an
// 18-digit tax id all in digits become numbers shown in scientific notation.
// Give Excel users .xlsx, where every text cell stays text.
package export

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// Format is a file format of an export.
type Format string

// The formats.
const (
	CSV   Format = "csv"
	XLSX  Format = "xlsx"
	JSONL Format = "jsonl"
)

// Formats lists the formats, for usage messages.
var Formats = []Format{CSV, XLSX, JSONL}

// The encodings of CSV.
const (
	UTF8BOM = "utf-8-bom"
	GB18030 = "gb18030"
)

// Errors callers test for.
var (
	ErrUnknownFormat   = errors.New("unknown export format")
	ErrUnknownEncoding = errors.New("unknown encoding")
)

// Options tune an export.
type Options struct {
	Encoding string         // CSV only: "utf-8-bom" (default) or "gb18030"
	Lang     string         // language of headers and labels in CSV and .xlsx: "zh" or "en"; "" is the interface's
	Location *time.Location // time zone of times in CSV and .xlsx; nil is time.Local
}

// FormatFromPath decides the format of an export: flag if given ("csv",
// "xlsx", "jsonl"), else the extension of path (.csv, .xlsx, .jsonl, .json).
func FormatFromPath(path, flag string) (Format, error) {
	if f := strings.ToLower(strings.TrimSpace(flag)); f != "" {
		for _, k := range Formats {
			if Format(f) == k {
				return k, nil
			}
		}
		return "", fmt.Errorf("%w %q: use csv, xlsx or jsonl", ErrUnknownFormat, flag)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, nil
	case ".xlsx":
		return XLSX, nil
	case ".jsonl", ".json":
		return JSONL, nil
	}
	return "", fmt.Errorf("%w: cannot tell the format of %q from its name: end it in .csv, .xlsx or .jsonl or give the format", ErrUnknownFormat, path)
}

// ParseEncoding reads an encoding name: "" or "utf-8-bom" (also "utf8-bom",
// "utf-8") give UTF8BOM, "gb18030" (also "gbk") GB18030.
func ParseEncoding(s string) (string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-") {
	case "", UTF8BOM, "utf8-bom", "utf-8", "utf8":
		return UTF8BOM, nil
	case GB18030, "gbk":
		return GB18030, nil
	}
	return "", fmt.Errorf("%w %q: use utf-8-bom or gb18030", ErrUnknownEncoding, s)
}

// prepare checks a format and its options and returns what every writer
// needs: the CSV encoding, the header language and the time zone.
func prepare(format Format, o Options) (string, *labels, *time.Location, error) {
	enc, err := ParseEncoding(o.Encoding)
	if err != nil {
		return "", nil, nil, err
	}
	if enc != UTF8BOM && format != CSV {
		return "", nil, nil, fmt.Errorf("encoding %s: only CSV has an encoding", enc)
	}
	switch format {
	case CSV, XLSX, JSONL:
	default:
		return "", nil, nil, fmt.Errorf("%w %q: use csv, xlsx or jsonl", ErrUnknownFormat, format)
	}
	lang := o.Lang
	if lang == "" {
		lang = i18n.Lang()
	}
	tr, err := translator(lang)
	if err != nil {
		return "", nil, nil, err
	}
	loc := o.Location
	if loc == nil {
		loc = time.Local
	}
	return enc, tr, loc, nil
}

// Customers writes the customers to w in the format: CSV and .xlsx in the
// given order, JSON Lines sorted by id.
func Customers(w io.Writer, format Format, cs []*model.Customer, o Options) error {
	enc, tr, loc, err := prepare(format, o)
	if err != nil {
		return err
	}
	if format == JSONL {
		return writeJSONL(w, cs)
	}
	t := customerTable(cs, tr, loc)
	if format == CSV {
		return writeCSV(w, enc, t)
	}
	return writeXLSX(w, tr.L("Customers"), t)
}

// kind is what a cell holds.
type kind int

const (
	text   kind = iota // text from the store: guarded against formulas
	amount             // money in minor units, written by Kehu
	stamp              // a time, written by Kehu
)

// cell is one value of the people's table. s is its CSV text ("" when empty).
type cell struct {
	kind kind
	s    string
	m    int64     // amount
	t    time.Time // stamp, in the export's time zone
}

// table is a sheet of cells under translated headers.
type table struct {
	head []string
	rows [][]cell
}

// timeLayout is how CSV and .xlsx show times.
const timeLayout = "2006-01-02 15:04"

// customerTable lays out the customers for people: id, every field of
// model.CustomerFields (the currency after revenue), contacts, created,
// updated.
func customerTable(cs []*model.Customer, tr *labels, loc *time.Location) *table {
	t := &table{head: []string{tr.L("ID")}}
	for _, f := range model.CustomerFields {
		t.head = append(t.head, tr.L(f.Label))
		if f.Name == "revenue" {
			t.head = append(t.head, tr.L("Currency"))
		}
	}
	t.head = append(t.head, tr.L("Contacts"), tr.L("Created"), tr.L("Updated"))

	when := func(at time.Time) cell {
		if at.IsZero() {
			return cell{kind: stamp}
		}
		at = at.In(loc)
		return cell{kind: stamp, s: at.Format(timeLayout), t: at}
	}
	for _, c := range cs {
		if c == nil {
			continue
		}
		row := make([]cell, 0, len(t.head))
		row = append(row, cell{s: c.ID})
		for _, f := range model.CustomerFields {
			switch {
			case f.Name == "revenue":
				m := cell{kind: amount, m: c.Revenue}
				if c.Revenue != 0 {
					m.s = model.FormatMoney(c.Revenue)
				}
				row = append(row, m, cell{s: c.Currency})
			case f.Enum != "":
				row = append(row, cell{s: tr.Enum(f.Enum, f.Get(c))})
			default:
				row = append(row, cell{s: f.Get(c)})
			}
		}
		row = append(row, cell{s: contacts(c, tr)}, when(c.Created), when(c.Updated))
		t.rows = append(t.rows, row)
	}
	return t
}

// contacts flattens a customer's contacts as the customer import reads them
// back: "王伟 (决策者, 13800000000); 李娜".
func contacts(c *model.Customer, tr *labels) string {
	return customers.FormatContacts(c.Contacts, tr.Enum, tr.L("WeChat"))
}

// Risky reports whether a spreadsheet would run s as a formula: it starts
// with = + - @ (or their full-width forms ＝ ＋ － ＠, which Excel and WPS
// read as them), tab or CR, also behind invisible characters — a
// zero-width space, a BOM, any other format character (Unicode Cf) or
// space — which a spreadsheet may drop before it looks.
func Risky(s string) bool {
	for _, r := range s {
		switch {
		case r == '=' || r == '+' || r == '-' || r == '@' || r == '\t' || r == '\r',
			r == '＝' || r == '＋' || r == '－' || r == '＠':
			return true
		case unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
			continue
		}
		return false
	}
	return false
}

func risky(s string) bool { return Risky(s) }

// Inert makes a CSV text cell safe to open in a spreadsheet: a risky one gets
// a leading apostrophe ("+86138…" → "'+86138…"), others are unchanged.
func Inert(s string) string { return inert(s) }

func inert(s string) string {
	if risky(s) {
		return "'" + s
	}
	return s
}
