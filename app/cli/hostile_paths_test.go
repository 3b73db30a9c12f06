package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChinesePathsWithSpaces runs the usual day — add, import, export,
// check — with the data folder, the imported list and the export all under
// paths of Chinese characters and spaces, as on a Chinese Windows desktop.
func TestChinesePathsWithSpaces(t *testing.T) {
	base := filepath.Join(t.TempDir(), "王伟 的桌面", "客户 资料 2025")
	dir := filepath.Join(base, "数据 文件夹")
	mustRun(t, dir, "customer", "add", "--name", "宝岛眼镜公司", "--city", "上海市")
	list := filepath.Join(base, "经销商 名单 (最新).csv")
	if err := os.WriteFile(list, []byte("客户名称,城市\n杨氏眼镜店,苏州市\n天明眼镜公司,南京市\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "import", "customers", list)
	out := filepath.Join(base, "导出 文件", "客户 名单.xlsx")
	os.MkdirAll(filepath.Dir(out), 0o700)
	mustRun(t, dir, "export", "customers", "--out", out)
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("export: %v", err)
	}
	if got := mustRun(t, dir, "check"); !strings.Contains(got, "OK: 3 customers") {
		t.Fatalf("check: %s", got)
	}
}

// TestFolderProblemsCLI: a folder of other files, a damaged store and a
// file where the folder should be each give exit 1 and one line on stderr,
// and the folder is left as it was.
func TestFolderProblemsCLI(t *testing.T) {
	foreign := filepath.Join(t.TempDir(), "我的 文档")
	os.MkdirAll(foreign, 0o700)
	os.WriteFile(filepath.Join(foreign, "报价单.xlsx"), []byte("PK"), 0o600)

	damaged := filepath.Join(t.TempDir(), "客户 数据")
	mustRun(t, damaged, "customer", "add", "--name", "宝岛眼镜公司")
	ssts, _ := filepath.Glob(filepath.Join(damaged, "*.sst"))
	if len(ssts) == 0 {
		t.Fatal("no table file")
	}
	os.Truncate(ssts[0], 10)

	file := filepath.Join(t.TempDir(), "不是 文件夹")
	os.WriteFile(file, []byte("x"), 0o600)
	for _, tc := range []struct{ dir, want string }{
		{foreign, "is not a Kehu data folder: it holds other files (报价单.xlsx)"},
		{damaged, "is damaged (000"},
		{file, "not a directory"},
	} {
		code, out, errs := run(t, tc.dir, "customer", "add", "--name", "新客户")
		if code != 1 || out != "" || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", tc.dir, code, out, errs)
		}
	}
	if ents, _ := os.ReadDir(foreign); len(ents) != 1 {
		t.Errorf("the foreign folder now holds %d files", len(ents))
	}
}
