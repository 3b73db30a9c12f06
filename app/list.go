package app

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/mozillazg/go-pinyin"

	"github.com/kehu-crm/kehu/data"
)

// Row is a customer as the list shows it. Rows are never changed after they
// are made (an edit makes a new Row), so callers may keep them.
type Row struct {
	ID, Name, ShortName, Type string
	Contact, Phone            string
	Province, City            string
	Tier, Stage, Owner        string
	Revenue                   int64
	Currency                  string
	Updated                   time.Time
	hay                       string // normalised text that search matches
	sortName                  string // pinyin, so 宝岛 sorts under B
}

// Query selects and orders customers. Zero values mean "all".
type Query struct {
	Search             string // words matched anywhere in name, short name, contacts, phones, city, pinyin
	Tier, Stage, Owner string
	Sort               string // name (default), revenue, updated, city, province, tier, stage, owner, phone, contact, type
	Desc               bool
	Limit              int // 0: no limit
}

// SortKeys are the columns a list can be sorted by.
var SortKeys = []string{"name", "short_name", "type", "tier", "stage", "province", "city", "contact", "phone", "owner", "revenue", "updated"}

var pinyinArgs = func() pinyin.Args { a := pinyin.NewArgs(); return a }()
var initialArgs = func() pinyin.Args { a := pinyin.NewArgs(); a.Style = pinyin.FirstLetter; return a }()

func newRow(c *Customer) *Row {
	r := &Row{ID: c.ID, Name: c.Name, ShortName: c.ShortName, Type: c.Type, Phone: c.Phone,
		Province: c.Province, City: c.City, Tier: c.Tier, Stage: c.Stage, Owner: c.Owner,
		Revenue: c.Revenue, Currency: c.Currency, Updated: c.Updated}
	if len(c.Contacts) > 0 {
		r.Contact = c.Contacts[0].Name
	}
	var h strings.Builder
	for _, s := range []string{c.Name, c.ShortName, c.City, c.Province} {
		h.WriteString(data.Normalize(s))
		h.WriteByte('|')
	}
	for _, ct := range c.Contacts {
		h.WriteString(data.Normalize(ct.Name))
		h.WriteByte('|')
	}
	for _, p := range append([]string{c.Phone}, contactPhones(c)...) {
		if p = data.NormalizePhone(p); p != "" {
			h.WriteString(p)
			h.WriteByte('|')
		}
	}
	full := strings.Join(pinyin.LazyPinyin(c.Name, pinyinArgs), "")
	h.WriteString(full)
	h.WriteByte('|')
	h.WriteString(strings.Join(pinyin.LazyPinyin(c.Name, initialArgs), ""))
	h.WriteByte('|')
	h.WriteString(strings.Join(pinyin.LazyPinyin(c.ShortName, initialArgs), ""))
	r.hay = h.String()
	r.sortName = full + "\x00" + data.Normalize(c.Name)
	return r
}

func contactPhones(c *Customer) []string {
	p := make([]string, len(c.Contacts))
	for i, ct := range c.Contacts {
		p[i] = ct.Phone
	}
	return p
}

// customerList is the in-memory list behind search: a search keystroke scans
// compact rows rather than decoding records, and each sort order is computed
// once and kept until the next write.
type customerList struct {
	rows   map[string]*Row
	sorted map[string][]*Row
}

func (l *customerList) put(c *Customer) {
	l.rows[c.ID] = newRow(c)
	clear(l.sorted)
}

func (l *customerList) remove(id string) {
	delete(l.rows, id)
	clear(l.sorted)
}

func (l *customerList) order(key string, desc bool) []*Row {
	name := key
	if desc {
		name += " desc"
	}
	if r, ok := l.sorted[name]; ok {
		return r
	}
	rows := make([]*Row, 0, len(l.rows))
	for _, r := range l.rows {
		rows = append(rows, r)
	}
	by := compareBy(key)
	slices.SortFunc(rows, func(a, b *Row) int {
		c := by(a, b)
		if desc {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.sortName, b.sortName)
		}
		return cmp.Or(c, strings.Compare(a.ID, b.ID))
	})
	l.sorted[name] = rows
	return rows
}

func compareBy(key string) func(a, b *Row) int {
	text := func(f func(*Row) string) func(a, b *Row) int {
		// Empty values sort last whichever the direction a person would expect.
		return func(a, b *Row) int {
			x, y := f(a), f(b)
			if (x == "") != (y == "") {
				return cmp.Compare(len(y), len(x)) // non-empty first
			}
			return strings.Compare(data.Normalize(x), data.Normalize(y))
		}
	}
	switch key {
	case "revenue":
		return func(a, b *Row) int { return cmp.Compare(a.Revenue, b.Revenue) }
	case "updated":
		return func(a, b *Row) int { return a.Updated.Compare(b.Updated) }
	case "short_name":
		return text(func(r *Row) string { return r.ShortName })
	case "type":
		return text(func(r *Row) string { return r.Type })
	case "tier":
		return text(func(r *Row) string { return r.Tier })
	case "stage":
		return func(a, b *Row) int {
			return cmp.Compare(stageRank(a.Stage), stageRank(b.Stage))
		}
	case "province":
		return text(func(r *Row) string { return pinyinOf(r.Province) })
	case "city":
		return text(func(r *Row) string { return pinyinOf(r.City) })
	case "contact":
		return text(func(r *Row) string { return pinyinOf(r.Contact) })
	case "owner":
		return text(func(r *Row) string { return pinyinOf(r.Owner) })
	case "phone":
		return text(func(r *Row) string { return data.NormalizePhone(r.Phone) })
	}
	return func(a, b *Row) int { return strings.Compare(a.sortName, b.sortName) }
}

func stageRank(s string) int {
	if i := slices.Index(data.Stages, s); i >= 0 {
		return i
	}
	return len(data.Stages)
}

func pinyinOf(s string) string {
	if p := strings.Join(pinyin.LazyPinyin(s, pinyinArgs), ""); p != "" {
		return p
	}
	return s
}

// Customers lists the customers matching q in q's order, up to q.Limit, and
// how many match in all.
func (s *Service) Customers(q Query) ([]*Row, int, error) {
	l, err := s.customerList()
	if err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	all := l.order(q.Sort, q.Desc)
	s.mu.Unlock()

	words := strings.Fields(data.Normalize(q.Search))
	for i, w := range words {
		if p := data.NormalizePhone(w); len(p) >= 3 && len(p) == len(w) {
			words[i] = p
		}
	}
	owner := data.Normalize(q.Owner)
	var out []*Row
	total := 0
	for _, r := range all {
		if q.Tier != "" && r.Tier != q.Tier || q.Stage != "" && r.Stage != q.Stage ||
			owner != "" && data.Normalize(r.Owner) != owner || !matches(r.hay, words) {
			continue
		}
		total++
		if q.Limit == 0 || len(out) < q.Limit {
			out = append(out, r)
		}
	}
	return out, total, nil
}

func matches(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Owners lists the distinct account owners, for the owner filter.
func (s *Service) Owners() ([]string, error) {
	l, err := s.customerList()
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen := map[string]bool{}
	var out []string
	for _, r := range l.rows {
		if r.Owner != "" && !seen[r.Owner] {
			seen[r.Owner] = true
			out = append(out, r.Owner)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(pinyinOf(a), pinyinOf(b)) })
	return out, nil
}

// customerList loads the list from the store on first use.
func (s *Service) customerList() (*customerList, error) {
	s.mu.RLock()
	l := s.list
	s.mu.RUnlock()
	if l != nil {
		return l, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.list != nil {
		return s.list, nil
	}
	l = &customerList{rows: map[string]*Row{}, sorted: map[string][]*Row{}}
	err := s.st.EachCustomer(func(c *Customer) error {
		l.rows[c.ID] = newRow(c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.list = l
	return l, nil
}
