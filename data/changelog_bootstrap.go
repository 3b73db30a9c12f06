package data

import (
	"errors"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Records written before the change log existed (a folder made by an older
// Kehu) or by the bulk loads (InsertNew, InsertSales: the demo), which write
// through a WriteBatch without a transaction to log in, have no log entry.
// LogExisting logs their creation once, so that the first export carries the
// whole archive; the bulk loads clear its mark.

// logChunk is how many records one bootstrap transaction logs.
const logChunk = 200

// LogExisting logs the creation of every record that has no change yet and
// returns how many. After a first full pass it does nothing until a bulk
// load writes unlogged records again.
func (s *Store) LogExisting() (int, error) {
	var done bool
	if err := s.view(func(txn *badger.Txn) error {
		v, err := rawValue(txn, logAllMark)
		done = v != nil
		return err
	}); err != nil || done {
		return 0, err
	}
	n := 0
	for _, kind := range model.Kinds {
		var after []byte // resume point: the last key seen
		for {
			list, next, err := s.unlogged(kind, after)
			if err != nil {
				return n, err
			}
			if len(list) > 0 {
				if err := s.logCreated(list); err != nil {
					return n, err
				}
				n += len(list)
			}
			if next == nil {
				break
			}
			after = next
		}
	}
	return n, s.updateNoSync(func(txn *badger.Txn) error { return txn.Set(logAllMark, nil) })
}

// unlogged lists up to logChunk records of a kind after key from that have
// no _exists register, and the key to go on from (nil at the end).
func (s *Store) unlogged(kind string, from []byte) ([]*touch, []byte, error) {
	var list []*touch
	var next []byte
	p := kindPrefix(kind)
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
		defer it.Close()
		it.Seek([]byte{p})
		if from != nil {
			it.Seek(from)
			if it.Valid() && string(it.Item().Key()) == string(from) {
				it.Next()
			}
		}
		for ; it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			id := string(k[1:])
			if kind == model.KindInteraction {
				id = lastPart(k)
			}
			_, ok, err := getRegister(txn, kind, id, fieldExists)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
			list = append(list, &touch{kind: kind, id: id, key: k})
			if len(list) == logChunk {
				next = k
				return nil
			}
		}
		return nil
	})
	return list, next, err
}

// logCreated logs records as created, in one transaction.
func (s *Store) logCreated(list []*touch) error {
	var err error
	for range 5 {
		err = s.dbUpdate(func(txn *badger.Txn) error {
			r := &recorder{s: s, list: list}
			return r.flush(txn)
		})
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
	}
	return err
}
