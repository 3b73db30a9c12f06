package data

import (
	"encoding/binary"
	"errors"
	"strings"

	"github.com/kehu-crm/kehu/data/model"
)

// Runs of ids. An import's ids are made in one go, each the one before plus
// one (newIDs), and lists of them — a pack's sales, a batch's members, its
// log entries — would otherwise be mostly those 26-byte ids: a million
// sales wrote 78 MB of ids three times over. Where such a list holds each
// id after its length, a length of 0 stands for a run instead: the count
// (uvarint) of ids that follow the one before, each plus one. No id is
// empty, so a list without runs reads as it always did.

// crockford is the ULID alphabet.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// maxRun bounds a run read from the store: no list holds more ids.
const maxRun = 1 << 20

var errIDRun = errors.New("bad run of ids")

// nextID makes id, a ULID in capitals, the one after it: its randomness
// (the last 16 characters, 80 bits) plus one. It reports false, id then
// being garbage, when id is no such ULID or its randomness is all ones.
func nextID(id []byte) bool {
	if len(id) != model.IDLen {
		return false
	}
	for i := model.IDLen - 1; i >= model.IDLen-16; i-- {
		c := strings.IndexByte(crockford, id[i])
		if c < 0 {
			return false
		}
		if c < len(crockford)-1 {
			id[i] = crockford[c+1]
			return true
		}
		id[i] = '0'
	}
	return false
}

// follows reports whether id is the one after prev.
func follows[T string | []byte](prev, id T) bool {
	if len(prev) != model.IDLen || len(id) != model.IDLen {
		return false
	}
	var next [model.IDLen]byte
	copy(next[:], prev)
	return nextID(next[:]) && string(next[:]) == string(id)
}

// appendIDList appends ids (idLen bytes each, in one buffer), each after
// its length, a run of following ids as 0 and the run's length.
func appendIDList(b, ids []byte) []byte {
	var next [model.IDLen]byte
	for len(ids) > 0 {
		b = binary.AppendUvarint(b, model.IDLen)
		b = append(b, ids[:model.IDLen]...)
		copy(next[:], ids[:model.IDLen])
		ids = ids[model.IDLen:]
		run := 0
		for len(ids) > 0 && nextID(next[:]) && string(next[:]) == string(ids[:model.IDLen]) {
			run++
			ids = ids[model.IDLen:]
		}
		if run > 0 {
			b = append(b, 0)
			b = binary.AppendUvarint(b, uint64(run))
		}
	}
	return b
}

// readListed reads the entry at the front of v, an id after its length or
// a run following the last of ids, onto ids; it returns the rest of v.
func readListed(ids []string, v []byte) ([]string, []byte, error) {
	l, k := binary.Uvarint(v)
	if k <= 0 {
		return ids, nil, errIDRun
	}
	v = v[k:]
	if l > 0 {
		if uint64(len(v)) < l {
			return ids, nil, errIDRun
		}
		return append(ids, string(v[:l])), v[l:], nil
	}
	n, k := binary.Uvarint(v)
	if k <= 0 || n == 0 || n > maxRun || len(ids) == 0 {
		return ids, nil, errIDRun
	}
	next := []byte(ids[len(ids)-1])
	for range n {
		if !nextID(next) {
			return ids, nil, errIDRun
		}
		ids = append(ids, string(next))
	}
	return ids, v[k:], nil
}
