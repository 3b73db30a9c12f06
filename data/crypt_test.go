package data

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// secretNames are what must never be readable in an encrypted folder.
var secretNames = []string{"宝岛眼镜公司", "Zyxwvut Optics Ltd"}

// leaks lists the files under dir holding any of the names (Latin ones
// case-insensitively: the name index keeps them lower-cased).
func leaks(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lower := bytes.ToLower(b)
		for _, n := range secretNames {
			if bytes.Contains(b, []byte(n)) || bytes.Contains(lower, []byte(strings.ToLower(n))) {
				found = append(found, filepath.Base(path)+": "+n)
			}
		}
		return nil
	})
	return found
}

// encryptedStore makes a store with the secret names, encrypted with pw,
// and returns its folder, closed.
func encryptedStore(t *testing.T, pw string) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := Convert(dir, "", pw); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	fillTest(t, s, secretNames...)
	for i := 0; i < 200; i++ { // enough to reach the value log and an SST on close
		fillTest(t, s, strings.Repeat("填充客户", 50)+string(rune('A'+i%26)))
	}
	f, err := os.Create(filepath.Join(dir, BackupsDir+".kehubak"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(f, "test"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s.Sync()
	if l := leaks(t, dir); len(l) != 0 { // the write-ahead .mem files included
		t.Fatalf("names in clear text in an open encrypted folder: %v", l)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEncryptedFolderHoldsNoNames(t *testing.T) {
	// The control: the same grep finds the names in a plain folder.
	plain := t.TempDir()
	s, err := Open(plain, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillTest(t, s, secretNames...)
	s.Close()
	if len(leaks(t, plain)) == 0 {
		t.Fatal("the grep finds nothing even in a plain folder: it proves nothing")
	}

	dir := encryptedStore(t, "正确的密码 correct horse")
	if l := leaks(t, dir); len(l) != 0 {
		t.Fatalf("names in clear text in an encrypted folder: %v", l)
	}
	if _, err := os.Stat(filepath.Join(dir, "kehu.log")); err != nil {
		t.Logf("no kehu.log: %v", err)
	}
}

func TestEncryptedPasswords(t *testing.T) {
	pw := "旧密码 old"
	dir := encryptedStore(t, pw)
	if !Encrypted(dir) {
		t.Fatal("Encrypted says no")
	}
	for _, tc := range []struct {
		pw   string
		want error
	}{{"", model.ErrPasswordNeeded}, {"wrong", model.ErrWrongPassword}} {
		if _, err := Open(dir, Options{Password: tc.pw}); !errors.Is(err, tc.want) {
			t.Errorf("open with %q: %v, want %v", tc.pw, err, tc.want)
		}
	}
	if err := Rekey(dir, "wrong", "new"); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("rekey with a wrong password: %v", err)
	}
	if err := Rekey(dir, pw, "新密码 new"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{Password: pw}); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("the old password still opens: %v", err)
	}
	s, err := Open(dir, Options{Password: "新密码 new"})
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.CustomersByName(secretNames[0]); len(ids) != 1 {
		t.Fatal("data lost in the password change")
	}
	s.Close()

	// The backup made before the change keeps the password it was made with.
	file := filepath.Join(dir, BackupsDir+".kehubak")
	m, err := ReadManifest(file)
	if err != nil || !m.Encrypted {
		t.Fatalf("manifest %+v, %v", m, err)
	}
	to := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(to, file, "新密码 new", false); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("restore with the new password: %v", err)
	}
	if _, err := Restore(to, file, pw, false); err != nil {
		t.Fatal(err)
	}
	if l := leaks(t, to); len(l) != 0 {
		t.Fatalf("restored encrypted folder leaks: %v", l)
	}
	s, err = Open(to, Options{Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ids, _ := s.CustomersByName(secretNames[1]); len(ids) != 1 {
		t.Fatal("restored store misses a customer")
	}
}

// A password change cut between the key registry and the key file: the new
// password opens (and finishes the change); before the registry, the old.
func TestRekeyInterrupted(t *testing.T) {
	dir := encryptedStore(t, "old")
	kf, _ := readKeyFile(filepath.Join(dir, model.KeyFileName))
	// Cut before the registry: a pending key file only.
	nkf, _, _ := newKeyFile("new")
	writeKeyFile(filepath.Join(dir, model.KeyFileName+".new"), nkf)
	s, err := Open(dir, Options{Password: "old"})
	if err != nil {
		t.Fatalf("old password after a change cut before the registry: %v", err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, model.KeyFileName+".new")); err == nil {
		t.Fatal("stale pending key file kept")
	}
	// Cut after the registry: simulate by a full change, then put the old
	// key file back as the main one and the new as pending.
	if err := Rekey(dir, "old", "new"); err != nil {
		t.Fatal(err)
	}
	nkf, _ = readKeyFile(filepath.Join(dir, model.KeyFileName))
	writeKeyFile(filepath.Join(dir, model.KeyFileName+".new"), nkf)
	writeKeyFile(filepath.Join(dir, model.KeyFileName), kf)
	if _, err := Open(dir, Options{Password: "old"}); !errors.Is(err, model.ErrWrongPassword) {
		t.Fatalf("old password after the registry changed: %v", err)
	}
	s, err = Open(dir, Options{Password: "new"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got, _ := readKeyFile(filepath.Join(dir, model.KeyFileName)); !bytes.Equal(got.Salt, nkf.Salt) {
		t.Fatal("the change was not finished")
	}
}

func TestConvertBackAndForth(t *testing.T) {
	dir := encryptedStore(t, "pw")
	os.MkdirAll(filepath.Join(dir, BackupsDir), 0o700)
	if err := Convert(dir, "pw", ""); err != nil {
		t.Fatal(err)
	}
	if Encrypted(dir) {
		t.Fatal("still encrypted")
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.CustomersByName(secretNames[0]); len(ids) != 1 {
		t.Fatal("data lost in the decryption")
	}
	s.Close()
}
