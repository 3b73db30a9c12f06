package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app"
)

// exportAll writes the full export — customers, sales and complaints, in CSV
// and JSON Lines — and returns each file's bytes by name.
func exportAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := t.TempDir()
	files := map[string][]byte{}
	for _, what := range []string{"customers", "sales", "complaints"} {
		for _, ext := range []string{".csv", ".jsonl"} {
			f := filepath.Join(out, what+ext)
			mustRun(t, dir, "export", what, "--out", f)
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			files[what+ext] = b
		}
	}
	return files
}

func sameExport(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("%s differs after the round trip (%d bytes before, %d after)", name, len(b), len(got[name]))
		}
	}
}

// backupDemo is a demo folder with complaints, and its full export.
func backupDemo(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	dir := demoDir(t)
	mustRun(t, dir, "complaint", "add", "--customer", "宝岛眼镜公司", "--category", "delivery",
		"--severity", "high", "--channel", "phone", "--text", "到货晚了三天")
	id := strings.TrimSpace(mustRun(t, dir, "complaint", "add", "--customer", "宝岛眼镜公司", "--category", "quality",
		"--severity", "low", "--channel", "wechat", "--text", "镜框有划痕"))
	mustRun(t, dir, "complaint", "update", id, "--status", "acknowledged", "--note", "已联系客户")
	before := exportAll(t, dir)
	if len(before["complaints.csv"]) < 100 || len(before["sales.jsonl"]) < 1000 {
		t.Fatalf("export too small to prove anything: %d complaint bytes, %d sale bytes", len(before["complaints.csv"]), len(before["sales.jsonl"]))
	}
	return dir, before
}

func TestBackupRestoreExportIdentical(t *testing.T) {
	dir, before := backupDemo(t)
	file := filepath.Join(t.TempDir(), "备份 1.kehubak")
	out := mustRun(t, dir, "backup", "--out", file)
	if !strings.Contains(out, "307 customers") {
		t.Fatalf("backup said %q", out)
	}
	empty := filepath.Join(t.TempDir(), "空的 文件夹")
	out = mustRun(t, empty, "restore", file)
	if !strings.Contains(out, "Restored 307 customers") {
		t.Fatalf("restore said %q", out)
	}
	sameExport(t, before, exportAll(t, empty))

	// The original folder holds data: --force is needed, then the result is the same.
	code, _, errs := run(t, dir, "restore", file)
	if code != 1 || !strings.Contains(errs, "already holds data") {
		t.Fatalf("restore over data without --force: %d %q", code, errs)
	}
	mustRun(t, dir, "customer", "add", "--name", "恢复后会消失的客户")
	mustRun(t, dir, "restore", file, "--force")
	sameExport(t, before, exportAll(t, dir))
}

func TestRestoreRefusedLeavesData(t *testing.T) {
	dir, before := backupDemo(t)
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good.kehubak")
	mustRun(t, dir, "backup", "--out", good)
	b, _ := os.ReadFile(good)
	flipped := bytes.Clone(b)
	flipped[len(b)/3] ^= 0x80
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"flipped.kehubak", "damaged or incomplete", flipped},
		{"truncated.kehubak", "damaged or incomplete", b[:len(b)/2]},
		{"客户.xlsx", "is not a Kehu backup", []byte("PK\x03\x04 a spreadsheet, not a backup")},
	} {
		f := filepath.Join(tmp, tc.name)
		os.WriteFile(f, tc.data, 0o644)
		code, _, errs := run(t, dir, "restore", f, "--force")
		if code != 1 || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s: exit %d, %q; want exit 1 and %q", tc.name, code, errs, tc.want)
		}
	}
	sameExport(t, before, exportAll(t, dir))
}

func TestRestoreWhileOpen(t *testing.T) {
	dir, _ := backupDemo(t)
	file := filepath.Join(t.TempDir(), "k.kehubak")
	mustRun(t, dir, "backup", "--out", file)
	svc, err := app.Open(dir) // as the window would
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	code, _, errs := run(t, dir, "restore", file, "--force")
	if code != 1 || !strings.Contains(errs, "already open") {
		t.Fatalf("restore while open: %d %q", code, errs)
	}
	if n, _ := svc.Customers.Count(); n != 307 {
		t.Fatalf("customers after a refused restore: %d", n)
	}
}

func TestEncryptCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "加密")
	mustRun(t, dir, "customer", "add", "--name", "宝岛眼镜公司")
	t.Setenv(envNewPassword, "短")
	if code, _, errs := run(t, dir, "encrypt"); code != 1 || !strings.Contains(errs, "at least 6") {
		t.Fatalf("short password: %d %q", code, errs)
	}
	t.Setenv(envNewPassword, "第一个密码 one")
	mustRun(t, dir, "encrypt")

	t.Setenv(envPassword, "")
	code, _, errs := run(t, dir, "customer", "list") // stdin is no terminal under go test
	if code != 1 || !strings.Contains(errs, "KEHU_PASSWORD") {
		t.Fatalf("no password: %d %q", code, errs)
	}
	t.Setenv(envPassword, "wrong password")
	if code, _, errs = run(t, dir, "customer", "list"); code != 1 || !strings.Contains(errs, "Wrong password") {
		t.Fatalf("wrong password: %d %q", code, errs)
	}
	t.Setenv(envPassword, "第一个密码 one")
	if out := mustRun(t, dir, "customer", "list"); !strings.Contains(out, "宝岛眼镜公司") {
		t.Fatalf("list: %q", out)
	}
	file := filepath.Join(t.TempDir(), "enc.kehubak")
	if out := mustRun(t, dir, "backup", "--out", file); !strings.Contains(out, "encrypted") {
		t.Fatalf("backup said %q", out)
	}
	if b, _ := os.ReadFile(file); bytes.Contains(b, []byte("宝岛眼镜公司")) {
		t.Fatal("the backup of an encrypted folder holds a name in clear text")
	}
	t.Setenv(envNewPassword, "第二个密码 two")
	mustRun(t, dir, "password")
	if code, _, _ = run(t, dir, "customer", "list"); code != 1 {
		t.Fatal("the old password still opens the folder")
	}
	t.Setenv(envPassword, "第二个密码 two")
	mustRun(t, dir, "customer", "list")

	// The backup opens with the password it was made with.
	to := filepath.Join(t.TempDir(), "restored")
	if code, _, errs = run(t, to, "restore", file); code != 1 || !strings.Contains(errs, "Wrong password") {
		t.Fatalf("restore with the new password: %d %q", code, errs)
	}
	t.Setenv(envPassword, "第一个密码 one")
	mustRun(t, to, "restore", file)
	if out := mustRun(t, to, "customer", "list"); !strings.Contains(out, "宝岛眼镜公司") {
		t.Fatalf("restored list: %q", out)
	}
	mustRun(t, to, "decrypt")
	t.Setenv(envPassword, "")
	mustRun(t, to, "customer", "list")
}
