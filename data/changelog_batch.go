package data

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// An import creates tens of thousands of records in one go. Logging each the
// usual way (a JSON change holding every field, and registers holding every
// field again with its stamp) tripled what an import writes, so a chunk of
// an import logs its new records compactly instead:
//
//   - one log entry for the chunk (batchLogMark), under the first of a run of
//     consecutive HLCs, one per record, naming the records' ids;
//   - per record a compact register (compactRegMark and the record's stamp):
//     every field of the record as stored, with that stamp, base "", and
//     _exists true, exactly the registers a logged creation leaves.
//
// The compact register stands while the record is as the import wrote it:
// every later logged write rewrites the registers in full (flush expands
// them from the value before the write), and a record of a compact register
// is never written unlogged. ChangesSince expands the entry into one
// creation change per record, with the record's own HLC and stamp, so sync
// files and the devices reading them see what per-record logging gave.
const (
	batchLogMark   = 'B'
	compactRegMark = '='
)

// logCreatedBatch logs the creation of new records of one kind (customers or
// sales, just written in txn by an import) compactly.
func (s *Store) logCreatedBatch(txn *badger.Txn, kind string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.seedClock(txn); err != nil {
		return err
	}
	dev, err := deviceID(txn)
	if err != nil {
		return err
	}
	first := s.hlc.tickN(len(ids))
	// The transaction keeps the slices it is given: one buffer, cut up.
	n := 1 + 16 + 1 + len(dev)
	buf := make([]byte, 0, n*len(ids))
	for i, id := range ids {
		buf = append(buf, compactRegMark)
		buf = appendStamp(buf, first+uint64(i), dev)
		if err := txn.Set(registerKey(kind, id), buf[len(buf)-n:len(buf):len(buf)]); err != nil {
			return err
		}
	}
	return txn.Set(changeKey(first), encodeBatchLog(kind, dev, ids))
}

// appendStamp appends stamp(hlc, dev) without fmt.
func appendStamp(b []byte, hlc uint64, dev string) []byte {
	const hex = "0123456789abcdef"
	for sh := 60; sh >= 0; sh -= 4 {
		b = append(b, hex[hlc>>uint(sh)&0xf])
	}
	b = append(b, '.')
	return append(b, dev...)
}

// encodeBatchLog: mark, kind (length byte first), device, count (uvarint),
// then each id after its length (uvarint), or runs of them (id_run.go).
func encodeBatchLog(kind, dev string, ids []string) []byte {
	b := make([]byte, 0, 3+len(kind)+len(dev)+binary.MaxVarintLen64+len(ids)*27)
	b = append(b, batchLogMark, byte(len(kind)))
	b = append(b, kind...)
	b = append(b, byte(len(dev)))
	b = append(b, dev...)
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
	}
	return b
}

var errBatchLog = errors.New("change log: bad batch entry")

func decodeBatchLog(v []byte) (kind, dev string, ids []string, err error) {
	str := func() (string, bool) {
		if len(v) < 1 || len(v) < 1+int(v[0]) {
			return "", false
		}
		s := string(v[1 : 1+int(v[0])])
		v = v[1+int(v[0]):]
		return s, true
	}
	if len(v) == 0 || v[0] != batchLogMark {
		return "", "", nil, errBatchLog
	}
	v = v[1:]
	var ok1, ok2 bool
	kind, ok1 = str()
	dev, ok2 = str()
	n, k := binary.Uvarint(v)
	if !ok1 || !ok2 || k <= 0 || n > maxRun {
		return "", "", nil, errBatchLog
	}
	v = v[k:]
	ids = make([]string, 0, n)
	for uint64(len(ids)) < n {
		if ids, v, err = readListed(ids, v); err != nil {
			return "", "", nil, errBatchLog
		}
	}
	if uint64(len(ids)) != n {
		return "", "", nil, errBatchLog
	}
	return kind, dev, ids, nil
}

// batchLogLast is the last HLC a batch entry at hlc stands for.
func batchLogLast(hlc uint64, v []byte) uint64 {
	if _, _, ids, err := decodeBatchLog(v); err == nil && len(ids) > 0 {
		return hlc + uint64(len(ids)) - 1
	}
	return hlc
}

// expandRegs gives the registers a compact register stands for: every field
// of rec (the record as the import wrote it) with stamp st, and _exists.
func expandRegs(st string, rec []byte) (registers, error) {
	regs := registers{fieldExists: {Stamp: st, Value: json.RawMessage("true")}}
	if rec == nil {
		return regs, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(rec, &m); err != nil {
		return nil, err
	}
	for f, v := range m {
		regs[f] = register{Stamp: st, Value: v}
	}
	return regs, nil
}

// expandBatchLog turns a batch entry into one creation change per record
// still there (a record deleted since has its deletion logged after it).
func expandBatchLog(txn *badger.Txn, hlc uint64, v []byte) ([]LoggedChange, error) {
	kind, dev, ids, err := decodeBatchLog(v)
	if err != nil {
		return nil, err
	}
	out := make([]LoggedChange, 0, len(ids))
	for i, id := range ids {
		key, err := recordKey(kind, id)
		if err != nil {
			return nil, err
		}
		rec, err := rawValue(txn, key)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(rec, &m); err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, id, err)
		}
		h := hlc + uint64(i)
		ch := model.SyncChange{Entity: kind, ID: id, Stamp: stamp(h, dev), Fields: make(map[string]model.FieldChange, len(m)+1)}
		for f, fv := range m {
			ch.Fields[f] = model.FieldChange{Value: fv}
		}
		ch.Fields[fieldExists] = model.FieldChange{Value: json.RawMessage("true")}
		b, err := json.Marshal(ch)
		if err != nil {
			return nil, err
		}
		out = append(out, LoggedChange{HLC: h, JSON: b})
	}
	return out, nil
}
