package backup

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"
)

// open opens dir, with password when it is encrypted.
func open(t *testing.T, dir, password string) (*Service, error) {
	t.Helper()
	c, err := core.Open(dir, core.Options{Password: password})
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { c.Close() })
	return New(c, "test"), nil
}

func openTest(t *testing.T) *Service {
	t.Helper()
	s, err := open(t, t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *Service) Close() error { return s.c.Close() }
func (s *Service) Dir() string  { return s.c.Dir() }

// addNamed stores a customer, as the customers feature would.
func addNamed(t *testing.T, s *Service, name string) {
	t.Helper()
	st, done := s.c.Use()
	defer done()
	if err := st.PutCustomer(&model.Customer{Name: name}); err != nil {
		t.Fatal(err)
	}
}

// names are the stored customers' names.
func names(t *testing.T, s *Service) []string {
	t.Helper()
	st, done := s.c.Use()
	defer done()
	n, err := st.CountCustomers()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range []string{"宝岛眼镜公司", "备份之后的客户", "加密后的客户"} {
		ids, err := st.CustomersByName(name)
		if err != nil {
			t.Fatal(err)
		}
		for range ids {
			out = append(out, name)
		}
	}
	if len(out) != n {
		t.Fatalf("%d customers, %d of them named %v", n, len(out), out)
	}
	return out
}

func TestAutoBackupKeepsLastN(t *testing.T) {
	s := openTest(t)
	if n, _ := s.Keep(); n != DefaultKeep {
		t.Fatalf("default keep %d", n)
	}
	if err := s.SetKeep(3); err != nil {
		t.Fatal(err)
	}
	var made []string
	for i, name := range []string{"甲公司", "乙公司", "丙公司", "丁公司", "戊公司"} {
		addNamed(t, s, name)
		p, err := s.Auto()
		if err != nil || p == "" {
			t.Fatalf("backup %d: %q, %v", i, p, err)
		}
		made = append(made, p)
	}
	// Nothing changed since the last one: no new file.
	if p, err := s.Auto(); err != nil || p != "" {
		t.Fatalf("unchanged store backed up again: %q, %v", p, err)
	}
	got, err := s.AutoFiles()
	if err != nil || len(got) != 3 {
		t.Fatalf("kept %v, %v; want 3", got, err)
	}
	for i, p := range made[2:] {
		if got[i] != p {
			t.Errorf("kept %v, want the newest %v", got, made[2:])
		}
	}
	m, err := Read(got[2])
	if err != nil || m.Counts.Customers != 5 {
		t.Fatalf("newest backup: %+v, %v", m, err)
	}
	if err := s.SetKeep(0); err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "己公司")
	if p, err := s.Auto(); err != nil || p != "" {
		t.Fatalf("keep 0 still backs up: %q, %v", p, err)
	}
}

// The window restores into the folder it has open: the service closes,
// swaps and reopens it (app's TestRestoreDropsCaches checks that the
// cached list follows).
func TestServiceRestoreAndEncrypt(t *testing.T) {
	s := openTest(t)
	addNamed(t, s, "宝岛眼镜公司")
	file := filepath.Join(t.TempDir(), "a.kehubak")
	if _, err := s.Write(file); err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "备份之后的客户")
	if n := names(t, s); len(n) != 2 {
		t.Fatal(n)
	}
	if _, err := s.Restore(file, ""); err != nil {
		t.Fatal(err)
	}
	if n := names(t, s); len(n) != 1 || n[0] != "宝岛眼镜公司" {
		t.Fatalf("after restore: %v", n)
	}

	if _, err := s.Auto(); err != nil { // a plain backup, which must not survive encryption
		t.Fatal(err)
	}
	if err := s.Encrypt("短"); !errors.Is(err, ErrPasswordShort) {
		t.Fatalf("short password: %v", err)
	}
	if err := s.Encrypt("一个好密码 good"); err != nil {
		t.Fatal(err)
	}
	if !s.Encrypted() || !data.Encrypted(s.Dir()) {
		t.Fatal("not encrypted")
	}
	if auto, _ := s.AutoFiles(); len(auto) != 1 {
		t.Fatalf("automatic backups after encrypting: %v", auto)
	}
	if leak := grepDir(t, s.Dir(), "宝岛眼镜公司"); len(leak) != 0 {
		t.Fatalf("a name in clear text after encrypting: %v", leak)
	}
	if err := s.ChangePassword("wrong password", "另一个密码 other"); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("change with a wrong password: %v", err)
	}
	if err := s.ChangePassword("一个好密码 good", "另一个密码 other"); err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "加密后的客户")
	dir := s.Dir()
	s.Close()
	if _, err := open(t, dir, "一个好密码 good"); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("old password: %v", err)
	}
	s2, err := open(t, dir, "另一个密码 other")
	if err != nil {
		t.Fatal(err)
	}
	if n := names(t, s2); len(n) != 2 {
		t.Fatalf("customers after the password change: %v", n)
	}
}

// grepDir lists the files under root holding text.
func grepDir(t *testing.T, root, text string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if bytes.Contains(b, []byte(text)) {
			found = append(found, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// A kill between Encrypt's swap and its removal of the plain automatic
// backups leaves them in an encrypted folder; the next open removes them
// and keeps the encrypted ones.
func TestOpenEncryptedDropsPlainBackups(t *testing.T) {
	dir := t.TempDir()
	s, err := open(t, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "明文备份公司")
	plain, err := s.Auto()
	if err != nil || plain == "" {
		t.Fatalf("plain backup: %q, %v", plain, err)
	}
	s.Close()
	// Encrypt's swap alone, as a kill right after it leaves the folder.
	if err := data.Convert(dir, "", "correct horse 42"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(plain); err != nil {
		t.Fatalf("the swap itself should leave the plain backup: %v", err)
	}
	s, err = open(t, dir, "correct horse 42")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(plain); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("plain backup %s still there after opening the encrypted folder: %v", plain, err)
	}
	addNamed(t, s, "加密备份公司")
	enc, err := s.Auto()
	if err != nil || enc == "" {
		t.Fatalf("encrypted backup: %q, %v", enc, err)
	}
	s.Close()
	s, err = open(t, dir, "correct horse 42")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(enc); err != nil {
		t.Fatalf("encrypted backup removed on open: %v", err)
	}
}
