package data

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// fillTest adds n customers (the first with a distinctive name) and closes
// nothing: the caller owns s.
func fillTest(t testing.TB, s *Store, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := s.PutCustomer(&model.Customer{Name: n, Phone: "13800000001", Tier: "A"}); err != nil {
			t.Fatal(err)
		}
	}
}

func writeBackup(t testing.TB, s *Store, path string) *Manifest {
	t.Helper()
	var buf bytes.Buffer
	m, err := s.Backup(&buf, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBackupRestoreCounts(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "宝岛眼镜公司", "Zyxwvut Optics Ltd", "杭州明月眼镜")
	file := filepath.Join(t.TempDir(), "k.kehubak")
	m := writeBackup(t, src, file)
	if m.Counts.Customers != 3 || m.Schema != SchemaVersion || m.Encrypted {
		t.Fatalf("manifest %+v", m)
	}
	got, err := ReadManifest(file)
	if err != nil || got.Counts != m.Counts {
		t.Fatalf("read manifest: %+v, %v", got, err)
	}
	dir := filepath.Join(t.TempDir(), "新 数据") // Chinese and a space
	if _, err := Restore(dir, file, "", false); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	c, err := dst.Counts()
	if err != nil || c != m.Counts {
		t.Fatalf("restored counts %+v, %v; want %+v", c, err, m.Counts)
	}
	if ids, _ := dst.CustomersByName("宝岛眼镜公司"); len(ids) != 1 {
		t.Fatalf("restored store misses a customer: %v", ids)
	}
}

func TestRestoreRefuses(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "宝岛眼镜公司")
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good.kehubak")
	writeBackup(t, src, good)
	b, _ := os.ReadFile(good)

	newer := openTest(t)
	fillTest(t, newer, "未来公司")
	if err := newer.db.Update(func(txn *badger.Txn) error { return writeSchema(txn, SchemaVersion+1) }); err != nil {
		t.Fatal(err)
	}
	newerFile := filepath.Join(tmp, "newer.kehubak")
	writeBackup(t, newer, newerFile)

	flipped := bytes.Clone(b)
	flipped[len(flipped)/2] ^= 0x01
	cases := []struct {
		name string
		file string
		data []byte
		want error
	}{
		{"flipped byte", "flip.kehubak", flipped, model.ErrBackupCorrupt},
		{"truncated", "cut.kehubak", b[:len(b)-100], model.ErrBackupCorrupt},
		{"tail only cut", "cut1.kehubak", b[:len(b)-1], model.ErrBackupCorrupt},
		{"foreign file", "photo.jpg", []byte("\xff\xd8\xff\xe0 not a backup at all, just some bytes of a picture........................"), model.ErrNotBackup},
		{"empty file", "empty.kehubak", nil, model.ErrNotBackup},
		{"newer schema", "", nil, model.ErrBackupNewer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := newerFile
			if tc.file != "" {
				path = filepath.Join(tmp, tc.file)
				os.WriteFile(path, tc.data, 0o644)
			}
			// The current data: a store that must come through untouched.
			dir := t.TempDir()
			cur, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			fillTest(t, cur, "现有客户")
			cur.Close()
			_, err = Restore(dir, path, "", true)
			if !errors.Is(err, tc.want) {
				t.Fatalf("restore: %v, want %v", err, tc.want)
			}
			cur, err = Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer cur.Close()
			if ids, _ := cur.CustomersByName("现有客户"); len(ids) != 1 {
				t.Fatal("the current data was changed by a refused restore")
			}
			if siblings, _ := filepath.Glob(dir + ".*"); len(siblings) != 0 {
				t.Fatalf("left behind: %v", siblings)
			}
		})
	}
}

func TestRestoreNeedsForceAndFreeFolder(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "宝岛眼镜公司")
	file := filepath.Join(t.TempDir(), "k.kehubak")
	writeBackup(t, src, file)

	dir := t.TempDir()
	cur, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(dir, file, "", false); !errors.Is(err, model.ErrNotEmpty) {
		t.Fatalf("restore over a store without force: %v", err)
	}
	var le *model.LockedError
	if _, err := Restore(dir, file, "", true); !errors.As(err, &le) {
		t.Fatalf("restore into an open folder: %v", err)
	}
	os.MkdirAll(filepath.Join(dir, BackupsDir), 0o700)
	os.WriteFile(filepath.Join(dir, BackupsDir, "auto-x.kehubak"), []byte("x"), 0o644)
	cur.Close()
	if _, err := Restore(dir, file, "", true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, BackupsDir, "auto-x.kehubak")); err != nil {
		t.Fatalf("automatic backups lost in the restore: %v", err)
	}
	if left, _ := filepath.Glob(dir + ".before-restore-*"); len(left) != 0 {
		t.Fatalf("old folder left: %v", left)
	}
}

// A crash between the swap's two renames leaves no store in the folder: the
// next open puts the old data back. After a finished swap, leftovers go.
func TestRecoverSwap(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillTest(t, s, "宝岛眼镜公司")
	s.Close()
	aside := dir + asideInfix + "20250101-000000.000"
	if err := os.Rename(dir, aside); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.CustomersByName("宝岛眼镜公司"); len(ids) != 1 {
		t.Fatal("the old data was not put back")
	}
	s.Close()
	os.MkdirAll(aside, 0o700)
	os.WriteFile(filepath.Join(aside, "000001.sst"), []byte("old plain data"), 0o600)
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(aside); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("leftover old folder kept: %v", err)
	}
}
