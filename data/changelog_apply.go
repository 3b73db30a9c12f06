package data

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Conflict is a value that lost to a concurrent one: two devices changed the
// same field (or one deleted the record) without having seen the other's
// change. The winner is in the store; the loser is kept here until the user
// dismisses it or writes it back.
type Conflict struct {
	Entity string          `json:"entity"`
	ID     string          `json:"id"`
	Field  string          `json:"field"`
	Winner json.RawMessage `json:"winner"`
	WonBy  string          `json:"won_by"` // stamp of the winning value
	Loser  json.RawMessage `json:"loser"`
	LostBy string          `json:"lost_by"` // stamp of the losing value
	Found  time.Time       `json:"found"`
}

// Key identifies a conflict (to dismiss it).
func (c *Conflict) Key() string {
	if c.Field == fieldParent {
		return string(conflictKey(c.Entity, c.ID, c.Field, ""))
	}
	return string(conflictKey(c.Entity, c.ID, c.Field, c.LostBy))
}

// quiet fields never make a conflict: every write moves a record's updated
// time, and _exists is decided by the fields a deletion nulls.
var quiet = map[string]bool{"updated": true, "created": true, fieldExists: true}

// Applied reports whether the file of the device was already applied.
func (s *Store) Applied(device, file string) (bool, error) {
	var ok bool
	err := s.view(func(txn *badger.Txn) error {
		v, err := rawValue(txn, appliedKey(device, file))
		ok = v != nil
		return err
	})
	return ok, err
}

// ApplyResult says what applying one file did.
type ApplyResult struct {
	Changes   int  // changes in the file
	Won       int  // field values that are now the store's
	Conflicts int  // conflicts found
	Already   bool // the file had been applied before: nothing done
}

// ApplyChanges merges another device's changes into the store in one
// transaction, and remembers the file as applied in the same one: a file is
// applied whole or not at all, and applying it again does nothing. Each
// field goes to the change with the greater stamp (HLC, then device); a
// value that loses to a change made without knowledge of it is kept as a
// Conflict. A change of this device's own is refused. The bytes of
// attachments are taken out of changes and written to their files.
func (s *Store) ApplyChanges(device, file string, changes []model.SyncChange) (ApplyResult, error) {
	res := ApplyResult{Changes: len(changes)}
	// A change stamped far ahead of this clock is held with its whole batch
	// before anything is written: adopting its stamp would move this clock
	// (and every change made here after it) to a time that never comes.
	if err := s.checkSkew(changes); err != nil {
		return res, err
	}
	// Attachments' bytes go to their files first, checked; they never
	// reach the store (changelog_attach.go).
	if err := s.receiveAttachments(changes); err != nil {
		return res, err
	}
	err := s.dbUpdate(func(txn *badger.Txn) error {
		res = ApplyResult{Changes: len(changes)}
		if v, err := rawValue(txn, appliedKey(device, file)); err != nil || v != nil {
			res.Already = v != nil
			return err
		}
		if err := s.seedClock(txn); err != nil {
			return err
		}
		self, err := deviceID(txn)
		if err != nil {
			return err
		}
		a := &applier{txn: txn, now: time.Now().UTC(), res: &res}
		var max uint64
		for i := range changes {
			ch := &changes[i]
			hlc, dev, err := parseStamp(ch.Stamp)
			if err != nil {
				return err
			}
			if dev == self {
				return fmt.Errorf("change %s was made by this device", ch.Stamp)
			}
			max = maxU(max, hlc)
			if err := a.merge(ch); err != nil {
				return fmt.Errorf("%s %s: %w", ch.Entity, ch.ID, err)
			}
		}
		if err := a.materialiseAll(); err != nil {
			return err
		}
		s.hlc.observe(max)
		if err := txn.Set(syncHLC, binary.BigEndian.AppendUint64(nil, maxU(max, a.seenHLC(txn)))); err != nil {
			return err
		}
		return putJSON(txn, appliedKey(device, file), map[string]any{"changes": len(changes), "at": a.now})
	})
	return res, err
}

// checkSkew returns a *ClockAheadError for the first change of a batch
// stamped beyond the skew limit; a stamp that does not parse is left to
// the merge, which refuses it.
func (s *Store) checkSkew(changes []model.SyncChange) error {
	s.hlc.mu.Lock()
	limit := s.hlc.skewLimit()
	s.hlc.mu.Unlock()
	for i := range changes {
		hlc, _, err := parseStamp(changes[i].Stamp)
		if err == nil && hlc > limit {
			return &model.ClockAheadError{Stamp: changes[i].Stamp, At: hlcTimeSafe(hlc)}
		}
	}
	return nil
}

// hlcTimeSafe is HLCTime for any value: one past year 9999 (an HLC of
// 0xffff…) reads as the end of 9999, which time can format.
func hlcTimeSafe(v uint64) time.Time {
	const maxMilli = 253402300799999 // 9999-12-31T23:59:59.999Z
	if v>>16 > maxMilli {
		return time.UnixMilli(maxMilli).UTC()
	}
	return HLCTime(v)
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// applier merges changes inside one transaction.
type applier struct {
	txn     *badger.Txn
	now     time.Time
	res     *ApplyResult
	touched []ref
	seen    map[ref]bool
	sales   *salesWriter
}

type ref struct{ kind, id string }

func (a *applier) seenHLC(txn *badger.Txn) uint64 {
	v, _ := rawValue(txn, syncHLC)
	if len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func validKind(k string) bool {
	for _, x := range model.Kinds {
		if k == x {
			return true
		}
	}
	return isValueKind(k)
}

// merge applies one change to the field registers.
//
// A deletion nulls every field the deleting device had, with the stamp it
// had seen for each, so an edit it had not seen is a conflict on that field
// like any other. Two cases have no register to compare: an edit of a field
// the deleting device never had, arriving after the deletion (remote edit,
// local tombstone), or before it (remote deletion, local field it does not
// name). Both are conflicts, keyed by the edit's stamp in either order.
func (a *applier) merge(ch *model.SyncChange) error {
	if !validKind(ch.Entity) || ch.ID == "" {
		return fmt.Errorf("unknown entity %q", ch.Entity)
	}
	regs, err := loadRegs(a.txn, ch.Entity, ch.ID)
	if err != nil {
		return err
	}
	ex, hasEx := regs[fieldExists]
	tomb := hasEx && string(ex.Value) == "false"
	del, isDel := ch.Fields[fieldExists]
	isDel = isDel && string(del.Value) == "false"
	deleted := register{Stamp: ex.Stamp, Value: jsonNull} // the tombstone as a winner
	changed := false
	for f, fc := range ch.Fields {
		local, ok := regs[f]
		value := fc.Value
		if len(value) == 0 {
			value = jsonNull
		}
		remote := register{Stamp: ch.Stamp, Base: fc.Base, Value: value}
		switch {
		case ok && remote.Stamp == local.Stamp: // already here
		case !ok || remote.Stamp > local.Stamp:
			if ok && remote.Base < local.Stamp {
				err = a.conflict(ch.Entity, ch.ID, f, remote, local)
			} else if !ok && tomb && !isDel {
				err = a.conflict(ch.Entity, ch.ID, f, deleted, remote)
			}
			if err != nil {
				return err
			}
			regs[f] = remote
			changed = true
			a.res.Won++
			a.touch(ch.Entity, ch.ID)
		default:
			if local.Base < remote.Stamp {
				if err := a.conflict(ch.Entity, ch.ID, f, local, remote); err != nil {
					return err
				}
			}
		}
	}
	if changed {
		if err := saveRegs(a.txn, ch.Entity, ch.ID, regs); err != nil {
			return err
		}
	}
	if !isDel || (hasEx && ex.Stamp >= ch.Stamp) {
		return nil
	}
	won := register{Stamp: ch.Stamp, Value: jsonNull}
	for f, r := range regs {
		if _, named := ch.Fields[f]; !named && string(r.Value) != "null" {
			if err := a.conflict(ch.Entity, ch.ID, f, won, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *applier) touch(kind, id string) {
	r := ref{kind, id}
	if a.seen == nil {
		a.seen = map[ref]bool{}
	}
	if !a.seen[r] {
		a.seen[r] = true
		a.touched = append(a.touched, r)
	}
}

// conflict keeps the loser when the two values differ.
func (a *applier) conflict(kind, id, field string, win, lose register) error {
	if quiet[field] || bytes.Equal(win.Value, lose.Value) {
		return nil
	}
	key := conflictKey(kind, id, field, lose.Stamp)
	if v, err := rawValue(a.txn, key); err != nil || v != nil {
		return err
	}
	a.res.Conflicts++
	return putJSON(a.txn, key, Conflict{Entity: kind, ID: id, Field: field, Winner: win.Value, WonBy: win.Stamp,
		Loser: lose.Value, LostBy: lose.Stamp, Found: a.now})
}

// Conflicts lists the conflicts not yet dismissed, by entity and id.
func (s *Store) Conflicts() ([]*Conflict, error) {
	var list []*Conflict
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pConflict}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			c := new(Conflict)
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, c) }); err != nil {
				return fmt.Errorf("conflict %q: %w", it.Item().Key(), err)
			}
			list = append(list, c)
		}
		return nil
	})
	return list, err
}

// DismissConflict forgets a conflict (the user keeps the winner, or has
// written the loser back as a new change).
func (s *Store) DismissConflict(key string) error {
	if len(key) == 0 || key[0] != pConflict {
		return fmt.Errorf("conflict %q: %w", key, model.ErrNotFound)
	}
	return s.update(func(txn *badger.Txn) error {
		if v, err := rawValue(txn, []byte(key)); err != nil || v == nil {
			if err == nil {
				err = fmt.Errorf("conflict %q: %w", key, model.ErrNotFound)
			}
			return err
		}
		return txn.Delete([]byte(key))
	})
}

// SyncedValue is the last value a field of a record had in the sync
// registers (null if none): the name of a customer deleted here, say.
func (s *Store) SyncedValue(kind, id, field string) (json.RawMessage, error) {
	var v json.RawMessage = jsonNull
	err := s.view(func(txn *badger.Txn) error {
		r, ok, err := getRegister(txn, kind, id, field)
		if ok {
			v = r.Value
		}
		return err
	})
	return v, err
}
