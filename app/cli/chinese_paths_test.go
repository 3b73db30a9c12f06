package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Folders on Chinese Windows are named like "客户 数据\2024年" (spaces,
// brackets, CJK): the data folder, the imported list, the rejected rows
// beside it, the export and the chart all live under such names.
func TestChinesePaths(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "客户 数据", "2024年")
	in := filepath.Join(root, "来自 经销商（华东）")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(in, "经销商名单 (2024).csv")
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("2024年经销商名单\n客户名称,联系人,电话,城市\n" +
		"天明眼镜公司,王伟,13800000001,南京市\n,李娜,13800000002,杭州市\n宝岛眼镜（杭州）,张三,13800000003,杭州市\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(list, []byte(gb), 0o644); err != nil {
		t.Fatal(err)
	}

	var res struct {
		New, Rejected int
		RejectedFile  string `json:"rejected_file"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, dir, "import", "customers", list, "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(in, "经销商名单 (2024).rejected.csv"); res.New != 2 || res.Rejected != 1 || res.RejectedFile != want {
		t.Fatalf("import: %+v, want 2 new, 1 rejected in %s", res, want)
	}
	if _, err := os.Stat(res.RejectedFile); err != nil {
		t.Fatal(err)
	}

	sales := filepath.Join(in, "销售 明细.csv")
	if err := os.WriteFile(sales, []byte("日期,客户名称,产品,数量,金额\n2024-03-01,天明眼镜公司,镜片,10,1200.00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "import", "sales", sales)

	xlsx := filepath.Join(in, "导出 客户.xlsx")
	mustRun(t, dir, "export", "customers", "--out", xlsx)
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 3 {
		t.Fatalf("export: %d rows, %v", len(rows), err)
	}

	png := filepath.Join(in, "销售曲线 2024.png")
	mustRun(t, dir, "chart", "sales", "--out", png)
	if b, err := os.ReadFile(png); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
		t.Fatalf("chart: %v", err)
	}
	if out := mustRun(t, dir, "check"); !strings.HasPrefix(out, "OK") {
		t.Errorf("check: %q", out)
	}
}
