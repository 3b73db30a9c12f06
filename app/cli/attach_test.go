package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// attachDir is a folder with a customer and two complaints, each with an
// attachment (real files); it returns the attachments' bytes by the names
// the complaints list.
func attachDir(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "数据")
	src := t.TempDir()
	mustRun(t, dir, "customer", "add", "--name", "宝岛眼镜公司")
	files := map[string][]byte{}
	for i, f := range []struct{ name, body string }{
		{"破损照片.jpg", strings.Repeat("\xff\xd8 照片 bytes ", 20000)},
		{"签收单 scan.pdf", "%PDF-1.4 签收单"},
	} {
		p := filepath.Join(src, f.name)
		if err := os.WriteFile(p, []byte(f.body), 0o600); err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSpace(mustRun(t, dir, "complaint", "add", "--customer", "宝岛眼镜公司", "--category", "quality",
			"--severity", "high", "--channel", "phone", "--text", "投诉"+string(rune('一'+i)), "--attach", p))
		files[id+"-"+f.name] = []byte(f.body)
	}
	return dir, files
}

// TestCheckNamesAttachments: check reports a deleted and an altered
// attachment, in English and in Chinese, and fails.
func TestCheckNamesAttachments(t *testing.T) {
	dir, files := attachDir(t)
	if out := mustRun(t, dir, "check"); !strings.HasPrefix(out, "OK") {
		t.Fatalf("check before: %q", out)
	}
	var gone, changed string
	for n := range files {
		if strings.HasSuffix(n, ".pdf") {
			gone = n
		} else {
			changed = n
		}
	}
	if err := os.Remove(filepath.Join(dir, "attachments", gone)); err != nil {
		t.Fatal(err)
	}
	b := bytes.Clone(files[changed])
	b[len(b)/2] ^= 1
	if err := os.WriteFile(filepath.Join(dir, "attachments", changed), b, 0o600); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[string]string{gone: "is missing", changed: "is damaged"} {
		code, _, errs := run(t, dir, "complaint", "attachment", n[:26], n, "--out", filepath.Join(t.TempDir(), "x"))
		if code != 1 || !strings.Contains(errs, want) {
			t.Fatalf("complaint attachment %s: exit %d, %q", n, code, errs)
		}
	}
	for _, tc := range []struct{ lang, missing, altered, failed string }{
		{"--lang=en", "is missing", "was altered", "2 problems"},
		{"--lang=zh", "缺失", "已被改动", "2"},
	} {
		code, out, errs := run(t, dir, "check", tc.lang)
		if code == 0 || !strings.Contains(errs, tc.failed) {
			t.Fatalf("%s: exit %d, %q", tc.lang, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 || !strings.Contains(out, gone) || !strings.Contains(out, changed) ||
			!strings.Contains(out, tc.missing) || !strings.Contains(out, tc.altered) {
			t.Fatalf("%s: check said %q", tc.lang, out)
		}
	}
}

// TestBackupCarriesAttachments: backup → restore into another computer's
// empty folder, plain and encrypted: the attachments come back
// byte-identical and check is clean.
func TestBackupCarriesAttachments(t *testing.T) {
	for _, pw := range []string{"", "密码 long enough 1"} {
		t.Run("password="+pw, func(t *testing.T) {
			dir, files := attachDir(t)
			if pw != "" {
				t.Setenv(envNewPassword, pw)
				mustRun(t, dir, "encrypt")
				t.Setenv(envPassword, pw)
			}
			file := filepath.Join(t.TempDir(), "备份.kehubak")
			mustRun(t, dir, "backup", "--out", file)
			other := filepath.Join(t.TempDir(), "另一台电脑")
			mustRun(t, other, "restore", file)
			if out := mustRun(t, other, "check"); !strings.HasPrefix(out, "OK") {
				t.Fatalf("check after restore: %q", out)
			}
			for n, want := range files {
				got, err := os.ReadFile(filepath.Join(other, "attachments", n))
				if pw != "" && err == nil {
					t.Fatalf("%s is in clear in the encrypted folder", n)
				}
				if pw == "" && (err != nil || !bytes.Equal(got, want)) {
					t.Fatalf("%s after restore: %v", n, err)
				}
				out := filepath.Join(t.TempDir(), "取出 "+n[27:])
				mustRun(t, other, "complaint", "attachment", n[:26], n, "--out", out)
				if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("complaint attachment %s: %d bytes (%v), want %d, byte-identical", n, len(got), err, len(want))
				}
			}
		})
	}
}
