package data

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/proto"
)

// These tests check each assumption of badger_private.go against the real
// Badger of go.mod. One failing after a Badger upgrade means that upgrade
// changed a private format: fix badger_private.go before shipping it.

// TestAppendKV: the hand-written pb.KV is what protobuf itself writes.
func TestAppendKV(t *testing.T) {
	for _, e := range []kv{{k: []byte("c1"), v: []byte("{}")}, {k: []byte("i\x00x")}, {k: []byte("r1"), del: true}, {k: bytes.Repeat([]byte("k"), 300), v: bytes.Repeat([]byte("v"), 5000)}} {
		for _, version := range []uint64{1, 1 << 40} {
			buf := z.NewBuffer(1<<10, "test")
			appendKV(buf, e, version)
			x := pb.KV{Key: e.k, Value: e.v, Version: version, StreamId: 1}
			if e.del {
				x.Meta = deleteMeta
			}
			want, err := proto.Marshal(&x)
			if err != nil {
				t.Fatal(err)
			}
			var got []byte
			buf.SliceIterate(func(s []byte) error { got = append(got, s...); return nil })
			if !bytes.Equal(got, want) {
				t.Errorf("%q v%d: %x, want %x", e.k, version, got, want)
			}
			buf.Release()
		}
	}
}

// openRaw opens a bare Badger in a temporary folder, as the store does but
// without Kehu's keys.
func openRaw(t *testing.T, dir string, key []byte) *badger.DB {
	t.Helper()
	opt := badger.DefaultOptions(dir).WithLogger(nil).WithEncryptionKey(key)
	if key != nil {
		opt = opt.WithIndexCacheSize(1 << 20)
	}
	db, err := badger.Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBitDeleteIsBadgers (assumptions 1 and 2): a deletion written through
// the stream writer with appendKV is a deleted key to Badger, a value is
// live; and DB.Backup marks a deleted key with the same bit.
func TestBitDeleteIsBadgers(t *testing.T) {
	db := openRaw(t, t.TempDir(), nil)
	defer db.Close()
	sw := db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		t.Fatal(err)
	}
	buf := z.NewBuffer(1<<10, "test")
	defer buf.Release()
	appendKV(buf, kv{k: []byte("a"), del: true}, 1)
	appendKV(buf, kv{k: []byte("b"), v: []byte("live")}, 1)
	if err := sw.Write(buf); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	err := db.View(func(txn *badger.Txn) error {
		if _, err := txn.Get([]byte("a")); !errors.Is(err, badger.ErrKeyNotFound) {
			t.Errorf("a written with meta %x: Get = %v, want not found", deleteMeta, err)
		}
		item, err := txn.Get([]byte("b"))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if string(v) != "live" {
			t.Errorf("b = %q, want live", v)
		}
		it := txn.NewIterator(badger.IteratorOptions{AllVersions: true})
		defer it.Close()
		seen := false
		for it.Rewind(); it.Valid(); it.Next() {
			if string(it.Item().Key()) == "a" {
				seen = true
				if !it.Item().IsDeletedOrExpired() {
					t.Errorf("a is not a deletion marker to Badger")
				}
			}
		}
		if !seen {
			t.Errorf("the deletion marker of a is not stored")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// DB.Backup: the frames decode with nextBackupFrame, and kvDeleted
	// tells the deleted key from the live ones.
	db2 := openRaw(t, t.TempDir(), nil)
	defer db2.Close()
	if err := db2.Update(func(txn *badger.Txn) error {
		for _, k := range []string{"x", "y", "gone"} {
			if err := txn.Set([]byte(k), []byte("v-"+k)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db2.Update(func(txn *badger.Txn) error { return txn.Delete([]byte("gone")) }); err != nil {
		t.Fatal(err)
	}
	var stream bytes.Buffer
	if _, err := db2.Backup(&stream, 0); err != nil {
		t.Fatal(err)
	}
	deleted := map[string]bool{}
	rest := stream.Bytes()
	for len(rest) > 0 {
		list, r, err := nextBackupFrame(rest)
		if err != nil || list == nil {
			t.Fatalf("backup stream: frame %v, %v with %d bytes left", list, err, len(rest))
		}
		for _, kv := range list.Kv {
			if _, ok := deleted[string(kv.Key)]; !ok { // the newest version comes first
				deleted[string(kv.Key)] = kvDeleted(kv)
			}
		}
		rest = r
	}
	want := map[string]bool{"x": false, "y": false, "gone": true}
	for k, del := range want {
		if got, ok := deleted[k]; !ok || got != del {
			t.Errorf("backup: %q deleted %v (present %v), want %v", k, got, ok, del)
		}
	}
	// A frame cut short is not a frame yet.
	if list, r, err := nextBackupFrame(stream.Bytes()[:stream.Len()-1]); err != nil || len(r) == 0 {
		t.Errorf("cut frame: %v, %d bytes, %v", list, len(r), err)
	}
}

// TestTableFooter (assumption 4): checkTable reads the footer of a real
// table file Badger wrote, plain and encrypted, and refuses one cut short
// or with its index overwritten.
func TestTableFooter(t *testing.T) {
	for _, key := range [][]byte{nil, bytes.Repeat([]byte{7}, 32)} {
		dir := t.TempDir()
		db := openRaw(t, dir, key)
		if err := db.Update(func(txn *badger.Txn) error {
			for i := range 2000 {
				if err := txn.Set([]byte{'c', byte(i >> 8), byte(i)}, bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil { // flushes the memtable to a table
			t.Fatal(err)
		}
		tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
		if len(tables) == 0 {
			t.Fatal("Badger wrote no table file")
		}
		for _, path := range tables {
			if err := checkTable(path); err != nil {
				t.Fatalf("encrypted %v: %s: %v", key != nil, filepath.Base(path), err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(t.TempDir(), "bad.sst")
			if err := os.WriteFile(bad, b[:len(b)-1], 0o600); err != nil {
				t.Fatal(err)
			}
			if checkTable(bad) == nil {
				t.Errorf("encrypted %v: a table cut by one byte passes", key != nil)
			}
			// The index sits before its length and the checksum: overwrite
			// the byte before the index length.
			n := int(b[len(b)-4])<<24 | int(b[len(b)-3])<<16 | int(b[len(b)-2])<<8 | int(b[len(b)-1])
			pos := len(b) - 4 - n - 4 - 1
			c := bytes.Clone(b)
			c[pos] ^= 0xff
			if err := os.WriteFile(bad, c, 0o600); err != nil {
				t.Fatal(err)
			}
			if checkTable(bad) == nil {
				t.Errorf("encrypted %v: a table with its index overwritten passes", key != nil)
			}
			var chk pb.Checksum
			if err := proto.Unmarshal(b[len(b)-4-n:len(b)-4], &chk); err != nil || chk.Sum == 0 {
				t.Errorf("encrypted %v: footer checksum %v, %v", key != nil, &chk, err)
			}
		}
	}
}
