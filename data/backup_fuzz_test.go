package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// FuzzBackupRead restores crafted backups. The input is the part of a file
// the checksum covers; the target seals it with a right checksum, as an
// adversary would, so the reader behind the checksum is what is fuzzed:
// manifest, frames of the store's stream, attachments section. Every input
// must end in a restore or an error, in bounded memory. Encrypted seeds use
// the password "fuzz"; its key is derived once (argon2 under the fuzzer's
// instrumentation takes seconds), so a mutated key description meets the
// seed's key and fails authentication.
func FuzzBackupRead(f *testing.F) {
	kf := &KeyFile{}
	if b, err := os.ReadFile(filepath.Join("testdata", "fuzz-backup-key.json")); err != nil || json.Unmarshal(b, kf) != nil {
		f.Fatalf("read the seeds' key description: %v", err)
	}
	key, err := kf.Key("fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.kehubak")
		if err := os.WriteFile(path, sealBackup(body), 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := ReadManifest(path)
		if err != nil {
			if !errors.Is(err, model.ErrNotBackup) && !errors.Is(err, model.ErrBackupCorrupt) && !errors.Is(err, model.ErrBackupNewer) {
				t.Fatalf("read manifest: %v", err)
			}
			return
		}
		to := filepath.Join(dir, "to")
		os.Mkdir(to, 0o700)
		var k []byte
		if m.Encrypted {
			k = key
		}
		_ = restoreInto(to, path, m, k) // an error or a store: both fine, a crash is not
	})
}

// TestWriteBackupSeeds writes FuzzBackupRead's seed corpus when
// KEHU_WRITE_FUZZ_SEEDS is set (the files are committed).
func TestWriteBackupSeeds(t *testing.T) {
	if os.Getenv("KEHU_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set KEHU_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz/FuzzBackupRead")
	}
	out := filepath.Join("testdata", "fuzz", "FuzzBackupRead")
	os.MkdirAll(out, 0o755)
	seed := func(name string, s *Store) {
		path := filepath.Join(t.TempDir(), "b.kehubak")
		writeBackup(t, s, path)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		body := backupBody(b)
		if err := os.WriteFile(filepath.Join(out, name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := openTest(t)
	seed("empty-store", s)
	fillTest(t, s, "宝岛眼镜公司")
	s.WriteAttachment("01J-照片.jpg", strings.NewReader("photo bytes"))
	s.WriteAttachment("01J-b.txt", strings.NewReader(""))
	seed("plain-attachments", s)

	dir := encryptedEmpty(t, "fuzz")
	e, err := Open(dir, Options{Password: "fuzz"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	fillTest(t, e, "宝岛眼镜公司")
	e.WriteAttachment("01J-照片.jpg", strings.NewReader("photo bytes"))
	seed("encrypted-attachments", e)
	kj, _ := json.Marshal(e.kf)
	if err := os.WriteFile(filepath.Join("testdata", "fuzz-backup-key.json"), kj, 0o644); err != nil {
		t.Fatal(err)
	}
}
