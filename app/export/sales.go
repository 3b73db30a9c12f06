package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/kehu-crm/kehu/data/model"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// maxXLSXRows is the most data rows a worksheet holds (Excel's 1,048,576
// less the header).
const maxXLSXRows = 1<<20 - 1

// SaleSource calls fn for every sale to export, in the order to write them.
type SaleSource func(fn func(*model.Sale) error) error

// Sales writes sales to w in the format: CSV and JSON Lines are streamed a
// sale at a time (a million sales need no more memory than one), .xlsx is
// built in memory and refused beyond a worksheet's rows. name gives a
// customer's name for the Customer column. It returns how many it wrote.
func Sales(w io.Writer, format Format, each SaleSource, name func(customerID string) string, o Options) (int, error) {
	enc, tr, loc, err := prepare(format, o)
	if err != nil {
		return 0, err
	}
	head := []string{tr.L("ID"), tr.L("Date"), tr.L("Customer ID"), tr.L("Customer"), tr.L("Product"),
		tr.L("Quantity"), tr.L("Amount"), tr.L("Currency"), tr.L("Note"), tr.L("Batch"), tr.L("Created")}
	row := func(s *model.Sale) []cell {
		created := cell{kind: stamp}
		if !s.Created.IsZero() {
			at := s.Created.In(loc)
			created = cell{kind: stamp, s: at.Format(timeLayout), t: at}
		}
		return []cell{{s: s.ID}, {kind: stamp, s: s.Date}, {s: s.CustomerID}, {s: name(s.CustomerID)}, {s: s.Product},
			{kind: amount, s: strconv.FormatInt(s.Quantity, 10)}, {kind: amount, s: model.FormatMoney(s.Amount), m: s.Amount},
			{s: s.Currency}, {s: s.Note}, {s: s.Batch}, created}
	}
	n := 0
	switch format {
	case JSONL:
		bw := bufio.NewWriterSize(w, 64<<10)
		je := json.NewEncoder(bw)
		je.SetEscapeHTML(false)
		err := each(func(s *model.Sale) error {
			n++
			return je.Encode(jsonSale{Sale: s, Amount: model.FormatMoney(s.Amount)})
		})
		if err != nil {
			return n, err
		}
		return n, bw.Flush()
	case CSV:
		bw := bufio.NewWriterSize(w, 64<<10)
		var out io.Writer = bw
		var tw *transform.Writer
		if enc == GB18030 {
			tw = transform.NewWriter(bw, simplifiedchinese.GB18030.NewEncoder())
			out = tw
		} else if _, err := bw.WriteString(utf8BOM); err != nil {
			return 0, err
		}
		cw := csv.NewWriter(out)
		cw.UseCRLF = true
		if err := cw.Write(head); err != nil {
			return 0, err
		}
		rec := make([]string, len(head))
		err := each(func(s *model.Sale) error {
			n++
			for i, c := range row(s) {
				if c.kind == text {
					rec[i] = inert(c.s)
				} else {
					rec[i] = c.s
				}
			}
			return cw.Write(rec)
		})
		if err != nil {
			return n, err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return n, err
		}
		if tw != nil {
			if err := tw.Close(); err != nil {
				return n, err
			}
		}
		return n, bw.Flush()
	case XLSX:
		t := &table{head: head}
		err := each(func(s *model.Sale) error {
			if n++; n > maxXLSXRows {
				return fmt.Errorf("more than %d sales do not fit one worksheet: export CSV or JSON Lines", maxXLSXRows)
			}
			r := row(s)
			r[1] = cell{s: s.Date} // a date, shown as text
			r[5] = cell{s: r[5].s} // quantity
			t.rows = append(t.rows, r)
			return nil
		})
		if err != nil {
			return n, err
		}
		return n, writeXLSX(w, tr.L("Sales"), t)
	}
	return 0, fmt.Errorf("%w %q: use csv, xlsx or jsonl", ErrUnknownFormat, format)
}

// jsonSale is the stored record with the amount as a decimal string.
type jsonSale struct {
	*model.Sale
	Amount string `json:"amount"`
}
