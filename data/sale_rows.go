package data

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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
func (r *SaleRows) Add(s *Sale) {
	r.Rows = append(r.Rows, SaleRow{Date: r.Intern(s.Date), Customer: r.Intern(s.CustomerID), Product: r.Intern(s.Product),
		Currency: r.Intern(s.Currency), Note: r.Intern(s.Note), Quantity: s.Quantity, Amount: s.Amount})
}

// Len is the number of rows.
func (r *SaleRows) Len() int { return len(r.Rows) }

// Sale returns row i as a new Sale, for the transactional path.
func (r *SaleRows) Sale(i int) *Sale {
	x := r.Rows[i]
	return &Sale{Date: r.Strings[x.Date], CustomerID: r.Strings[x.Customer], Product: r.Strings[x.Product],
		Currency: r.Strings[x.Currency], Note: r.Strings[x.Note], Quantity: x.Quantity, Amount: x.Amount}
}

// Sales returns rows from to to as new Sales.
func (r *SaleRows) Sales(from, to int) []*Sale {
	out := make([]*Sale, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, r.Sale(i))
	}
	return out
}

// rowTables are the distinct values of the rows, checked and tidied as
// Sale.clean tidies one sale, each once: a row's fields are looked up
// through the loc slices (string index → local index, -1 unused).
type rowTables struct {
	dateLoc, custLoc, prodLoc, curLoc, noteLoc []int32

	dates     []string // YYYY-MM-DD
	dateMonth []uint32 // MonthIndex
	dateQ     [][]byte // JSON-quoted
	dateRank  []uint32 // order of the dates

	custIDs  []string
	custQ    [][]byte
	custTags [][]byte // ,"tier":…,"region":… as the record has them
	custTR   []uint32 // index of the customer's (tier, region)
	custRank []uint32 // order of the ids
	trs      []saleTags
	trRank   []uint32 // order of tier\0region

	prods  []string // cleaned
	prodQ  [][]byte // ,"product":… or nothing
	curs   []string
	curQ   [][]byte
	notesQ [][]byte // ,"note":… or nothing

	maxLen int // an upper bound of a record's length, times and ids aside
}

func newLoc(n int) []int32 {
	l := make([]int32, n)
	for i := range l {
		l[i] = -1
	}
	return l
}

// quoted is s as encoding/json writes it.
func quoted(s string) []byte { return appendJSONString(nil, s) }

// tables checks the distinct values of the rows: a bad date, a missing
// customer or a bad currency fails the whole stream as Sale.clean fails a
// sale. tags gives each customer's tier and province.
func (r *SaleRows) tables(base string, tags func(id string) (saleTags, error)) (*rowTables, error) {
	n := len(r.Strings)
	t := &rowTables{dateLoc: newLoc(n), custLoc: newLoc(n), prodLoc: newLoc(n), curLoc: newLoc(n), noteLoc: newLoc(n)}
	prodIdx, trIdx := map[string]int32{}, map[saleTags]uint32{}
	var maxDate, maxCust, maxProd, maxCur, maxNote int
	for _, x := range r.Rows {
		if t.dateLoc[x.Date] < 0 {
			d := strings.TrimSpace(r.Strings[x.Date])
			if !ValidDate(d) {
				return nil, fmt.Errorf("sale date %q: %w", d, ErrBadDate)
			}
			t.dateLoc[x.Date] = int32(len(t.dates))
			t.dates = append(t.dates, d)
			t.dateMonth = append(t.dateMonth, uint32(MonthIndex([]byte(d[:7]))))
			t.dateQ = append(t.dateQ, quoted(d))
			maxDate = max(maxDate, len(t.dateQ[len(t.dateQ)-1]))
		}
		if t.custLoc[x.Customer] < 0 {
			id := r.Strings[x.Customer]
			if id == "" {
				return nil, ErrNoCustomer
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
			var frag []byte
			if tg.tier != "" {
				frag = appendJSONString(append(frag, `,"tier":`...), tg.tier)
			}
			if tg.region != "" {
				frag = appendJSONString(append(frag, `,"region":`...), tg.region)
			}
			t.custLoc[x.Customer] = int32(len(t.custIDs))
			t.custIDs = append(t.custIDs, id)
			t.custQ = append(t.custQ, quoted(id))
			t.custTags = append(t.custTags, frag)
			t.custTR = append(t.custTR, tr)
			maxCust = max(maxCust, len(t.custQ[len(t.custQ)-1])+len(frag))
		}
		if t.prodLoc[x.Product] < 0 {
			p := cleanProduct(r.Strings[x.Product])
			i, ok := prodIdx[p]
			if !ok {
				i = int32(len(t.prods))
				prodIdx[p] = i
				t.prods = append(t.prods, p)
				var q []byte
				if p != "" {
					q = appendJSONString([]byte(`,"product":`), p)
				}
				t.prodQ = append(t.prodQ, q)
				maxProd = max(maxProd, len(q))
			}
			t.prodLoc[x.Product] = i
		}
		if t.curLoc[x.Currency] < 0 {
			c := r.Strings[x.Currency]
			if c == "" {
				c = base
			}
			c, err := NormalizeCurrency(c)
			if err != nil {
				return nil, err
			}
			t.curLoc[x.Currency] = int32(len(t.curs))
			t.curs = append(t.curs, c)
			t.curQ = append(t.curQ, quoted(c))
			maxCur = max(maxCur, len(t.curQ[len(t.curQ)-1]))
		}
		if t.noteLoc[x.Note] < 0 {
			var q []byte
			if v := r.Strings[x.Note]; v != "" {
				q = appendJSONString([]byte(`,"note":`), v)
			}
			t.noteLoc[x.Note] = int32(len(t.notesQ))
			t.notesQ = append(t.notesQ, q)
			maxNote = max(maxNote, len(q))
		}
	}
	t.dateRank = rankOf(t.dates)
	t.custRank = rankOf(t.custIDs)
	trNames := make([]string, len(t.trs))
	for i, tr := range t.trs {
		trNames[i] = tr.tier + "\x00" + tr.region
	}
	t.trRank = rankOf(trNames)
	t.maxLen = maxDate + maxCust + maxProd + maxCur + maxNote + 2*20
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

// rowEncoder writes the records of the rows as Sale.appendJSON writes them.
type rowEncoder struct {
	rows  *SaleRows
	t     *rowTables
	ids   []byte // 26 bytes a row
	tail  []byte // ,"batch":…   (after the note)
	times []byte // ,"created":…,"updated":…}
}

func newRowEncoder(rows *SaleRows, t *rowTables, ids []byte, batch string, now []byte) *rowEncoder {
	var tail []byte
	if batch != "" {
		tail = appendJSONString([]byte(`,"batch":`), batch)
	}
	times := append([]byte(`,"created":`), now...)
	times = append(append(times, `,"updated":`...), now...)
	return &rowEncoder{rows: rows, t: t, ids: ids, tail: tail, times: append(times, '}')}
}

// encode appends row i's record to b.
func (e *rowEncoder) encode(i int, b []byte) []byte {
	x, t := &e.rows.Rows[i], e.t
	c := t.custLoc[x.Customer]
	b = append(b, `{"id":"`...)
	b = append(b, e.ids[i*idLen:(i+1)*idLen]...)
	b = append(b, `","date":`...)
	b = append(b, t.dateQ[t.dateLoc[x.Date]]...)
	b = append(b, `,"customer_id":`...)
	b = append(b, t.custQ[c]...)
	b = append(b, t.prodQ[t.prodLoc[x.Product]]...)
	if x.Quantity != 0 {
		b = append(b, `,"quantity":`...)
		b = strconv.AppendInt(b, x.Quantity, 10)
	}
	b = append(b, `,"amount":`...)
	b = strconv.AppendInt(b, x.Amount, 10)
	b = append(b, `,"currency":`...)
	b = append(b, t.curQ[t.curLoc[x.Currency]]...)
	b = append(b, t.notesQ[t.noteLoc[x.Note]]...)
	b = append(b, e.tail...)
	b = append(b, t.custTags[c]...)
	return append(b, e.times...)
}

// jsonTime is t as encoding/json writes it inside a record.
func jsonTime(t any) ([]byte, error) { return json.Marshal(t) }
