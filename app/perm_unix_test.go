//go:build !windows

package app

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/kehu-crm/kehu/app/customers"
)

// distributors is a customer list with a rejected row and warnings (a
// copy of customers' import test's).
const distributors = "2024年经销商名单\n" +
	"客户名称,联系人,电话,省份,城市,年销售额(万元),邮箱,等级,备注,微信群\n" +
	"宝岛眼镜公司,李娜,13900000002,上海,上海市,800,info@baodao.example.com,S,老客户,群1\n" +
	"杨氏眼镜店,王强,13900000003,江苏,苏州市,三十,bad-email,A,,\n" +
	",没有名称,13900000004,,,,,,,\n" +
	",,,,,,,,,\n" +
	"\"天明眼镜公司\",\"赵敏\",13900000005,江苏,南京市,150,,B,\"备注, 含逗号\n和换行\",\n" +
	"ＢＡＯＤＡＯ 眼镜,,13900000002,,,,,,,\n" +
	" 杨氏眼镜店 ,,,,,,,Z,,\n"

// Files that hold customers — backups (saved and automatic), exports, the
// rejected rows of an import, sync files, kehu.log — are readable by the
// user only, their folders too, whatever the umask; an export replacing a
// world-readable file does not keep its mode.
func TestCustomerFilesPrivate(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	s := openTest(t)
	addNamed(t, s, "宝岛眼镜公司")
	out := t.TempDir()
	check := func(path string, want fs.FileMode) {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}

	backup := filepath.Join(out, "k.kehubak")
	if _, err := s.Backup.Write(backup); err != nil {
		t.Fatal(err)
	}
	check(backup, 0o600)
	auto, err := s.Backup.Auto()
	if err != nil {
		t.Fatal(err)
	}
	check(auto, 0o600)
	check(filepath.Dir(auto), 0o700)

	export := filepath.Join(out, "客户.csv")
	if err := os.WriteFile(export, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(export, func(w io.Writer) error { _, err := io.WriteString(w, "宝岛眼镜公司\n"); return err }); err != nil {
		t.Fatal(err)
	}
	check(export, 0o600)

	file := writeFile(t, "经销商.csv", distributors)
	sum, err := s.Customers.ImportFile(context.Background(), file, customers.ImportOptions{})
	if err != nil || sum.RejectedFile == "" {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	check(sum.RejectedFile, 0o600)

	syncDir := t.TempDir()
	res, err := s.Sync.SyncExport(syncDir)
	if err != nil || len(res.Written) == 0 {
		t.Fatalf("sync export: %+v, %v", res, err)
	}
	for _, w := range res.Written {
		p := filepath.Join(syncDir, w)
		check(p, 0o600)
		check(filepath.Dir(p), 0o700)
	}

	check(filepath.Join(s.Dir(), "kehu.log"), 0o600)
	fresh := filepath.Join(t.TempDir(), "新数据")
	s2, err := Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	check(fresh, 0o700)
}
