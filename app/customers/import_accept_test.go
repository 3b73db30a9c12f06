package customers

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data/model"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// readOnlyDir makes dir unwritable. Root writes anyway, so for root the
// rejected-rows file's temporary is refused there as the OS would refuse it.
func readOnlyDir(t *testing.T, dir string) {
	t.Helper()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() != 0 {
		return
	}
	t.Cleanup(func() { importer.CreateTemp = os.CreateTemp })
	importer.CreateTemp = func(d, pattern string) (*os.File, error) {
		if d == dir {
			return nil, &fs.PathError{Op: "open", Path: d, Err: fs.ErrPermission}
		}
		return os.CreateTemp(d, pattern)
	}
}

// TestDistributorListAcceptance is issue 19's "done when": a GBK CSV with a
// title row, 客户等级 A级/B级/S, 客户类型 批发商/连锁店/代理商/零售店, a 合计
// row and a note under it, in a read-only folder, imports with every tier
// and type set, the 合计 row skipped, at most 5 warning lines, and the
// rejected-rows file written where the summary says.
func TestDistributorListAcceptance(t *testing.T) {
	const list = "2024年华东区经销商名单\r\n" +
		"客户名称,联系人,电话,客户等级,客户类型,城市,年销售额(万元)\r\n" +
		"宝岛眼镜公司,李娜,13900000002,A级,批发商,上海市,800\r\n" +
		"明月眼镜连锁,王强,13900000003,B级,连锁店,苏州市,三十\r\n" +
		"天明眼镜代理,赵敏,13900000005,S,代理商,南京市,150\r\n" +
		"杨氏眼镜店,周杰,13900000006,A级,零售店,杭州市,20\r\n" +
		"合计,,,,,,1000\r\n" +
		"注：数据截至2024年12月31日\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(list)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "经销商")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(in, "经销商名单.csv")
	if err := os.WriteFile(file, []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnlyDir(t, in)
	s := openTest(t)

	dry, err := s.ImportFile(context.Background(), file, ImportOptions{Job: importer.Job{DryRun: true}})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.ImportFile(context.Background(), file, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 4 || sum.Summary != 2 || sum.Rejected != 0 || sum.Rows != 6 {
		t.Fatalf("summary %+v, want 4 new and 2 skipped as summary", sum)
	}
	if dry.New != sum.New || dry.Summary != sum.Summary || len(dry.Warnings) != len(sum.Warnings) {
		t.Errorf("preview %+v differs from the import %+v", dry, sum)
	}
	want := map[string][2]string{"宝岛眼镜公司": {"A", "wholesaler"}, "明月眼镜连锁": {"B", "chain"},
		"天明眼镜代理": {"S", "agent"}, "杨氏眼镜店": {"A", "retailer"}}
	n := 0
	err = s.testStore().EachCustomer(func(c *model.Customer) error {
		n++
		if w, ok := want[c.Name]; !ok || c.Tier != w[0] || c.Type != w[1] {
			t.Errorf("%s: tier %q type %q, want %v", c.Name, c.Tier, c.Type, w)
		}
		return nil
	})
	if err != nil || n != 4 {
		t.Fatalf("%d customers, %v", n, err)
	}
	groups := importer.GroupIssues(sum.Warnings)
	if len(groups) == 0 || len(groups) > 5 {
		t.Errorf("%d warning lines: %+v", len(groups), groups)
	}
	exports := filepath.Join(s.testStore().Dir(), importer.ExportsDir)
	if filepath.Dir(sum.RejectedFile) != exports {
		t.Fatalf("rejected file %q, want it in %s", sum.RejectedFile, exports)
	}
	b, err := os.ReadFile(sum.RejectedFile)
	if err != nil || !strings.Contains(string(b), "三十") {
		t.Fatalf("rejected file: %v\n%s", err, b)
	}
	if _, err := os.Stat(strings.TrimSuffix(file, ".csv") + ".rejected.csv"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file was written in the read-only folder: %v", err)
	}
}
