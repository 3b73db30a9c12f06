package app

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/data"
)

func addNamed(t *testing.T, s *Service, name string) {
	t.Helper()
	if _, err := s.AddCustomer(&model.Customer{Name: name}); err != nil {
		t.Fatal(err)
	}
}

func TestAutoBackupKeepsLastN(t *testing.T) {
	s := openTest(t)
	if n, _ := s.BackupKeep(); n != DefaultBackupKeep {
		t.Fatalf("default keep %d", n)
	}
	if err := s.SetBackupKeep(3); err != nil {
		t.Fatal(err)
	}
	var made []string
	for i, name := range []string{"甲公司", "乙公司", "丙公司", "丁公司", "戊公司"} {
		addNamed(t, s, name)
		p, err := s.AutoBackup()
		if err != nil || p == "" {
			t.Fatalf("backup %d: %q, %v", i, p, err)
		}
		made = append(made, p)
	}
	// Nothing changed since the last one: no new file.
	if p, err := s.AutoBackup(); err != nil || p != "" {
		t.Fatalf("unchanged store backed up again: %q, %v", p, err)
	}
	got, err := s.AutoBackups()
	if err != nil || len(got) != 3 {
		t.Fatalf("kept %v, %v; want 3", got, err)
	}
	for i, p := range made[2:] {
		if got[i] != p {
			t.Errorf("kept %v, want the newest %v", got, made[2:])
		}
	}
	m, err := ReadBackup(got[2])
	if err != nil || m.Counts.Customers != 5 {
		t.Fatalf("newest backup: %+v, %v", m, err)
	}
	if err := s.SetBackupKeep(0); err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "己公司")
	if p, err := s.AutoBackup(); err != nil || p != "" {
		t.Fatalf("keep 0 still backs up: %q, %v", p, err)
	}
}

// The window restores into the folder it has open: the service closes,
// swaps and reopens, and its cached list follows the new data.
func TestServiceRestoreAndEncrypt(t *testing.T) {
	s := openTest(t)
	addNamed(t, s, "宝岛眼镜公司")
	file := filepath.Join(t.TempDir(), "a.kehubak")
	if _, err := s.Backup(file); err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "备份之后的客户")
	if n, _ := s.CountCustomers(); n != 2 {
		t.Fatal(n)
	}
	if _, err := s.Restore(file, ""); err != nil {
		t.Fatal(err)
	}
	rows, _, err := s.Customers(Query{})
	if err != nil || len(rows) != 1 || rows[0].Name != "宝岛眼镜公司" {
		t.Fatalf("after restore: %v, %v", rows, err)
	}

	if _, err := s.AutoBackup(); err != nil { // a plain backup, which must not survive encryption
		t.Fatal(err)
	}
	if err := s.Encrypt("短"); !errors.Is(err, ErrPasswordShort) {
		t.Fatalf("short password: %v", err)
	}
	if err := s.Encrypt("一个好密码 good"); err != nil {
		t.Fatal(err)
	}
	if !s.Encrypted() || !Encrypted(s.Dir()) {
		t.Fatal("not encrypted")
	}
	if auto, _ := s.AutoBackups(); len(auto) != 1 {
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
	if _, err := OpenWithPassword(dir, "一个好密码 good"); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("old password: %v", err)
	}
	s2, err := OpenWithPassword(dir, "另一个密码 other")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, _ := s2.CountCustomers(); n != 2 {
		t.Fatalf("customers after the password change: %d", n)
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
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	addNamed(t, s, "明文备份公司")
	plain, err := s.AutoBackup()
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
	s, err = OpenWithPassword(dir, "correct horse 42")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(plain); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("plain backup %s still there after opening the encrypted folder: %v", plain, err)
	}
	addNamed(t, s, "加密备份公司")
	enc, err := s.AutoBackup()
	if err != nil || enc == "" {
		t.Fatalf("encrypted backup: %q, %v", enc, err)
	}
	s.Close()
	s, err = OpenWithPassword(dir, "correct horse 42")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(enc); err != nil {
		t.Fatalf("encrypted backup removed on open: %v", err)
	}
}
