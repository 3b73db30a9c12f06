package customers

import (
	"slices"

	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"
)

// plan collects what an import will do, matching each row against the
// archive's indexes (read once, keys only) and the rows before it.
type plan struct {
	st                 *data.Store
	names, phones, tax map[string][]string // archive: value → ids
	byKey              map[string]*model.Change
	order              []*model.Change
}

func (s *Service) newPlan() (*plan, error) {
	store, done := s.c.Use()
	defer done()
	p := &plan{st: store, byKey: map[string]*model.Change{}}
	var err error
	if p.names, err = store.IndexValues("name"); err != nil {
		return nil, err
	}
	if p.phones, err = store.IndexValues("phone"); err != nil {
		return nil, err
	}
	if p.tax, err = store.IndexValues("tax_id"); err != nil {
		return nil, err
	}
	return p, nil
}

// matchKeys are the keys a customer is matched by, strongest first.
func matchKeys(c *model.Customer) []string {
	var k []string
	if c.ID != "" { // from an export's id column
		k = append(k, "i:"+c.ID)
	}
	if t := model.NormalizeTaxID(c.TaxID); t != "" {
		k = append(k, "t:"+t)
	}
	k = append(k, "n:"+model.Normalize(c.Name))
	if p := model.NormalizePhone(c.Phone); len(p) >= 7 {
		k = append(k, "p:"+p)
	}
	return k
}

// add plans c, whose matchKeys are keys, and reports whether it merged
// into a customer already known.
func (p *plan) add(c *model.Customer, keys []string) bool {
	for _, k := range keys {
		if ch, ok := p.byKey[k]; ok {
			fillBlanks(ch.After, c)
			p.index(ch, matchKeys(ch.After))
			return true
		}
	}
	for _, k := range keys {
		var ids []string
		switch k[0] {
		case 'i':
			if _, err := p.st.Customer(k[2:]); err == nil {
				ids = []string{k[2:]}
			}
		case 't':
			ids = p.tax[k[2:]]
		case 'n':
			ids = p.names[k[2:]]
		case 'p':
			ids = p.phones[k[2:]]
		}
		if len(ids) == 0 {
			continue
		}
		before, err := p.st.Customer(ids[0])
		if err != nil {
			continue
		}
		after := *before
		after.Contacts = slices.Clone(before.Contacts)
		after.Tags = slices.Clone(before.Tags)
		fillBlanks(&after, c)
		ch := &model.Change{Before: before, After: &after}
		p.order = append(p.order, ch)
		p.index(ch, append(keys, matchKeys(before)...))
		return true
	}
	ch := &model.Change{After: c}
	p.order = append(p.order, ch)
	p.index(ch, keys)
	return false
}

func (p *plan) index(ch *model.Change, keys []string) {
	for _, k := range keys {
		if _, ok := p.byKey[k]; !ok {
			p.byKey[k] = ch
		}
	}
}

// changes is what to write: new customers and merges that changed something.
func (p *plan) changes() []model.Change {
	var out []model.Change
	for _, ch := range p.order {
		if ch.Before == nil || !sameCustomer(ch.Before, ch.After) {
			out = append(out, *ch)
		}
	}
	return out
}

func sameCustomer(a, b *model.Customer) bool {
	for _, f := range Fields {
		if f.Get(a) != f.Get(b) {
			return false
		}
	}
	return slices.Equal(a.Contacts, b.Contacts)
}

// fillBlanks copies into dst what src has and dst lacks: a merge never
// overwrites what a person typed.
func fillBlanks(dst, src *model.Customer) {
	for _, f := range Fields {
		if f.Get(dst) == "" && f.Get(src) != "" {
			f.Put(dst, f.Get(src))
		}
	}
	if dst.Currency == "" {
		dst.Currency = src.Currency
	}
	for _, ct := range src.Contacts {
		if !slices.ContainsFunc(dst.Contacts, func(d model.Contact) bool { return model.Normalize(d.Name) == model.Normalize(ct.Name) }) {
			dst.Contacts = append(dst.Contacts, ct)
		}
	}
}
