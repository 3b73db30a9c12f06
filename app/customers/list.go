package customers

import (
	"bytes"
	"cmp"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"
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
	Source, Fit               string            // for the analyses' groupings
	Created                   time.Time         // for the analyses' new customers
	hay                       string            // normalised text that search matches
	keys                      [nTextKeys]string // precomputed sort keys, so a sort never converts text
}

// The text sort keys a Row precomputes.
const (
	keyName = iota
	keyShortName
	keyType
	keyTier
	keyProvince
	keyCity
	keyContact
	keyPhone
	keyOwner
	nTextKeys
)

// Query selects and orders customers. Zero values mean "all".
type Query struct {
	Search             string // words matched anywhere in name, short name, contacts, phones, city, pinyin
	Tier, Stage, Owner string
	Sort               string // one of SortKeys; name by default
	Desc               bool
	Limit              int // 0: no limit
}

// SortKeys are the columns a list can be sorted by; SortRecent by the sales
// of the last 12 months (RecentSales).
var SortKeys = []string{"name", "short_name", "type", "tier", "stage", "province", "city", "contact", "phone", "owner", "revenue", "updated", SortRecent}

// SortRecent is the sort key of the sales of the last 12 months.
const SortRecent = "sales_12m"

var textKeys = map[string]int{"name": keyName, "short_name": keyShortName, "type": keyType, "tier": keyTier,
	"province": keyProvince, "city": keyCity, "contact": keyContact, "phone": keyPhone, "owner": keyOwner}

func newRow(c *model.Customer) *Row {
	r := &Row{ID: c.ID, Name: c.Name, ShortName: c.ShortName, Type: c.Type, Phone: c.Phone,
		Province: c.Province, City: c.City, Tier: c.Tier, Stage: c.Stage, Owner: c.Owner,
		Revenue: c.Revenue, Currency: c.Currency, Updated: c.Updated,
		Source: c.Source, Fit: c.Fit, Created: c.Created}
	if len(c.Contacts) > 0 {
		r.Contact = c.Contacts[0].Name
	}
	var h strings.Builder
	add := func(s string) {
		if s != "" {
			h.WriteString(s)
			h.WriteByte('|')
		}
	}
	for _, s := range []string{c.Name, c.ShortName, c.City, c.Province} {
		add(model.Normalize(s))
	}
	for _, ct := range c.Contacts {
		add(model.Normalize(ct.Name))
	}
	for _, p := range append([]string{c.Phone}, contactPhones(c)...) {
		add(model.NormalizePhone(p))
	}
	full, initials := pinyin(c.Name)
	add(full)
	add(initials)
	_, short := pinyin(c.ShortName)
	add(short)
	r.hay = h.String()

	r.keys[keyName] = full + "\x00" + model.Normalize(c.Name)
	r.keys[keyShortName], _ = pinyin(c.ShortName)
	r.keys[keyType] = c.Type
	r.keys[keyTier] = c.Tier
	r.keys[keyProvince], _ = pinyin(c.Province)
	r.keys[keyCity], _ = pinyin(c.City)
	r.keys[keyContact], _ = pinyin(r.Contact)
	r.keys[keyPhone] = model.NormalizePhone(c.Phone)
	r.keys[keyOwner], _ = pinyin(c.Owner)
	return r
}

func contactPhones(c *model.Customer) []string {
	p := make([]string, len(c.Contacts))
	for i, ct := range c.Contacts {
		p[i] = ct.Phone
	}
	return p
}

// compareBy orders rows by a sort key. Every comparison ends in the id, so the
// order is total and a row's position can be found by binary search.
func compareBy(key string, desc bool) func(a, b *Row) int {
	var by func(a, b *Row) int
	switch key {
	case "revenue":
		by = func(a, b *Row) int { return cmp.Compare(a.Revenue, b.Revenue) }
	case "updated":
		by = func(a, b *Row) int { return a.Updated.Compare(b.Updated) }
	case "stage":
		by = func(a, b *Row) int { return cmp.Compare(stageRank(a.Stage), stageRank(b.Stage)) }
	default:
		k, ok := textKeys[key]
		if !ok {
			k = keyName
		}
		by = func(a, b *Row) int {
			x, y := a.keys[k], b.keys[k]
			if (x == "") != (y == "") {
				return cmp.Compare(len(y), len(x)) // empty values last
			}
			return strings.Compare(x, y)
		}
	}
	return func(a, b *Row) int {
		c := by(a, b)
		if desc {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.keys[keyName], b.keys[keyName])
		}
		return cmp.Or(c, strings.Compare(a.ID, b.ID))
	}
}

func stageRank(s string) int {
	if i := slices.Index(model.Stages, s); i >= 0 {
		return i
	}
	return len(model.Stages)
}

// customerList is the in-memory list behind search: a keystroke scans one
// contiguous buffer of normalised text rather than decoding records, and each
// sort order is computed once and then kept up to date row by row.
type customerList struct {
	rows   map[string]*Row
	sorted map[string]*order // by "key" or "key desc"
}

// order is the list in one sort order. Its slices are replaced, never changed
// in place, so a search may scan them without holding the lock.
type order struct {
	cmp    func(a, b *Row) int
	rows   []*Row
	hay    []byte  // every row's hay in order, each followed by '\n'; nil until searched
	starts []int32 // where each row's hay starts in hay
}

func (l *customerList) put(c *model.Customer) {
	r := newRow(c)
	old := l.rows[c.ID]
	l.rows[c.ID] = r
	for _, o := range l.sorted {
		rows := slices.Clone(o.rows)
		if old != nil {
			if i, ok := slices.BinarySearchFunc(rows, old, o.cmp); ok {
				rows = slices.Delete(rows, i, i+1)
			}
		}
		i, _ := slices.BinarySearchFunc(rows, r, o.cmp)
		o.rows = slices.Insert(rows, i, r)
		o.hay, o.starts = nil, nil
	}
}

func (l *customerList) remove(id string) {
	old, ok := l.rows[id]
	if !ok {
		return
	}
	delete(l.rows, id)
	for _, o := range l.sorted {
		if i, ok := slices.BinarySearchFunc(o.rows, old, o.cmp); ok {
			o.rows = slices.Delete(slices.Clone(o.rows), i, i+1)
		}
		o.hay, o.starts = nil, nil
	}
}

func (l *customerList) order(key string, desc bool) *order {
	name := key
	if desc {
		name += " desc"
	}
	if o, ok := l.sorted[name]; ok {
		return o
	}
	o := &order{cmp: compareBy(key, desc), rows: make([]*Row, 0, len(l.rows))}
	for _, r := range l.rows {
		o.rows = append(o.rows, r)
	}
	slices.SortFunc(o.rows, o.cmp)
	l.sorted[name] = o
	return o
}

// buildHay lays the rows' search text end to end, so one bytes.Index call
// finds the next matching row instead of one call per row.
func (o *order) buildHay() {
	if o.hay != nil {
		return
	}
	n := 0
	for _, r := range o.rows {
		n += len(r.hay) + 1
	}
	o.hay = make([]byte, 0, n)
	o.starts = make([]int32, len(o.rows))
	for i, r := range o.rows {
		o.starts[i] = int32(len(o.hay))
		o.hay = append(o.hay, r.hay...)
		o.hay = append(o.hay, '\n')
	}
}

// List lists the customers matching q in q's order, up to q.Limit, and
// how many match in all.
func (s *Service) List(q Query) ([]*Row, int, error) {
	l, err := s.customerList()
	if err != nil {
		return nil, 0, err
	}
	words := strings.Fields(model.Normalize(q.Search))
	for i, w := range words {
		if p := model.NormalizePhone(w); len(p) >= 3 && len(p) == len(w) {
			words[i] = p
		}
	}
	if q.Sort == SortRecent {
		// The sums change with every sale, so this order is not kept: the
		// matches are taken in name order and sorted by the sums here.
		sums, err := s.RecentSales()
		if err != nil {
			return nil, 0, err
		}
		all := q
		all.Sort, all.Desc, all.Limit = "name", false, 0
		rows, total, err := s.List(all)
		if err != nil {
			return nil, 0, err
		}
		sortByRecent(rows, sums, q.Desc)
		if q.Limit > 0 && len(rows) > q.Limit {
			rows = rows[:q.Limit]
		}
		return rows, total, nil
	}
	s.mu.Lock()
	o := l.order(q.Sort, q.Desc)
	if len(words) > 0 {
		o.buildHay()
	}
	rows, hay, starts := o.rows, o.hay, o.starts
	s.mu.Unlock()

	owner := model.Normalize(q.Owner)
	var out []*Row
	total := 0
	keep := func(r *Row) {
		if q.Tier != "" && r.Tier != q.Tier || q.Stage != "" && r.Stage != q.Stage ||
			owner != "" && model.Normalize(r.Owner) != owner {
			return
		}
		total++
		if q.Limit == 0 || len(out) < q.Limit {
			out = append(out, r)
		}
	}
	if len(words) == 0 {
		for _, r := range rows {
			keep(r)
		}
		return out, total, nil
	}
	// Scan for the longest word (the rarest, as a rule); check the others only
	// on the rows it hits.
	slices.SortFunc(words, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	first := []byte(words[0])
	for pos := 0; pos < len(hay); {
		j := bytes.Index(hay[pos:], first)
		if j < 0 {
			break
		}
		i := sort.Search(len(starts), func(k int) bool { return int(starts[k]) > pos+j }) - 1
		if r := rows[i]; matches(r.hay, words[1:]) {
			keep(r)
		}
		if i+1 < len(starts) {
			pos = int(starts[i+1])
		} else {
			break
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
	slices.SortFunc(out, func(a, b string) int {
		x, _ := pinyin(a)
		y, _ := pinyin(b)
		return strings.Compare(x, y)
	})
	return out, nil
}

// Reload reads the list from the store again now, rather than at its next
// use. The benchmarks of app time the list load with it.
func (s *Service) Reload() error {
	s.mu.Lock()
	s.list = nil
	s.mu.Unlock()
	_, err := s.customerList()
	return err
}

// DropOrders forgets the cached sort orders, not the rows: the next List in
// each order sorts afresh. The benchmarks of app time that cold sort with it.
func (s *Service) DropOrders() {
	s.mu.Lock()
	if s.list != nil {
		clear(s.list.sorted)
	}
	s.mu.Unlock()
}

// customerList loads the list from the store on first use.
func (s *Service) customerList() (*customerList, error) {
	store, done := s.c.Use()
	defer done()
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
	l = &customerList{rows: map[string]*Row{}, sorted: map[string]*order{}}
	err := store.EachCustomer(func(c *model.Customer) error {
		l.rows[c.ID] = newRow(c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.list = l
	// Loading decodes every record once; hand that garbage back to the OS
	// now rather than carrying it as heap headroom for the whole session.
	debug.FreeOSMemory()
	return l, nil
}

// refresh brings the in-memory list up to date after a batch (an import):
// a few changes row by row, many by reloading it when next needed.
func (s *Service) refresh(changes []model.Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.list == nil {
		return
	}
	if len(changes) > 200 {
		s.list = nil
		return
	}
	for _, ch := range changes {
		s.list.put(ch.After)
	}
}
