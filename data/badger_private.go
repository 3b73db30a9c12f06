package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// Badger's private formats: the only code of Kehu that reads or writes
// bytes Badger defines but does not export as an API. Each assumption is
// named where it is used, and badger_private_test.go checks every one
// against the real Badger of go.mod: a Badger upgrade that changes one
// fails those tests before it can lose data.
//
//  1. The delete marker is bit 0 of a value's meta byte (bitDelete in
//     badger/v4 structs.go/value.go, unexported). The stream writer copies
//     pb.KV.Meta into the value's meta (bulk_stream.go writes deletions of
//     a rolled-back import so); DB.Backup writes it into pb.KV.Meta
//     (backup_stream.go counts only live keys).
//  2. The stream writer reads each entry of its buffer as a protobuf pb.KV
//     (key 1, value 2, version 4, meta 6, stream id 10); appendKV writes
//     it by hand, for speed.
//  3. DB.Backup writes frames of a little-endian uint64 length and a
//     protobuf pb.KVList, each key at its newest version first.
//  4. A table file (.sst) ends with the index, its length (4 bytes
//     big-endian), a protobuf pb.Checksum of the index and the checksum's
//     length (4 bytes big-endian); check_folder.go reads this footer to
//     find a table cut short before Badger panics on it.

// badgerBitDelete is Badger's meta bit of a deletion marker (assumption 1).
const badgerBitDelete = 1 << 0

var deleteMeta = []byte{badgerBitDelete}

// kvDeleted reports whether a pb.KV of a backup stream is a delete marker
// (assumption 1).
func kvDeleted(kv *pb.KV) bool { return len(kv.Meta) > 0 && kv.Meta[0]&badgerBitDelete != 0 }

// nextBackupFrame decodes the first frame of Badger's backup stream in b
// (assumption 3): list is nil when b does not hold a whole frame yet, and
// rest is what follows the frame.
func nextBackupFrame(b []byte) (list *pb.KVList, rest []byte, err error) {
	if len(b) < 8 {
		return nil, b, nil
	}
	size := binary.LittleEndian.Uint64(b)
	if uint64(len(b)-8) < size {
		return nil, b, nil
	}
	list = &pb.KVList{}
	if err := proto.Unmarshal(b[8:8+size], list); err != nil {
		return nil, b, err
	}
	return list, b[8+size:], nil
}

// appendKV adds e to buf as the protobuf pb.KV the stream writer decodes (assumption 2)
// (key 1, value 2, version 4, meta 6, stream id 10), written directly:
// badger.KVToBuffer's reflection costs more than the rest of the encoding.
func appendKV(buf *z.Buffer, e kv, version uint64) {
	size := 1 + protowire.SizeBytes(len(e.k)) + 1 + protowire.SizeVarint(version) + 2
	if len(e.v) > 0 {
		size += 1 + protowire.SizeBytes(len(e.v))
	}
	if e.del {
		size += 1 + protowire.SizeBytes(1)
	}
	b := buf.SliceAllocate(size)[:0]
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendBytes(b, e.k)
	if len(e.v) > 0 {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, e.v)
	}
	b = protowire.AppendTag(b, 4, protowire.VarintType)
	b = protowire.AppendVarint(b, version)
	if e.del {
		b = protowire.AppendTag(b, 6, protowire.BytesType)
		b = protowire.AppendBytes(b, deleteMeta)
	}
	b = protowire.AppendTag(b, 10, protowire.VarintType)
	_ = protowire.AppendVarint(b, 1) // stream 1
}

// checkTable verifies what Badger reads first from a table file, from its
// end: the checksum's length and the checksum, the index's length, and the
// index against that checksum (assumption 4). A table cut short fails here.
func checkTable(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("missing")
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	u32 := func(off int64) (int64, error) {
		var b [4]byte
		if off < 0 || off+4 > size {
			return 0, errors.New("cut short")
		}
		if _, err := f.ReadAt(b[:], off); err != nil {
			return 0, err
		}
		return int64(binary.BigEndian.Uint32(b[:])), nil
	}
	read := func(off, n int64) ([]byte, error) {
		if off < 0 || n < 0 || off+n > size {
			return nil, errors.New("cut short")
		}
		b := make([]byte, n)
		_, err := f.ReadAt(b, off)
		return b, err
	}
	pos := size - 4
	n, err := u32(pos)
	if err != nil {
		return err
	}
	pos -= n
	b, err := read(pos, n)
	if err != nil {
		return err
	}
	chk := new(pb.Checksum)
	if err := proto.Unmarshal(b, chk); err != nil {
		return fmt.Errorf("unreadable checksum: %w", err)
	}
	pos -= 4
	if n, err = u32(pos); err != nil {
		return err
	}
	pos -= n
	if b, err = read(pos, n); err != nil {
		return err
	}
	if err := y.VerifyChecksum(b, chk); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}
