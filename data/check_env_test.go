package data

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// fill stores customers with notes of size bytes until a write fails, and
// returns them and the failure.
func fill(t *testing.T, s *Store, size, max int) ([]*model.Customer, error) {
	t.Helper()
	var cs []*model.Customer
	for i := range max {
		c := &model.Customer{Name: "客户" + strings.Repeat("满", i%7) + string(rune('A'+i%26)), Notes: strings.Repeat(string(rune('a'+i%26)), size)}
		if err := s.PutCustomer(c); err != nil {
			return cs, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// intact reopens dir and wants every customer exactly and a clean check.
func intact(t *testing.T, dir string, cs []*model.Customer) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	for _, c := range cs {
		got, err := s.Customer(c.ID)
		if err != nil || got.Name != c.Name || got.Notes != c.Notes {
			t.Fatalf("customer %s after the failure: %v", c.ID, err)
		}
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
}

// TestDiskFullRefused makes the disk look full after some writes: the next
// write is refused with a DiskFullError before it starts, and everything
// stored before is there after reopening.
func TestDiskFullRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	writes := 0
	freeSpace = func(string) (uint64, error) {
		writes++
		if writes > 5 {
			return 10 << 20, nil
		}
		return 1 << 40, nil
	}
	defer func() { freeSpace = diskFree }()
	cs, err := fill(t, s, 60<<10, 20)
	var full *model.DiskFullError
	if !errors.As(err, &full) || len(cs) != 5 || full.Free != 10<<20 {
		t.Fatalf("after %d writes: %v", len(cs), err)
	}
	if !strings.Contains(err.Error(), "10 MB free, 64 MB needed") {
		t.Fatalf("message %q", err)
	}
	s.Close()
	freeSpace = diskFree
	intact(t, dir, cs)
}

// mountTmpfs mounts a tmpfs of size on a new folder, or skips: mounting
// needs root (CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root; TestDiskFullRefused covers the refusal by making the disk look full")
	}
	mnt := filepath.Join(t.TempDir(), "盘 mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	return mnt
}

// TestDiskFullReal fills a real 100 MB disk with 2 MB notes: Kehu must stop
// with a DiskFullError — not die of SIGBUS in a mapped write, which it does
// without the free-space check — and lose nothing stored.
func TestDiskFullReal(t *testing.T) {
	dir := filepath.Join(mountTmpfs(t, "100m"), "数据")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := fill(t, s, 2<<20, 200)
	var full *model.DiskFullError
	if !errors.As(err, &full) || len(cs) < 5 {
		t.Fatalf("after %d customers: %v", len(cs), err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close on a nearly full disk: %v", err)
	}
	intact(t, dir, cs)
}

// TestReadOnlyFolder opens a store whose folder cannot be written: a clear
// ReadOnlyError, and the store unchanged once writable again. As root,
// permissions do not stop writes, so the folder is a tmpfs remounted read-only.
func TestReadOnlyFolder(t *testing.T) {
	var dir string
	var ro, rw func()
	if os.Geteuid() == 0 {
		mnt := mountTmpfs(t, "200m")
		dir = filepath.Join(mnt, "数据")
		ro = func() { exec.Command("mount", "-o", "remount,ro", mnt).Run() }
		rw = func() { exec.Command("mount", "-o", "remount,rw", mnt).Run() }
	} else {
		dir = filepath.Join(t.TempDir(), "数据")
		ro = func() { os.Chmod(dir, 0o500) }
		rw = func() { os.Chmod(dir, 0o700) }
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := fill(t, s, 1000, 3)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro()
	_, err = Open(dir, Options{})
	rw()
	var re *model.ReadOnlyError
	if !errors.As(err, &re) {
		t.Fatalf("open read-only: %v", err)
	}
	intact(t, dir, cs)
}

// TestForeignOrDamagedFolder: a folder of someone's files is refused and
// left as it was; a store with a table cut short or a garbled manifest is
// refused with DamagedError (Badger alone panics on the table) and changed
// in nothing.
func TestForeignOrDamagedFolder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   any
	}{
		{"someone's documents", func(t *testing.T, dir string) {
			os.MkdirAll(dir, 0o700)
			os.WriteFile(filepath.Join(dir, "报价单 2025.xlsx"), []byte("PK"), 0o600)
		}, new(*model.ForeignError)},
		{"table cut short", func(t *testing.T, dir string) {
			storeWithData(t, dir)
			ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
			if len(ssts) == 0 {
				t.Fatal("no table file")
			}
			fi, _ := os.Stat(ssts[0])
			os.Truncate(ssts[0], fi.Size()/2)
		}, new(*model.DamagedError)},
		{"table overwritten at its end", func(t *testing.T, dir string) {
			storeWithData(t, dir)
			ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
			f, _ := os.OpenFile(ssts[0], os.O_WRONLY, 0)
			fi, _ := f.Stat()
			f.WriteAt([]byte("garbage!garbage!"), fi.Size()-16)
			f.Close()
		}, new(*model.DamagedError)},
		{"table missing", func(t *testing.T, dir string) {
			storeWithData(t, dir)
			ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
			os.Remove(ssts[0])
		}, new(*model.DamagedError)},
		{"manifest garbled", func(t *testing.T, dir string) {
			storeWithData(t, dir)
			os.WriteFile(filepath.Join(dir, "MANIFEST"), []byte("not a manifest at all"), 0o600)
		}, new(*model.DamagedError)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "客户 数据")
			tc.damage(t, dir)
			before := listing(t, dir)
			_, err := Open(dir, Options{})
			switch want := tc.want.(type) {
			case **model.ForeignError:
				if !errors.As(err, want) {
					t.Fatalf("open: %v", err)
				}
			case **model.DamagedError:
				if !errors.As(err, want) {
					t.Fatalf("open: %v", err)
				}
			}
			if after := listing(t, dir); after != before {
				t.Fatalf("the folder changed:\n%s\n→\n%s", before, after)
			}
		})
	}
}

// storeWithData writes a few customers and closes, so the folder has a table.
func storeWithData(t *testing.T, dir string) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fill(t, s, 100, 50); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// listing is the folder's file names and sizes.
func listing(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		fi, _ := e.Info()
		b.WriteString(e.Name() + " " + strconv.FormatInt(fi.Size(), 10) + "\n")
	}
	return b.String()
}
