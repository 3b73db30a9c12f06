package data

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// The change log. Every write through update records, in the same
// transaction, one Change per record it touched: the fields that differ
// (top-level JSON keys of the record; a customer's contacts or a complaint's
// history travel as one field each), each with the stamp of the value it
// replaced. Sync exports the log and merges other devices' logs field by
// field, last writer by HLC winning (changelog_apply.go).
//
// Every field also has a register, {stamp, base, value} (registers): the stamp of the value the store holds and the stamp that
// value replaced. Comparing a remote change against it gives last-writer-wins
// and tells a concurrent edit (a conflict) from a later one.

// fieldExists is the pseudo-field that says whether a record exists: true on
// creation, false on deletion (the tombstone). A deletion also sets every
// field to null, so an edit made concurrently is a conflict on that field.
const fieldExists = "_exists"

var jsonNull = json.RawMessage("null")

type register struct {
	Stamp string          `json:"s"`
	Base  string          `json:"b,omitempty"`
	Value json.RawMessage `json:"v"`
}

// registers are a record's field registers, kept together in one value
// (v|r|entity|sep|id), so a write reads and writes one key, not two per field.
type registers map[string]register

func loadRegs(txn *badger.Txn, kind, id string) (registers, error) {
	return loadRegsOf(txn, kind, id, nil, false)
}

// loadRegsOf loads a record's registers; a compact register (a record as an
// import wrote it, changelog_batch.go) is expanded from rec when given (the
// record's value before the transaction changed it), else from the record
// as stored.
func loadRegsOf(txn *badger.Txn, kind, id string, rec []byte, given bool) (registers, error) {
	regs := registers{}
	var compact string
	item, err := txn.Get(registerKey(kind, id))
	switch {
	case errors.Is(err, badger.ErrKeyNotFound) && kind == model.KindSale:
		// A packed sale as the import wrote it: its pack's stamp is its
		// compact register (gone or not: a write may have just marked it).
		if compact, err = packedStamp(txn, id); err != nil || compact == "" {
			return regs, err
		}
	case errors.Is(err, badger.ErrKeyNotFound):
		return regs, nil
	case err != nil:
		return nil, err
	default:
		err = item.Value(func(b []byte) error {
			if len(b) > 0 && b[0] == compactRegMark {
				compact = string(b[1:])
				return nil
			}
			return json.Unmarshal(b, &regs)
		})
		if err != nil || compact == "" {
			return regs, err
		}
	}
	if !given {
		key, err := recordKey(kind, id)
		if err != nil {
			return nil, err
		}
		if rec, err = rawValue(txn, key); err != nil {
			return nil, err
		}
	}
	return expandRegs(compact, rec)
}

func saveRegs(txn *badger.Txn, kind, id string, regs registers) error {
	return putJSON(txn, registerKey(kind, id), regs)
}

func getRegister(txn *badger.Txn, kind, id, field string) (register, bool, error) {
	regs, err := loadRegs(txn, kind, id)
	if err != nil {
		return register{}, false, err
	}
	r, ok := regs[field]
	return r, ok, nil
}

// touch is a record a logged transaction wrote, with its value before.
type touch struct {
	kind, id string
	key      []byte
	before   []byte // nil: it did not exist
}

// recorder collects what one logged transaction touches.
type recorder struct {
	s    *Store
	list []*touch
	seen map[string]bool
	err  error
}

// recorders maps a logged transaction to its recorder, so the low-level put
// and delete helpers, which only have the transaction, can note their writes.
var recorders sync.Map // *badger.Txn → *recorder

// noteWrite tells the change log that the record at key is about to be
// written or deleted. Call it before the write; the first call per record
// and transaction keeps the old value. Outside a logged transaction (sync
// applying other devices' changes, bulk loads) it does nothing.
func noteWrite(txn *badger.Txn, kind, id string, key []byte) {
	v, ok := recorders.Load(txn)
	if !ok {
		return
	}
	r := v.(*recorder)
	k := kind + "\x00" + id
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	t := &touch{kind: kind, id: id, key: bytes.Clone(key)}
	var err error
	if t.before, err = rawValue(txn, key); err != nil && r.err == nil {
		r.err = err
	}
	r.list = append(r.list, t)
}

// rawValue is the value at key, nil when there is none. A packed sale's
// value is the record it stands for.
func rawValue(txn *badger.Txn, key []byte) ([]byte, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) && key[0] == pSale {
		s, err := packedSale(txn, string(key[1:]))
		if s == nil || err != nil {
			return nil, err
		}
		return s.Marshal()
	}
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

// logged wraps a transaction function so that the changes it makes to the
// logged entities are recorded in the same transaction.
func (s *Store) logged(fn func(txn *badger.Txn) error) func(txn *badger.Txn) error {
	return func(txn *badger.Txn) error {
		r := &recorder{s: s, seen: map[string]bool{}}
		recorders.Store(txn, r)
		defer recorders.Delete(txn)
		if err := fn(txn); err != nil {
			return err
		}
		return r.flush(txn)
	}
}

func (r *recorder) flush(txn *badger.Txn) error {
	if r.err != nil || len(r.list) == 0 {
		return r.err
	}
	if err := r.s.seedClock(txn); err != nil {
		return err
	}
	dev, err := deviceID(txn)
	if err != nil {
		return err
	}
	for _, t := range r.list {
		after, err := rawValue(txn, t.key)
		if err != nil {
			return err
		}
		fields, err := diffFields(t.before, after)
		if err != nil {
			return err
		}
		if len(fields) == 0 {
			continue
		}
		hlc := r.s.hlc.tick()
		ch := model.SyncChange{Entity: t.kind, ID: t.id, Stamp: stamp(hlc, dev), Fields: make(map[string]model.FieldChange, len(fields))}
		regs, err := loadRegsOf(txn, t.kind, t.id, t.before, true)
		if err != nil {
			return err
		}
		for f, v := range fields {
			old := regs[f]
			ch.Fields[f] = model.FieldChange{Value: v, Base: old.Stamp}
			regs[f] = register{Stamp: ch.Stamp, Base: old.Stamp, Value: v}
		}
		if err := saveRegs(txn, t.kind, t.id, regs); err != nil {
			return err
		}
		if err := putJSON(txn, changeKey(hlc), ch); err != nil {
			return err
		}
	}
	return nil
}

// diffFields compares two JSON records field by field: a created record
// gives all its fields and _exists true, a deleted one null for all its
// fields and _exists false, a changed one the fields whose JSON differs (null
// for a field that went away).
func diffFields(before, after []byte) (map[string]json.RawMessage, error) {
	var b, a map[string]json.RawMessage
	if before != nil {
		if err := json.Unmarshal(before, &b); err != nil {
			return nil, err
		}
	}
	if after != nil {
		if err := json.Unmarshal(after, &a); err != nil {
			return nil, err
		}
	}
	out := map[string]json.RawMessage{}
	switch {
	case before == nil && after == nil:
	case before == nil:
		for f, v := range a {
			out[f] = v
		}
		out[fieldExists] = json.RawMessage("true")
	case after == nil:
		for f := range b {
			out[f] = jsonNull
		}
		out[fieldExists] = json.RawMessage("false")
	default:
		for f, v := range a {
			if !bytes.Equal(b[f], v) {
				out[f] = v
			}
		}
		for f := range b {
			if _, ok := a[f]; !ok {
				out[f] = jsonNull
			}
		}
	}
	return out, nil
}

// LoggedChange is one entry of this device's change log.
type LoggedChange struct {
	HLC  uint64
	JSON []byte
}

// ChangesSince returns up to max entries of this device's change log after
// HLC from, oldest first.
func (s *Store) ChangesSince(from uint64, max int) ([]LoggedChange, error) {
	var list []LoggedChange
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pChange}})
		defer it.Close()
		for it.Seek(changeKey(from + 1)); it.Valid() && len(list) < max; it.Next() {
			k := it.Item().Key()
			if len(k) != 9 {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			hlc := binary.BigEndian.Uint64(k[1:])
			if len(v) > 0 && v[0] == batchLogMark {
				// Expanded whole: the export mark never falls inside it.
				more, err := expandBatchLog(txn, hlc, v)
				if err != nil {
					return err
				}
				list = append(list, more...)
				continue
			}
			list = append(list, LoggedChange{HLC: hlc, JSON: v})
		}
		return nil
	})
	return list, err
}

// ExportMark is the HLC of the last change this device exported, 0 if none.
func (s *Store) ExportMark() (uint64, error) {
	var m uint64
	err := s.view(func(txn *badger.Txn) error {
		v, err := rawValue(txn, exportMark)
		if len(v) == 8 {
			m = binary.BigEndian.Uint64(v)
		}
		return err
	})
	return m, err
}

// SetExportMark records that the changes up to HLC m are exported.
func (s *Store) SetExportMark(m uint64) error {
	return s.update(func(txn *badger.Txn) error {
		return txn.Set(exportMark, binary.BigEndian.AppendUint64(nil, m))
	})
}

// syncBookkeeping reports whether a key is the change log's or sync's own
// (log, registers, conflicts, device id) rather than a record or index.
func syncBookkeeping(k []byte) bool {
	return len(k) > 0 && (k[0] == pChange || k[0] == pSync || k[0] == pConflict) || bytes.Equal(k, metaDevice)
}
