package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshot reads every file under dir but the store's own (the names
// storeFile in package data moves), by relative path.
func snapshot(t *testing.T, dir string, skip func(rel string) bool) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if skip != nil && skip(filepath.ToSlash(rel)) {
			return nil
		}
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, step string, want, got map[string][]byte) {
	t.Helper()
	for name, b := range want {
		if g, ok := got[name]; !ok || !bytes.Equal(g, b) {
			t.Errorf("after %s: %s changed or gone (%d bytes, want %d)", step, name, len(g), len(b))
		}
	}
}

// A note and a workbook in the data folder stay byte-identical through
// encrypt, password, decrypt and restore --force; a complaint's attachment
// is encrypted at rest while the folder is (check verifies its bytes) and
// byte-identical on disk again after decrypt and restore.
func TestFolderSwapsKeepUserFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "数据")
	mustRun(t, dir, "customer", "add", "--name", "宝岛眼镜公司")
	pdf := filepath.Join(t.TempDir(), "合同 扫描.pdf")
	if err := os.WriteFile(pdf, bytes.Repeat([]byte("%PDF-1.4 合同\x00\xff"), 5000), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "complaint", "add", "--customer", "宝岛眼镜公司", "--category", "quality", "--severity", "low",
		"--channel", "phone", "--text", "镜框有划痕", "--attach", pdf)
	file := filepath.Join(t.TempDir(), "k.kehubak")
	mustRun(t, dir, "backup", "--out", file)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("客户备忘\r\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "报价单.xlsx"), bytes.Repeat([]byte{0x50, 0x4b, 3, 4, 0xe6}, 9000), 0o644)
	user := func(rel string) bool {
		return !(rel == "notes.txt" || rel == "报价单.xlsx" || strings.HasPrefix(rel, "attachments/"))
	}
	want := snapshot(t, dir, user)
	if len(want) != 3 {
		t.Fatalf("expected a note, a workbook and one attachment, found %v", len(want))
	}
	// Encrypted, the attachment is not on disk in clear (name nor bytes):
	// check reads it through the store and compares its SHA-256.
	notes := func(rel string) bool { return user(rel) || strings.HasPrefix(rel, "attachments/") }
	wantNotes := snapshot(t, dir, notes)
	encrypted := func(step string) {
		t.Helper()
		sameFiles(t, step, wantNotes, snapshot(t, dir, notes))
		for rel := range want {
			if _, err := os.Stat(filepath.Join(dir, rel)); strings.HasPrefix(rel, "attachments/") && err == nil {
				t.Errorf("after %s: %s is in clear in the encrypted folder", step, rel)
			}
		}
		if out := mustRun(t, dir, "check"); !strings.Contains(out, "OK") {
			t.Fatalf("check after %s: %q", step, out)
		}
	}
	t.Setenv(envNewPassword, "第一个密码 one")
	mustRun(t, dir, "encrypt")
	t.Setenv(envPassword, "第一个密码 one")
	encrypted("encrypt")
	t.Setenv(envNewPassword, "第二个密码 two")
	mustRun(t, dir, "password")
	t.Setenv(envPassword, "第二个密码 two")
	encrypted("password")
	mustRun(t, dir, "decrypt")
	sameFiles(t, "decrypt", want, snapshot(t, dir, user))
	mustRun(t, dir, "restore", file, "--force")
	sameFiles(t, "restore", want, snapshot(t, dir, user))
	if out := mustRun(t, dir, "check"); !strings.Contains(out, "OK") {
		t.Fatalf("check: %q", out)
	}
	if m, _ := filepath.Glob(dir + ".*"); len(m) > 0 {
		t.Fatalf("left beside the folder: %v", m)
	}
}

// restore refuses a folder of the user's documents and changes nothing in
// it; with --force it adds the store and still changes none of them.
func TestRestoreRefusesForeignFolder(t *testing.T) {
	src := filepath.Join(t.TempDir(), "数据")
	mustRun(t, src, "customer", "add", "--name", "宝岛眼镜公司")
	file := filepath.Join(t.TempDir(), "k.kehubak")
	mustRun(t, src, "backup", "--out", file)

	docs := filepath.Join(t.TempDir(), "Docs")
	os.MkdirAll(filepath.Join(docs, "Photos"), 0o700)
	os.WriteFile(filepath.Join(docs, "thesis.docx"), []byte("PK 论文"), 0o600)
	os.WriteFile(filepath.Join(docs, "Photos", "p.jpg"), []byte{0xff, 0xd8, 0xff}, 0o600)
	want := snapshot(t, docs, nil)

	code, _, errs := run(t, docs, "restore", file)
	if code != 1 || !strings.Contains(errs, "not a Kehu data folder") || !strings.Contains(errs, "--force") {
		t.Fatalf("restore into documents: exit %d, %q", code, errs)
	}
	got := snapshot(t, docs, nil)
	if len(got) != len(want) {
		t.Fatalf("the refused restore wrote files: %d, want %d", len(got), len(want))
	}
	sameFiles(t, "refused restore", want, got)

	mustRun(t, docs, "restore", file, "--force")
	sameFiles(t, "restore --force", want, snapshot(t, docs, nil))
	if out := mustRun(t, docs, "customer", "list"); !strings.Contains(out, "宝岛眼镜公司") {
		t.Fatalf("restored folder lists %q", out)
	}
}
