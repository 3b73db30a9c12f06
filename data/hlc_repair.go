package data

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// A store whose clock ran far ahead — it made changes while this
// computer's clock was years wrong, or an older Kehu adopted a forged stamp
// of 0xffff… — stamps every new change after those, so other devices hold
// them all (changelog_apply.go) and, at the end of time, it stops sending
// anything. Check reports it; RepairClock brings the clock back.

// ClockProblems lists what of the store's clock is more than MaxClockSkew
// ahead of this computer's: its change log, the largest HLC it received,
// its export mark.
func (s *Store) ClockProblems() ([]string, error) {
	s.hlc.mu.Lock()
	limit := s.hlc.skewLimit()
	s.hlc.mu.Unlock()
	var out []string
	err := s.view(func(txn *badger.Txn) error {
		n := 0
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pChange}})
		for it.Seek(changeKey(limit + 1)); it.Valid(); it.Next() {
			if len(it.Item().Key()) == 9 {
				n++
			}
		}
		it.Close()
		if n > 0 {
			out = append(out, fmt.Sprintf("clock far ahead: %d changes of this device are dated more than %s ahead of this computer's clock", n, model.MaxClockSkew))
		}
		for _, k := range []struct {
			key  []byte
			what string
		}{{syncHLC, "the largest clock received"}, {exportMark, "the export mark"}} {
			v, err := rawValue(txn, k.key)
			if err != nil {
				return err
			}
			if len(v) == 8 && binary.BigEndian.Uint64(v) > limit {
				out = append(out, fmt.Sprintf("clock far ahead: %s is dated %s", k.what, hlcTimeSafe(binary.BigEndian.Uint64(v)).Format("2006-01-02 15:04:05Z")))
			}
		}
		return nil
	})
	return out, err
}

// RepairClock brings a store's clock back to this computer's: every
// change of this device dated beyond the skew limit leaves the log, and
// every record field whose value carries such a stamp (this device's or an
// adopted one) is logged again as a change of this device made now, with
// its value unchanged, so it travels again and is accepted everywhere. The
// largest received HLC and the export mark go back to the latest ones
// within the limit. It returns how many records were logged again.
func (s *Store) RepairClock() (int, error) {
	s.hlc.mu.Lock()
	limit := s.hlc.skewLimit()
	s.hlc.mu.Unlock()
	n := 0
	err := s.dbUpdate(func(txn *badger.Txn) error {
		n = 0
		dev, err := deviceID(txn)
		if err != nil {
			return err
		}
		refs, seen := []ref{}, map[ref]bool{}
		add := func(kind, id string) {
			if r := (ref{kind, id}); !seen[r] {
				seen[r] = true
				refs = append(refs, r)
			}
		}
		// The log: entries beyond the limit go, their records are logged again.
		var drop [][]byte
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pChange}})
		for it.Seek(changeKey(limit + 1)); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if len(k) != 9 {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				it.Close()
				return err
			}
			list := []LoggedChange{{HLC: binary.BigEndian.Uint64(k[1:]), JSON: v}}
			if len(v) > 0 && v[0] == batchLogMark {
				if list, err = expandBatchLog(txn, list[0].HLC, v); err != nil {
					it.Close()
					return err
				}
			}
			for _, lc := range list {
				var c model.SyncChange
				if err := json.Unmarshal(lc.JSON, &c); err != nil {
					it.Close()
					return fmt.Errorf("change log %x: %w", k[1:], err)
				}
				add(c.Entity, c.ID)
			}
			drop = append(drop, k)
		}
		it.Close()
		var lastKept uint64
		it = txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte{pChange}})
		for it.Seek(changeKey(limit)); it.Valid(); it.Next() {
			if k := it.Item().Key(); len(k) == 9 {
				lastKept = binary.BigEndian.Uint64(k[1:])
				break
			}
		}
		it.Close()
		// The registers: adopted far stamps, and the largest stamp kept.
		var maxKept uint64
		pre := registerPrefix
		it = txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: pre})
		for it.Rewind(); it.Valid(); it.Next() {
			kind, id, ok := splitRegisterKey(it.Item().Key()[len(pre):])
			if !ok {
				continue
			}
			err := it.Item().Value(func(b []byte) error {
				var stamps []string
				if len(b) > 0 && b[0] == compactRegMark {
					stamps = []string{string(b[1:])}
				} else {
					var regs registers
					if err := json.Unmarshal(b, &regs); err != nil {
						return fmt.Errorf("registers of %s %s: %w", kind, id, err)
					}
					for _, r := range regs {
						stamps = append(stamps, r.Stamp)
					}
				}
				for _, st := range stamps {
					h, _, err := parseStamp(st)
					switch {
					case err != nil:
					case h > limit:
						add(kind, id)
					default:
						maxKept = maxU(maxKept, h)
					}
				}
				return nil
			})
			if err != nil {
				it.Close()
				return err
			}
		}
		it.Close()
		for _, k := range drop {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		if err := txn.Set(syncHLC, binary.BigEndian.AppendUint64(nil, maxKept)); err != nil {
			return err
		}
		if v, err := rawValue(txn, exportMark); err != nil {
			return err
		} else if len(v) == 8 && binary.BigEndian.Uint64(v) > limit {
			if err := txn.Set(exportMark, binary.BigEndian.AppendUint64(nil, lastKept)); err != nil {
				return err
			}
		}
		// The clock starts again from what is kept, then logs each record.
		s.hlc.mu.Lock()
		s.hlc.last, s.hlc.seeded = maxU(lastKept, maxKept), true
		s.hlc.mu.Unlock()
		for _, r := range refs {
			if err := s.relog(txn, dev, r, limit); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		// The clock may have ticked for what was rolled back: seed it again.
		s.hlc.mu.Lock()
		s.hlc.last, s.hlc.seeded = 0, false
		s.hlc.mu.Unlock()
	}
	return n, err
}

// relog gives every field of a record stamped beyond limit a new stamp of
// this device, value unchanged, and logs them as one change.
func (s *Store) relog(txn *badger.Txn, dev string, r ref, limit uint64) error {
	regs, err := loadRegs(txn, r.kind, r.id)
	if err != nil {
		return err
	}
	hlc := s.hlc.tick()
	ch := model.SyncChange{Entity: r.kind, ID: r.id, Stamp: stamp(hlc, dev), Fields: map[string]model.FieldChange{}}
	for f, reg := range regs {
		if h, _, err := parseStamp(reg.Stamp); err == nil && h <= limit {
			continue
		}
		base := reg.Base
		if h, _, err := parseStamp(base); err != nil || h > limit {
			base = ""
		}
		ch.Fields[f] = model.FieldChange{Value: reg.Value, Base: base}
		regs[f] = register{Stamp: ch.Stamp, Base: base, Value: reg.Value}
	}
	if len(ch.Fields) == 0 {
		return nil
	}
	if err := saveRegs(txn, r.kind, r.id, regs); err != nil {
		return err
	}
	return putJSON(txn, changeKey(hlc), ch)
}
