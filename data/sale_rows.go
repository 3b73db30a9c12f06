package data

import (
	"fmt"
	"strings"

	"github.com/kehu-crm/kehu/data/model"
)

// SaleRows holds new sales in a compact form for a big import: rows of
// integers whose strings are indexes into one table. A million *Sale, each
// with strings of its own, kept the garbage collector scanning most of an
// import's time; these rows hold no pointers, and each distinct customer,
// product, date, currency or note once. Strings go in through Intern,
// which keeps the table's index.
type SaleRows struct {
	Strings []string // Strings[0] is ""
	Rows    []SaleRow
	index   map[string]uint32
}

// SaleRow is a new sale: Date, Customer (the customer's id), Product,
// Currency ("" for the base currency) and Note are indexes into
// SaleRows.Strings.
type SaleRow struct {
	Date, Customer, Product, Currency, Note uint32
	Quantity, Amount                        int64
}

// Intern returns the index of s in Strings, adding a copy of it (a cell is
// often a slice of a whole line) when it is new.
func (r *SaleRows) Intern(s string) uint32 {
	if s == "" && r.index != nil && r.Strings[0] == "" {
		return 0 // Strings[0], the most common by far
	}
	if r.index == nil {
		if len(r.Strings) == 0 {
			r.Strings = []string{""}
		}
		r.index = make(map[string]uint32, len(r.Strings))
		for i, v := range r.Strings {
			if _, ok := r.index[v]; !ok {
				r.index[v] = uint32(i)
			}
		}
	}
	if i, ok := r.index[s]; ok {
		return i
	}
	s = strings.Clone(s)
	i := uint32(len(r.Strings))
	r.Strings = append(r.Strings, s)
	r.index[s] = i
	return i
}

// Add appends a sale's fields as a row.
func (r *SaleRows) Add(s *model.Sale) {
	r.Rows = append(r.Rows, SaleRow{Date: r.Intern(s.Date), Customer: r.Intern(s.CustomerID), Product: r.Intern(s.Product),
		Currency: r.Intern(s.Currency), Note: r.Intern(s.Note), Quantity: s.Quantity, Amount: s.Amount})
}

// Len is the number of rows.
func (r *SaleRows) Len() int { return len(r.Rows) }

// Sale returns row i as a new Sale, for the transactional path.
func (r *SaleRows) Sale(i int) *model.Sale {
	x := r.Rows[i]
	return &model.Sale{Date: r.Strings[x.Date], CustomerID: r.Strings[x.Customer], Product: r.Strings[x.Product],
		Currency: r.Strings[x.Currency], Note: r.Strings[x.Note], Quantity: x.Quantity, Amount: x.Amount}
}

// Sales returns rows from to to as new Sales.
func (r *SaleRows) Sales(from, to int) []*model.Sale {
	out := make([]*model.Sale, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, r.Sale(i))
	}
	return out
}

// rowTables are the distinct values of the rows, checked and tidied as
// Sale.clean tidies one sale, each once: a row's fields are looked up
// through the loc slices (string index → local index, -1 unused).
type rowTables struct {
	dateLoc, custLoc, prodLoc, curLoc []int32

	dates     []string // YYYY-MM-DD
	dateMonth []uint32 // MonthIndex
	dateRank  []uint32 // order of the dates

	custIDs  []string
	custTR   []uint32 // index of the customer's (tier, region)
	custRank []uint32 // order of the ids
	trs      []saleTags
	trRank   []uint32 // order of tier\0region

	prods []string // cleaned
	curs  []string
}

func newLoc(n int) []int32 {
	l := make([]int32, n)
	for i := range l {
		l[i] = -1
	}
	return l
}

// tables checks the distinct values of the rows: a bad date, a missing
// customer or a bad currency fails the whole stream as Sale.clean fails a
// sale. tags gives each customer's tier and province.
func (r *SaleRows) tables(base string, tags func(id string) (saleTags, error)) (*rowTables, error) {
	n := len(r.Strings)
	t := &rowTables{dateLoc: newLoc(n), custLoc: newLoc(n), prodLoc: newLoc(n), curLoc: newLoc(n)}
	prodIdx, trIdx := map[string]int32{}, map[saleTags]uint32{}
	for _, x := range r.Rows {
		if t.dateLoc[x.Date] < 0 {
			d := strings.TrimSpace(r.Strings[x.Date])
			if !model.ValidDate(d) {
				return nil, fmt.Errorf("sale date %q: %w", d, model.ErrBadDate)
			}
			t.dateLoc[x.Date] = int32(len(t.dates))
			t.dates = append(t.dates, d)
			t.dateMonth = append(t.dateMonth, uint32(MonthIndex([]byte(d[:7]))))
		}
		if t.custLoc[x.Customer] < 0 {
			id := r.Strings[x.Customer]
			if id == "" {
				return nil, model.ErrNoCustomer
			}
			tg, err := tags(id)
			if err != nil {
				return nil, err
			}
			tr, ok := trIdx[tg]
			if !ok {
				tr = uint32(len(t.trs))
				trIdx[tg] = tr
				t.trs = append(t.trs, tg)
			}
			t.custLoc[x.Customer] = int32(len(t.custIDs))
			t.custIDs = append(t.custIDs, id)
			t.custTR = append(t.custTR, tr)
		}
		if t.prodLoc[x.Product] < 0 {
			p := cleanProduct(r.Strings[x.Product])
			i, ok := prodIdx[p]
			if !ok {
				i = int32(len(t.prods))
				prodIdx[p] = i
				t.prods = append(t.prods, p)
			}
			t.prodLoc[x.Product] = i
		}
		if t.curLoc[x.Currency] < 0 {
			c := r.Strings[x.Currency]
			if c == "" {
				c = base
			}
			c, err := model.NormalizeCurrency(c)
			if err != nil {
				return nil, err
			}
			t.curLoc[x.Currency] = int32(len(t.curs))
			t.curs = append(t.curs, c)
		}
	}
	t.dateRank = rankOf(t.dates)
	t.custRank = rankOf(t.custIDs)
	trNames := make([]string, len(t.trs))
	for i, tr := range t.trs {
		trNames[i] = tr.tier + "\x00" + tr.region
	}
	t.trRank = rankOf(trNames)
	return t, nil
}

// cleanProduct tidies a product as Sale.clean does.
func cleanProduct(p string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' {
			return -1
		}
		return r
	}, strings.TrimSpace(p))
}

// rankOf gives each string its position in sorted order.
func rankOf(list []string) []uint32 {
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	sortByString(order, list)
	rank := make([]uint32, len(list))
	for r, i := range order {
		rank[i] = uint32(r)
	}
	return rank
}
