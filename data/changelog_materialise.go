package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Materialising: after a file's changes are merged into the field
// registers, every touched record is rewritten from them through the
// entity's own put or delete (so indexes and sales rollups follow), without
// being logged again. Interactions, sales and complaints whose customer is
// missing here wait (pendingKey) and are written when the customer is; a
// deleted customer takes its records here with it, as it did on the device
// that deleted it.

func (a *applier) materialiseAll() error {
	// Settings and rates first, so the sales find their rates; then
	// customers, so their records find them.
	order := func(k string) int {
		switch {
		case isValueKind(k):
			return 0
		case k == model.KindCustomer:
			return 1
		}
		return 2
	}
	sort.SliceStable(a.touched, func(i, j int) bool { return order(a.touched[i].kind) < order(a.touched[j].kind) })
	for _, r := range a.touched {
		if err := a.materialise(r.kind, r.id); err != nil {
			return fmt.Errorf("%s %s: %w", r.kind, r.id, err)
		}
	}
	if a.sales != nil {
		return a.sales.flush()
	}
	return nil
}

func (a *applier) salesW() (*salesWriter, error) {
	if a.sales == nil {
		w, err := newSalesWriter(a.txn)
		if err != nil {
			return nil, err
		}
		a.sales = w
	}
	return a.sales, nil
}

// customerOf is the customer id the registers or the stored record give.
func customerOf(regs registers, cur []byte) string {
	var id string
	if r, ok := regs["customer_id"]; ok && json.Unmarshal(r.Value, &id) == nil && id != "" {
		return id
	}
	var rec struct {
		CustomerID string `json:"customer_id"`
	}
	if cur != nil && json.Unmarshal(cur, &rec) == nil {
		return rec.CustomerID
	}
	return ""
}

// locate gives the record's key, its stored value and, for the records of a
// customer, the customer's id.
func (a *applier) locate(kind, id string, regs registers) (key, cur []byte, parent string, err error) {
	switch kind {
	case model.KindCustomer:
		key = customerKey(id)
	case model.KindSale:
		key = saleKey(id)
	case model.KindComplaint:
		key = complaintKey(id)
	case model.KindInteraction:
		// Its key holds the customer's id, which only the registers know.
		if parent = customerOf(regs, nil); parent == "" {
			return nil, nil, "", nil
		}
		key = interactionKey(parent, id)
	}
	if cur, err = rawValue(a.txn, key); err != nil {
		return nil, nil, "", err
	}
	if kind == model.KindSale || kind == model.KindComplaint {
		parent = customerOf(regs, cur)
	}
	return key, cur, parent, nil
}

func (a *applier) materialise(kind, id string) error {
	if isValueKind(kind) {
		return a.materialiseValue(kind, id)
	}
	regs, err := loadRegs(a.txn, kind, id)
	if err != nil {
		return err
	}
	key, cur, parent, err := a.locate(kind, id, regs)
	if err != nil || key == nil {
		return err
	}
	ex, hasEx := regs[fieldExists]
	if hasEx && string(ex.Value) != "true" { // deleted
		if parent != "" {
			if err := a.txn.Delete(pendingKey(parent, kind, id)); err != nil {
				return err
			}
		}
		if err := a.txn.Delete(conflictKey(kind, id, fieldParent, "")); err != nil {
			return err
		}
		if cur != nil {
			return a.remove(kind, cur)
		}
		return nil
	}
	if cur == nil && !hasEx {
		return nil // edits of a record whose creation has not arrived yet
	}
	m := map[string]json.RawMessage{}
	if cur != nil {
		if err := json.Unmarshal(cur, &m); err != nil {
			return err
		}
	}
	for f, r := range regs {
		switch {
		case f == fieldExists:
		case string(r.Value) == "null":
			delete(m, f)
		default:
			m[f] = r.Value
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if parent != "" {
		if _, err := getCustomer(a.txn, parent); errors.Is(err, model.ErrNotFound) {
			if cur != nil {
				if err := a.remove(kind, cur); err != nil {
					return err
				}
			}
			if err := a.orphan(kind, id, parent); err != nil {
				return err
			}
			return a.txn.Set(pendingKey(parent, kind, id), nil)
		} else if err != nil {
			return err
		}
		if err := a.txn.Delete(pendingKey(parent, kind, id)); err != nil {
			return err
		}
	}
	return a.write(kind, id, b)
}

// write stores a merged record through its entity's put.
func (a *applier) write(kind, id string, b []byte) error {
	switch kind {
	case model.KindCustomer:
		c := new(model.Customer)
		if err := json.Unmarshal(b, c); err != nil {
			return err
		}
		if err := putCustomer(a.txn, c); err != nil {
			return err
		}
		return a.pendingOf(id)
	case model.KindInteraction:
		in := new(model.Interaction)
		if err := json.Unmarshal(b, in); err != nil {
			return err
		}
		return putInteraction(a.txn, in)
	case model.KindSale:
		s := new(model.Sale)
		if err := json.Unmarshal(b, s); err != nil {
			return err
		}
		w, err := a.salesW()
		if err != nil {
			return err
		}
		return w.putExact(s)
	case model.KindComplaint:
		c := new(model.Complaint)
		if err := json.Unmarshal(b, c); err != nil {
			return err
		}
		if old, err := getComplaint(a.txn, id); err == nil {
			for _, k := range complaintIndexKeys(old) {
				if err := a.txn.Delete(k); err != nil {
					return err
				}
			}
		} else if !errors.Is(err, model.ErrNotFound) {
			return err
		}
		return putComplaint(a.txn, c)
	}
	return fmt.Errorf("unknown entity %q", kind)
}

// pendingOf writes the records that waited for the customer.
func (a *applier) pendingOf(customerID string) error {
	p := pendingKey(customerID, "", "")
	p = p[:len(p)-1] // …|customer id|sep
	var refs []ref
	it := a.txn.NewIterator(badger.IteratorOptions{Prefix: p})
	for it.Rewind(); it.Valid(); it.Next() {
		rest := string(it.Item().Key()[len(p):])
		for i := 0; i < len(rest); i++ {
			if rest[i] == sep {
				refs = append(refs, ref{rest[:i], rest[i+1:]})
				break
			}
		}
	}
	it.Close()
	for _, r := range refs {
		if err := a.materialise(r.kind, r.id); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes a stored record with its indexes; a customer takes its
// interactions, sales and complaints, which then wait for it.
func (a *applier) remove(kind string, cur []byte) error {
	switch kind {
	case model.KindCustomer:
		c := new(model.Customer)
		if err := json.Unmarshal(cur, c); err != nil {
			return err
		}
		return a.removeCustomer(c)
	case model.KindInteraction:
		in := new(model.Interaction)
		if err := json.Unmarshal(cur, in); err != nil {
			return err
		}
		return deleteInteraction(a.txn, in)
	case model.KindSale:
		s := new(model.Sale)
		if err := json.Unmarshal(cur, s); err != nil {
			return err
		}
		w, err := a.salesW()
		if err != nil {
			return err
		}
		return w.remove(s)
	case model.KindComplaint:
		c := new(model.Complaint)
		if err := json.Unmarshal(cur, c); err != nil {
			return err
		}
		for _, k := range complaintIndexKeys(c) {
			if err := a.txn.Delete(k); err != nil {
				return err
			}
		}
		return a.txn.Delete(complaintKey(c.ID))
	}
	return fmt.Errorf("unknown entity %q", kind)
}

func (a *applier) removeCustomer(c *model.Customer) error {
	ins, err := interactions(a.txn, c.ID)
	if err != nil {
		return err
	}
	for _, in := range ins {
		if err := deleteInteraction(a.txn, in); err != nil {
			return err
		}
		if err := a.wait(c.ID, model.KindInteraction, in.ID); err != nil {
			return err
		}
	}
	sales, err := customerSales(a.txn, c.ID)
	if err != nil {
		return err
	}
	if len(sales) > 0 {
		w, err := a.salesW()
		if err != nil {
			return err
		}
		for _, s := range sales {
			if err := w.remove(s); err != nil {
				return err
			}
			if err := a.wait(c.ID, model.KindSale, s.ID); err != nil {
				return err
			}
		}
	}
	var cids []string
	it := a.txn.NewIterator(badger.IteratorOptions{Prefix: indexPrefix(pIdxComplaintCustomer, c.ID)})
	for it.Rewind(); it.Valid(); it.Next() {
		cids = append(cids, lastPart(it.Item().Key()))
	}
	it.Close()
	for _, id := range cids {
		cur, err := rawValue(a.txn, complaintKey(id))
		if err != nil || cur == nil {
			return err
		}
		if err := a.remove(model.KindComplaint, cur); err != nil {
			return err
		}
		if err := a.wait(c.ID, model.KindComplaint, id); err != nil {
			return err
		}
	}
	for _, k := range customerIndexKeys(c) {
		if err := a.txn.Delete(k); err != nil {
			return err
		}
	}
	return a.txn.Delete(customerKey(c.ID))
}

// putExact writes a sale from another device as it is (its tier, region and
// times were set there), replacing a stored one, with its rollup changes.
func (w *salesWriter) putExact(s *model.Sale) error {
	if old, err := getSale(w.txn, s.ID); err == nil {
		if err := w.remove(old); err != nil {
			return err
		}
	} else if !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if err := s.Clean(); err != nil {
		return err
	}
	base, err := w.rates.toBase(s.Amount, s.Currency, s.Date)
	if err != nil {
		return err
	}
	v, err := s.Marshal()
	if err != nil {
		return err
	}
	if err := w.txn.Set(saleKey(s.ID), v); err != nil {
		return err
	}
	if err := w.txn.Set(saleByCustomerKey(s), nil); err != nil {
		return err
	}
	w.delta.add(s, base, 1)
	return nil
}

// fieldParent names the conflict of a record whose customer was deleted
// concurrently: the record waits, hidden, in its registers.
const fieldParent = "_parent"

// wait makes a record of a customer being deleted wait for it, unless the
// same deletion (or another) deleted the record too.
func (a *applier) wait(customerID, kind, id string) error {
	if ex, ok, err := getRegister(a.txn, kind, id, fieldExists); err != nil || ok && string(ex.Value) == "false" {
		return err
	}
	if err := a.orphan(kind, id, customerID); err != nil {
		return err
	}
	return a.txn.Set(pendingKey(customerID, kind, id), nil)
}

// orphan lists a record whose customer is deleted here as a conflict; a
// customer that has not arrived yet is no conflict.
func (a *applier) orphan(kind, id, customerID string) error {
	tomb, ok, err := getRegister(a.txn, model.KindCustomer, customerID, fieldExists)
	if err != nil || !ok || string(tomb.Value) != "false" {
		return err
	}
	key := conflictKey(kind, id, fieldParent, "")
	if v, err := rawValue(a.txn, key); err != nil || v != nil {
		return err
	}
	ex, _, err := getRegister(a.txn, kind, id, fieldExists)
	if err != nil {
		return err
	}
	cid, err := json.Marshal(customerID)
	if err != nil {
		return err
	}
	a.res.Conflicts++
	return putJSON(a.txn, key, Conflict{Entity: kind, ID: id, Field: fieldParent, Winner: jsonNull, WonBy: tomb.Stamp,
		Loser: cid, LostBy: ex.Stamp, Found: a.now})
}
