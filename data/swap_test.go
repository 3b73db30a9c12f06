package data

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// userFiles puts files Kehu did not make into dir (a note, a workbook, an
// attachment, a backup, a log line) and returns their contents by path.
func userFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	blob := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	files := map[string][]byte{
		"notes.txt":                     []byte("客户名单备忘\n"),
		"报价单.xlsx":                      blob(40 << 10),
		"attachments/c1/合同.pdf":         blob(100 << 10),
		"attachments/c2/photo.jpg":      blob(3 << 10),
		"backups/auto-20250101.kehubak": blob(1 << 10),
		"Photos/a.png":                  blob(2 << 10),
	}
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// sameFiles fails unless every file of want is in dir byte for byte.
func sameFiles(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s changed: %v (%d bytes, want %d)", name, err, len(got), len(b))
		}
	}
}

// noLeftovers fails if a staging or retired folder is left in dir.
func noLeftovers(t *testing.T, dir string) {
	t.Helper()
	for _, n := range []string{stagingName, retiredName} {
		if _, err := os.Stat(filepath.Join(dir, n)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left: %v", n, err)
		}
	}
	if m, _ := filepath.Glob(dir + ".*"); len(m) > 0 {
		t.Errorf("folders left beside the data folder: %v", m)
	}
}

func names(t *testing.T, dir, pw string) []string {
	t.Helper()
	s, err := Open(dir, Options{Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	for _, n := range append(secretNames, "杨氏眼镜店") {
		if ids, _ := s.CustomersByName(n); len(ids) == 1 {
			got = append(got, n)
		}
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
	return got
}

// Restore, encrypt, decrypt and a password change change the store's files
// and no other: a note, a workbook, the attachments, the backups stay
// byte-identical.
func TestSwapKeepsOtherFiles(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "杨氏眼镜店")
	file := filepath.Join(t.TempDir(), "k.kehubak")
	writeBackup(t, src, file)

	dir := encryptedStore(t, "pw")
	want := userFiles(t, dir)
	steps := []struct {
		name  string
		run   func() error
		pw    string
		names int
	}{
		{"password", func() error { return Rekey(dir, "pw", "pw2") }, "pw2", 2},
		{"decrypt", func() error { return Convert(dir, "pw2", "") }, "", 2},
		{"encrypt", func() error { return Convert(dir, "", "pw3") }, "pw3", 2},
		{"restore", func() error { _, err := Restore(dir, file, "", true); return err }, "", 1},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		sameFiles(t, dir, want)
		noLeftovers(t, dir)
		if got := names(t, dir, st.pw); len(got) != st.names {
			t.Fatalf("after %s the store holds %v", st.name, got)
		}
	}
}

// A folder of the user's own files is no place to restore into unasked;
// with --force the store's files join them and none of them changes.
func TestRestoreIntoForeignFolder(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "杨氏眼镜店")
	file := filepath.Join(t.TempDir(), "k.kehubak")
	writeBackup(t, src, file)

	dir := filepath.Join(t.TempDir(), "Documents")
	want := map[string][]byte{"thesis.docx": []byte("论文"), "Photos/p.jpg": []byte("jpg")}
	for n, b := range want {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, n)), 0o700)
		os.WriteFile(filepath.Join(dir, n), b, 0o600)
	}
	_, err := Restore(dir, file, "", false)
	var fe *model.ForeignError
	if !errors.Is(err, model.ErrNotKehuFolder) || !errors.As(err, &fe) {
		t.Fatalf("restore into a folder of documents: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Fatalf("the refused restore wrote into the folder: %v", ents)
	}
	sameFiles(t, dir, want)
	if _, err := Restore(dir, file, "", true); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, dir, want)
	noLeftovers(t, dir)
	if got := names(t, dir, ""); len(got) != 1 {
		t.Fatalf("restored %v", got)
	}
	// Restoring again over it (force) still leaves the documents.
	if _, err := Restore(dir, file, "", true); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, dir, want)
}

// A swap stopped before any of its renames (a kill) is finished by the next
// open, whatever the rename: the new store is whole from the first one on,
// and the old one is never put back over it nor left behind.
func TestSwapStoppedAtEveryRename(t *testing.T) {
	src := openTest(t)
	fillTest(t, src, "杨氏眼镜店")
	file := filepath.Join(t.TempDir(), "k.kehubak")
	writeBackup(t, src, file)
	stop := errors.New("killed")
	for n := 0; ; n++ {
		dir := t.TempDir()
		old, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		fillTest(t, old, secretNames...)
		old.Close()
		want := userFiles(t, dir)
		left := n
		beforeRename = func() error {
			if left == 0 {
				return stop
			}
			left--
			return nil
		}
		_, err = Restore(dir, file, "", true)
		beforeRename = nil
		if err == nil {
			if n < 4 {
				t.Fatalf("the swap took %d renames", n)
			}
			break
		}
		if !errors.Is(err, stop) {
			t.Fatal(err)
		}
		if got := names(t, dir, ""); len(got) != 1 || got[0] != "杨氏眼镜店" {
			t.Fatalf("stopped before rename %d: the store holds %v", n, got)
		}
		sameFiles(t, dir, want)
		noLeftovers(t, dir)
	}
}

// An unfinished staging folder (no ready mark) is removed at open and the
// old store kept; so are unfinished backups in backups/ and the folders an
// older Kehu left beside the data folder once the store is in place.
func TestOpenRemovesLeftovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillTest(t, s, secretNames[0])
	s.Close()
	want := userFiles(t, dir)
	mk := func(path string) {
		os.MkdirAll(filepath.Dir(path), 0o700)
		if err := os.WriteFile(path, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mk(filepath.Join(dir, stagingName, "000001.vlog"))
	mk(filepath.Join(dir, stagingName, "MANIFEST"))
	mk(filepath.Join(dir, BackupsDir, ".auto-1.kehubak.123.tmp"))
	for _, in := range legacyInfixes {
		mk(filepath.Join(dir+in+"77", "000001.sst"))
	}
	mine := filepath.Join(dir+".restore-notes", "mine.txt") // the user's, named alike
	mk(mine)
	if got := names(t, dir, ""); len(got) != 1 {
		t.Fatalf("store after leftovers: %v", got)
	}
	sameFiles(t, dir, want)
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("a folder of the user's beside the data folder was removed: %v", err)
	}
	os.RemoveAll(filepath.Dir(mine))
	noLeftovers(t, dir)
	if m, _ := filepath.Glob(filepath.Join(dir, BackupsDir, "*.tmp")); len(m) > 0 {
		t.Fatalf("unfinished backups left: %v", m)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, BackupsDir, ".*.tmp")); len(m) > 0 {
		t.Fatalf("unfinished backups left: %v", m)
	}
}

// A copy beside a folder that has lost its store is never removed: it may
// be the only one.
func TestLegacyCopyKeptWithoutStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据")
	copyDir := dir + ".convert-1"
	os.MkdirAll(copyDir, 0o700)
	os.WriteFile(filepath.Join(copyDir, "MANIFEST"), []byte("x"), 0o600)
	if err := recoverSwap(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(copyDir, "MANIFEST")); err != nil {
		t.Fatalf("the only copy was removed: %v", err)
	}
}

func TestStoreFile(t *testing.T) {
	for name, want := range map[string]bool{
		"000001.vlog": true, "000002.sst": true, "00001.mem": true, "MANIFEST": true, "KEYREGISTRY": true,
		"DISCARD": true, model.KeyFileName: true, model.KeyFileName + ".new": true,
		"kehu.log": false, "LOCK": false, "notes.txt": false, "attachments": false, "backups": false,
		"报价单.xlsx": false, fmt.Sprint("kehu.key"): false,
	} {
		if storeFile(name) != want {
			t.Errorf("storeFile(%q) = %v", name, !want)
		}
	}
}
