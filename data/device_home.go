package data

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// A device id names the writer of a sync folder's files, so two data
// folders must never share one: each would skip the other's files as its
// own and both would write under one name. A folder copied with Explorer,
// or a backup restored onto another laptop, holds the original's id,
// though. So the id is bound to where it was made, the computer's host name
// and the folder's absolute path (metaHome), and the folder gets a new id
// when it opens anywhere else: the copy then becomes a device of its own
// that takes the original's files like any other's. What it has applied
// stays applied; the changes it made as the original and had not exported
// yet are made its own (adoptChanges), because the original may never
// export them (a laptop that died, restored from its backup). A restore
// into the same folder on the same computer, or a renamed computer, keeps
// the id: the folder is where it was.

// home is where a data folder is: the host name and its absolute path.
func home(dir string) string {
	abs, err := filepath.Abs(dir)
	if err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
	}
	host, _ := os.Hostname()
	h := host + "\n" + abs
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" { // paths ignore case there
		h = strings.ToLower(h)
	}
	return h
}

// checkHome gives the folder a new device id if it was made elsewhere, and
// records where it is. It runs when the store opens.
func (s *Store) checkHome() error {
	if s.dir == "" {
		return nil
	}
	here := home(s.home)
	moved := false
	err := s.dbUpdate(func(txn *badger.Txn) error {
		dev, err := rawValue(txn, metaDevice)
		if err != nil {
			return err
		}
		was, err := rawValue(txn, metaHome)
		if err != nil || string(was) == here {
			return err
		}
		if dev != nil && was != nil { // an id made elsewhere (no home: an older Kehu, here)
			b := make([]byte, deviceLen/2)
			if _, err := rand.Read(b); err != nil {
				return err
			}
			if err := txn.Set(metaDevice, []byte(hex.EncodeToString(b))); err != nil {
				return err
			}
			moved = true
		}
		return txn.Set(metaHome, []byte(here))
	})
	if err != nil || !moved {
		return err
	}
	return s.adoptChanges()
}

// adoptChanges gives the changes of the log not exported yet that bear
// another device's stamp (this folder's id before it moved) new stamps of
// this device, in the log and in the field registers, so that they go out
// with the next export (whose files may hold this device's changes only).
// A change the original exports too then arrives with the same value: no
// conflict. It runs in chunks, each one transaction; cut short, it goes on
// at the next export.
func (s *Store) adoptChanges() error {
	var from, end uint64 // the part of the log to look at: after the export mark, up to its end now
	if err := s.view(func(txn *badger.Txn) error {
		if v, err := rawValue(txn, exportMark); err != nil {
			return err
		} else if len(v) == 8 {
			from = binary.BigEndian.Uint64(v)
		}
		it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte{pChange}})
		defer it.Close()
		if it.Seek([]byte{pChange, 0xff}); it.Valid() && len(it.Item().Key()) == 9 {
			end = binary.BigEndian.Uint64(it.Item().Key()[1:])
		}
		return nil
	}); err != nil {
		return err
	}
	renamed := map[string]string{} // old stamp → new, for the bases of later changes
	for from < end {
		err := s.dbUpdate(func(txn *badger.Txn) error {
			if err := s.seedClock(txn); err != nil {
				return err
			}
			dev, err := deviceID(txn)
			if err != nil {
				return err
			}
			type entry struct {
				key []byte
				ch  model.SyncChange
			}
			var list []entry
			next := end
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pChange}})
			for it.Seek(changeKey(from + 1)); it.Valid(); it.Next() {
				k := it.Item().Key()
				if len(k) != 9 {
					continue
				}
				h := binary.BigEndian.Uint64(k[1:])
				if h > end || len(list) >= logChunk {
					next = h - 1
					break
				}
				key := it.Item().KeyCopy(nil)
				chs, err := loggedChanges(txn, h, it.Item())
				if err != nil {
					it.Close()
					return err
				}
				for _, ch := range chs {
					if !strings.HasSuffix(ch.Stamp, "."+dev) {
						list = append(list, entry{key: key, ch: ch})
					}
				}
			}
			it.Close()
			for _, e := range list {
				old := e.ch.Stamp
				hlc := s.hlc.tick()
				e.ch.Stamp = stamp(hlc, dev)
				regs, err := loadRegs(txn, e.ch.Entity, e.ch.ID)
				if err != nil {
					return err
				}
				renamed[old] = e.ch.Stamp
				for f, fc := range e.ch.Fields {
					if n, ok := renamed[fc.Base]; ok {
						fc.Base = n
						e.ch.Fields[f] = fc
					}
					if r, ok := regs[f]; ok && r.Stamp == old {
						r.Stamp = e.ch.Stamp
						if n, ok := renamed[r.Base]; ok {
							r.Base = n
						}
						regs[f] = r
					}
				}
				if err := saveRegs(txn, e.ch.Entity, e.ch.ID, regs); err != nil {
					return err
				}
				if err := txn.Delete(e.key); err != nil {
					return err
				}
				if err := putJSON(txn, changeKey(hlc), e.ch); err != nil {
					return err
				}
			}
			from = next
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// AdoptChanges finishes the adoption of the changes an earlier id of this
// folder made (adoptChanges), should the one at opening have been cut short.
// It only reads when there is nothing to adopt.
func (s *Store) AdoptChanges() error { return s.adoptChanges() }

// loggedChanges reads the change log entry at hlc: one change, or an
// import's batch entry expanded into one creation change per record.
func loggedChanges(txn *badger.Txn, hlc uint64, item *badger.Item) ([]model.SyncChange, error) {
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	if len(v) == 0 || v[0] != batchLogMark {
		var ch model.SyncChange
		if err := json.Unmarshal(v, &ch); err != nil {
			return nil, err
		}
		return []model.SyncChange{ch}, nil
	}
	more, err := expandBatchLog(txn, hlc, v)
	if err != nil {
		return nil, err
	}
	chs := make([]model.SyncChange, len(more))
	for i, lc := range more {
		if err := json.Unmarshal(lc.JSON, &chs[i]); err != nil {
			return nil, err
		}
	}
	return chs, nil
}
