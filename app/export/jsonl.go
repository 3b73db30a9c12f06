package export

import (
	"bufio"
	"cmp"
	"encoding/json"
	"io"
	"slices"

	"github.com/kehu-crm/kehu/data/model"
)

// jsonCustomer is the stored record with revenue as a decimal string: the
// outer Revenue takes the "revenue" key from the embedded record's.
type jsonCustomer struct {
	*model.Customer
	Revenue string `json:"revenue"`
}

// writeJSONL writes one customer a line, sorted by id, unaltered.
func writeJSONL(w io.Writer, cs []*model.Customer) error {
	sorted := make([]*model.Customer, 0, len(cs))
	for _, c := range cs {
		if c != nil {
			sorted = append(sorted, c)
		}
	}
	slices.SortStableFunc(sorted, func(a, b *model.Customer) int { return cmp.Compare(a.ID, b.ID) })
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw) // Encode ends each value with "\n"
	enc.SetEscapeHTML(false)
	for _, c := range sorted {
		if err := enc.Encode(jsonCustomer{Customer: c, Revenue: model.FormatMoney(c.Revenue)}); err != nil {
			return err
		}
	}
	return bw.Flush()
}
