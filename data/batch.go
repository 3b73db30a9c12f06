package data

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Member records what a batch did to one customer, so it can be undone
// exactly: a new customer is removed, a merged one gets Before back. A member
// with a SaleID is a sale a sales import wrote: undo deletes it.
type Member struct {
	SaleID     string          `json:"sale_id,omitempty"`
	CustomerID string          `json:"customer_id"`
	New        bool            `json:"new"`
	Before     *model.Customer `json:"before,omitempty"`
	Updated    time.Time       `json:"updated"` // the customer's Updated as the batch left it

	SaleIDs     []string `json:"-"` // the sales of one chunk of a sales import
	CustomerIDs []string `json:"-"` // new customers of one chunk (New, Updated set)
	key         []byte   // the member's key, as read
}

// BeginBatch stores a new pending batch.
func (s *Store) BeginBatch(b *model.Batch) error {
	if b.ID == "" {
		b.ID = model.NewID()
	}
	if b.At.IsZero() {
		b.At = time.Now().UTC()
	}
	b.State = model.BatchPending
	if b.DeferRollups {
		s.holdRollups(b.ID)
	}
	err := s.update(func(txn *badger.Txn) error { return putJSON(txn, batchKey(b.ID), b) })
	if err != nil && b.DeferRollups {
		s.releaseRollups(b.ID)
	}
	return err
}

// WriteChunk writes changes of a pending batch in one transaction: records,
// their indexes and the batch's members land together or not at all. A chunk
// too big for one transaction is split.
func (s *Store) WriteChunk(batchID string, changes []model.Change) error {
	now := time.Now().UTC()
	err := s.updateNoSync(func(txn *badger.Txn) error {
		var fresh []string // the new customers, listed in a few members
		for _, ch := range changes {
			c := ch.After
			if c.ID == "" {
				c.ID = model.NewID()
			}
			if c.Created.IsZero() {
				c.Created = now
			}
			c.Updated = now
			if ch.Before != nil {
				for _, k := range customerIndexKeys(ch.Before) {
					if err := txn.Delete(k); err != nil {
						return err
					}
				}
			}
			if ch.Before != nil { // new ones are logged together below
				noteWrite(txn, model.KindCustomer, c.ID, customerKey(c.ID))
			}
			v, err := marshalCustomer(c)
			if err != nil {
				return err
			}
			if err := txn.Set(customerKey(c.ID), v); err != nil {
				return err
			}
			for _, k := range customerIndexKeys(c) {
				if err := txn.Set(k, nil); err != nil {
					return err
				}
			}
			if ch.Before == nil {
				fresh = append(fresh, c.ID)
				continue
			}
			m := Member{CustomerID: c.ID, Before: ch.Before, Updated: c.Updated}
			if err := putJSON(txn, memberKey(batchID, c.ID), &m); err != nil {
				return err
			}
		}
		for i := 0; i < len(fresh); i += customerListLen {
			part := fresh[i:min(i+customerListLen, len(fresh))]
			if err := txn.Set(memberKey(batchID, part[0]), encodeCustomerList(now, part)); err != nil {
				return err
			}
		}
		return s.logCreatedBatch(txn, model.KindCustomer, fresh)
	})
	if errors.Is(err, badger.ErrTxnTooBig) && len(changes) > 1 {
		half := len(changes) / 2
		if err := s.WriteChunk(batchID, changes[:half]); err != nil {
			return err
		}
		return s.WriteChunk(batchID, changes[half:])
	}
	return err
}

// CommitBatch marks a pending batch done, with its final counts. This is the
// write that makes the import count.
func (s *Store) CommitBatch(b *model.Batch) error {
	err := s.update(func(txn *badger.Txn) error {
		old, err := getBatch(txn, b.ID)
		if err != nil {
			return err
		}
		if old.State != model.BatchPending {
			return fmt.Errorf("commit batch %s (%s): %w", b.ID, old.State, model.ErrBatchState)
		}
		b.State = model.BatchDone
		return putJSON(txn, batchKey(b.ID), b)
	})
	if err == nil {
		s.releaseRollups(b.ID)
	}
	return err
}

// Batches lists every batch, oldest first.
func (s *Store) Batches() ([]*model.Batch, error) {
	var list []*model.Batch
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pBatch}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			b := new(model.Batch)
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, b) }); err != nil {
				return err
			}
			list = append(list, b)
		}
		return nil
	})
	return list, err
}

// Batch returns one batch.
func (s *Store) Batch(id string) (*model.Batch, error) {
	var b *model.Batch
	err := s.view(func(txn *badger.Txn) error {
		var err error
		b, err = getBatch(txn, id)
		return err
	})
	return b, err
}

func getBatch(txn *badger.Txn, id string) (*model.Batch, error) {
	item, err := txn.Get(batchKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("batch %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	b := new(model.Batch)
	return b, item.Value(func(v []byte) error { return json.Unmarshal(v, b) })
}

// Touched lists the customers of a batch that changed after the batch wrote
// them: undoing it would throw those edits away.
func (s *Store) Touched(batchID string) ([]*model.Customer, error) {
	var touched []*model.Customer
	err := s.eachMember(batchID, func(txn *badger.Txn, m *Member) error {
		if m.isSales() {
			return nil // an imported sale goes with its batch, edited or not
		}
		for _, id := range m.customers() {
			c, err := getCustomer(txn, id)
			switch {
			case errors.Is(err, model.ErrNotFound):
				touched = append(touched, &model.Customer{ID: id, Name: "(deleted)"})
			case err != nil:
				return err
			case !c.Updated.Equal(m.Updated):
				touched = append(touched, c)
			}
		}
		return nil
	})
	return touched, err
}

// A sales import records the sales it writes in members of up to
// saleListLen sales, keyed by the first sale id of the list, whose value is
// 'm' followed by the sale ids, each after its length (uvarint), or runs of
// them (id_run.go). Older stores hold
// one JSON member per sale (sale_id); both are read.
const saleListMark = 'm'

// saleListLen is how many sales one member lists: 128 ids of 26 bytes keep
// its value under the store's 4 KB value threshold, in the LSM tree rather
// than the value log, like every other small record.
const saleListLen = 128

func encodeSaleList(ids []string) []byte {
	n := 1
	for _, id := range ids {
		n += binary.MaxVarintLen64 + len(id)
	}
	b := make([]byte, 1, n)
	b[0] = saleListMark
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
	}
	return b
}

func decodeSaleList(v []byte) ([]string, error) {
	var ids []string
	for v = v[1:]; len(v) > 0; {
		var err error
		if ids, v, err = readListed(ids, v); err != nil {
			return nil, errors.New("member: bad sale list")
		}
	}
	return ids, nil
}

// decodeMember reads a member entry.
func decodeMember(key, v []byte) (*Member, error) {
	m := new(Member)
	if len(v) > 0 && v[0] == saleListMark {
		ids, err := decodeSaleList(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %q", err, key)
		}
		m.SaleIDs, m.New = ids, true
	} else if len(v) > 0 && v[0] == customerListMark {
		at, ids, err := decodeCustomerList(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %q", err, key)
		}
		m.CustomerIDs, m.New, m.Updated = ids, true, at
	} else if err := json.Unmarshal(v, m); err != nil {
		return nil, err
	}
	m.key = append([]byte(nil), key...)
	return m, nil
}

// isSales reports whether a member stands for sales rather than a customer.
func (m *Member) isSales() bool { return m.SaleID != "" || len(m.SaleIDs) > 0 }

// customers lists the customer ids a member stands for.
func (m *Member) customers() []string {
	if len(m.CustomerIDs) > 0 {
		return m.CustomerIDs
	}
	return []string{m.CustomerID}
}

// sales lists the sale ids a member stands for.
func (m *Member) sales() []string {
	if m.SaleID != "" {
		return []string{m.SaleID}
	}
	return m.SaleIDs
}

func (s *Store) eachMember(batchID string, fn func(txn *badger.Txn, m *Member) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: indexPrefix(pMember, batchID)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var m *Member
			if err := it.Item().Value(func(v []byte) (err error) {
				m, err = decodeMember(it.Item().Key(), v)
				return err
			}); err != nil {
				return err
			}
			if err := fn(txn, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// UndoBatch reverts a done batch: its new customers are removed (with any
// history added since) and merged ones get their earlier record back. It is
// marked undoing first, so an interrupted undo finishes at the next open.
func (s *Store) UndoBatch(id string) error {
	err := s.update(func(txn *badger.Txn) error {
		b, err := getBatch(txn, id)
		if err != nil {
			return err
		}
		if b.State != model.BatchDone && b.State != model.BatchUndoing {
			return fmt.Errorf("undo batch %s (%s): %w", id, b.State, model.ErrBatchState)
		}
		b.State = model.BatchUndoing
		return putJSON(txn, batchKey(id), b)
	})
	if err != nil {
		return err
	}
	return s.revert(id, model.BatchUndone)
}

// revert undoes every member of a batch in chunks, then sets its final state.
// Each pass seeks past the members already reverted, so the deleted keys
// behind it are never scanned again.
func (s *Store) revert(id, final string) error {
	b, err := s.Batch(id)
	if err != nil {
		return err
	}
	// A pending batch that deferred its rollups may have written any part
	// of them: its sales go without touching them, and they are rebuilt.
	rebuild := b.DeferRollups && b.State == model.BatchPending
	from := indexPrefix(pMember, id)
	for {
		var members []*Member
		err := s.view(func(txn *badger.Txn) error {
			prefix := indexPrefix(pMember, id)
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 100, Prefix: prefix})
			defer it.Close()
			// About 500 records a pass: a member of a sales import stands
			// for a whole chunk of sales, which one transaction wrote.
			work := 0
			for it.Seek(from); it.Valid() && work < 500; it.Next() {
				var m *Member
				if err := it.Item().Value(func(v []byte) (err error) {
					m, err = decodeMember(it.Item().Key(), v)
					return err
				}); err != nil {
					return err
				}
				members = append(members, m)
				work += max(1, len(m.SaleIDs), len(m.CustomerIDs))
				from = append(it.Item().KeyCopy(nil), 0)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(members) == 0 {
			break
		}
		if err := s.revertMembers(id, members, !rebuild); err != nil {
			return fmt.Errorf("revert batch %s: %w", id, err)
		}
	}
	if err := s.dropPacks(id); err != nil {
		return fmt.Errorf("revert batch %s: %w", id, err)
	}
	if rebuild {
		if _, err := s.rebuildRollups(); err != nil {
			return fmt.Errorf("revert batch %s: %w", id, err)
		}
		defer s.releaseRollups(id)
	}
	return s.update(func(txn *badger.Txn) error {
		b, err := getBatch(txn, id)
		if err != nil {
			return err
		}
		b.State = final
		return putJSON(txn, batchKey(id), b)
	})
}

// revertMembers reverts members in one transaction, or in several when they
// are too many for one. Reverting a sale is idempotent (a sale already gone
// is skipped), so a member's sales may be taken back over several
// transactions, the member itself deleted with the last.
func (s *Store) revertMembers(id string, members []*Member, rollups bool) error {
	err := s.updateNoSync(func(txn *badger.Txn) error {
		var sales []string
		for _, m := range members {
			if !m.isSales() {
				if err := revertMember(txn, id, m); err != nil {
					return err
				}
				continue
			}
			sales = append(sales, m.sales()...)
			if m.key == nil {
				continue // part of a member, deleted after its last part
			}
			if err := txn.Delete(m.key); err != nil {
				return err
			}
		}
		if len(sales) > 0 {
			return revertSales(txn, sales, rollups)
		}
		return nil
	})
	if !errors.Is(err, badger.ErrTxnTooBig) {
		return err
	}
	if len(members) > 1 {
		half := len(members) / 2
		if err := s.revertMembers(id, members[:half], rollups); err != nil {
			return err
		}
		return s.revertMembers(id, members[half:], rollups)
	}
	ids := members[0].SaleIDs
	if len(ids) < 2 {
		return err
	}
	half := len(ids) / 2
	for _, part := range [][]string{ids[:half], ids[half:]} {
		if err := s.revertMembers(id, []*Member{{SaleIDs: part, New: true}}, rollups); err != nil {
			return err
		}
	}
	if members[0].key == nil {
		return nil
	}
	return s.updateNoSync(func(txn *badger.Txn) error { return txn.Delete(members[0].key) })
}

func revertMember(txn *badger.Txn, batchID string, m *Member) error {
	for _, id := range m.customers() {
		if err := revertCustomer(txn, id, m); err != nil {
			return err
		}
	}
	if m.key != nil {
		return txn.Delete(m.key)
	}
	return txn.Delete(memberKey(batchID, m.CustomerID))
}

// revertCustomer takes back what a batch did to one customer of m.
func revertCustomer(txn *badger.Txn, id string, m *Member) error {
	cur, err := getCustomer(txn, id)
	touched := true
	switch {
	case errors.Is(err, model.ErrNotFound):
	case err != nil:
		return err
	default:
		touched = !cur.Updated.Equal(m.Updated)
		for _, k := range customerIndexKeys(cur) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		noteWrite(txn, model.KindCustomer, cur.ID, customerKey(cur.ID))
		if err := txn.Delete(customerKey(cur.ID)); err != nil {
			return err
		}
	}
	// History added after the import moved Updated; an untouched customer
	// has none, which spares an iterator per member.
	if m.New && touched {
		ins, err := interactions(txn, id)
		if err != nil {
			return err
		}
		for _, in := range ins {
			if err := deleteInteraction(txn, in); err != nil {
				return err
			}
		}
	} else if !m.New && m.Before != nil {
		return putCustomer(txn, m.Before)
	}
	return nil
}

// RollBackBatch reverts a pending batch (a cancelled import).
func (s *Store) RollBackBatch(id string) error { return s.revert(id, model.BatchRolledBack) }

// recoverBatches runs at open: an import cut off before its commit is rolled
// back, an undo cut off is finished. It returns how many it repaired.
func (s *Store) recoverBatches() (int, error) {
	list, err := s.Batches()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range list {
		switch b.State {
		case model.BatchPending:
			err = s.revert(b.ID, model.BatchRolledBack)
		case model.BatchUndoing:
			err = s.revert(b.ID, model.BatchUndone)
		default:
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func putJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

// IndexValues returns every value of an index ("name", "phone", "tax_id")
// with the ids under it, reading keys only: import de-duplication looks up
// 100,000 rows in memory rather than 100,000 times in the store.
func (s *Store) IndexValues(index string) (map[string][]string, error) {
	prefix, ok := map[string]byte{"name": pIdxName, "phone": pIdxPhone, "tax_id": pIdxTaxID}[index]
	if !ok {
		return nil, fmt.Errorf("no index %q", index)
	}
	m := map[string][]string{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefix}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()[1:]
			for i := len(k) - 1; i >= 0; i-- {
				if k[i] == sep {
					v := string(k[:i])
					m[v] = append(m[v], string(k[i+1:]))
					break
				}
			}
		}
		return nil
	})
	return m, err
}
