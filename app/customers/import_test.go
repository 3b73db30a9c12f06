package customers

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data/model"
)

// archive is every customer as JSON in id order: equal archives, equal text.
func archive(t *testing.T, s *Service) string {
	t.Helper()
	var b strings.Builder
	err := s.testStore().EachCustomer(func(c *model.Customer) error {
		j, _ := json.Marshal(c)
		b.Write(j)
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const distributors = "2024年经销商名单\n" +
	"客户名称,联系人,电话,省份,城市,年销售额(万元),邮箱,等级,备注,微信群\n" +
	"宝岛眼镜公司,李娜,13900000002,上海,上海市,800,info@baodao.example.com,S,老客户,群1\n" +
	"杨氏眼镜店,王强,13900000003,江苏,苏州市,三十,bad-email,A,,\n" +
	",没有名称,13900000004,,,,,,,\n" +
	",,,,,,,,,\n" +
	"\"天明眼镜公司\",\"赵敏\",13900000005,江苏,南京市,150,,B,\"备注, 含逗号\n和换行\",\n" +
	"ＢＡＯＤＡＯ 眼镜,,13900000002,,,,,,,\n" +
	" 杨氏眼镜店 ,,,,,,,Z,,\n"

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportCustomers(t *testing.T) {
	s := openTest(t)
	existing := &model.Customer{Name: "宝岛眼镜公司", Tier: "A", Owner: "王伟"}
	if _, err := s.Add(existing); err != nil {
		t.Fatal(err)
	}
	before := archive(t, s)
	file := writeFile(t, "经销商.csv", distributors)

	dry, err := s.ImportFile(context.Background(), file, ImportOptions{Job: importer.Job{DryRun: true}})
	if err != nil {
		t.Fatal(err)
	}
	if archive(t, s) != before || dry.Batch != "" {
		t.Fatal("dry run wrote")
	}
	sum, err := s.ImportFile(context.Background(), file, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 7 data rows: 杨氏 and 天明 new; 宝岛, ＢＡＯＤＡＯ (same phone as 宝岛) and
	// " 杨氏眼镜店 " merged; the nameless row rejected; one blank.
	if sum.Rows != 7 || sum.New != 2 || sum.Merged != 3 || sum.Rejected != 1 || sum.Blank != 1 {
		t.Fatalf("summary %+v", sum)
	}
	if dry.Rows != sum.Rows || dry.New != sum.New || dry.Merged != sum.Merged || dry.Rejected != sum.Rejected || dry.Blank != sum.Blank {
		t.Errorf("dry run %+v differs from the import", dry)
	}
	if sum.RejectedFile == "" {
		t.Fatal("no rejected file")
	}
	rej, _ := os.ReadFile(sum.RejectedFile)
	if !strings.HasPrefix(string(rej), "\ufeff") || !strings.Contains(string(rej), "没有名称") {
		t.Errorf("rejected file: %q", rej)
	}

	bd, err := s.Resolve("宝岛眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	// The merge filled blanks and kept what a person typed.
	if bd.Tier != "A" || bd.Owner != "王伟" || bd.Email != "info@baodao.example.com" || bd.Revenue != 800_000_000 || len(bd.Contacts) != 1 {
		t.Errorf("merged 宝岛: %+v", bd)
	}
	ys, _ := s.Resolve("杨氏眼镜店")
	if ys.Revenue != 0 || !strings.Contains(ys.Notes, "三十") || ys.Email != "bad-email" || ys.Tier != "A" {
		t.Errorf("杨氏: %+v", ys)
	}
	tm, _ := s.Resolve("天明眼镜公司")
	if !strings.Contains(tm.Notes, "备注, 含逗号\n和换行") {
		t.Errorf("天明 notes %q", tm.Notes)
	}
	if !strings.Contains(bd.Notes, "微信群: 群1") {
		t.Errorf("unmapped column not kept: %q", bd.Notes)
	}
	if len(sum.Warnings) < 2 {
		t.Errorf("warnings: %v", sum.Warnings)
	}

	// The same file again: all merged, nothing new, nothing written.
	mid := archive(t, s)
	again, err := s.ImportFile(context.Background(), file, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Merged != 5 || archive(t, s) != mid {
		t.Errorf("second import %+v", again)
	}

	// Undo restores the archive exactly.
	if err := s.UndoImport(sum.Batch, false); err != nil {
		t.Fatal(err)
	}
	if archive(t, s) != before {
		t.Fatal("undo did not restore the archive")
	}
	if p, _ := s.check(); len(p) != 0 {
		t.Fatal(p)
	}
	list, _ := s.Imports()
	if len(list) != 2 || list[0].State != "undone" {
		t.Errorf("imports: %+v", list[0])
	}
}

func TestImportUndoAsksWhenEdited(t *testing.T) {
	s := openTest(t)
	sum, err := s.ImportFile(context.Background(), writeFile(t, "a.csv", "客户名称,电话\n宝岛眼镜公司,13900000002\n杨氏眼镜店,13900000003\n"), ImportOptions{})
	if err != nil || sum.New != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	c, _ := s.Resolve("杨氏眼镜店")
	c.Owner = "李娜"
	s.Update(c)
	var te *TouchedError
	if err := s.UndoImport(sum.Batch, false); !errors.As(err, &te) || len(te.Names) != 1 || te.Names[0] != "杨氏眼镜店" {
		t.Fatalf("undo of an edited batch: %v", err)
	}
	if err := s.UndoImport(sum.Batch, true); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Errorf("%d customers after forced undo", n)
	}
}

func TestImportCancelImportsNothing(t *testing.T) {
	s := openTest(t)
	var b strings.Builder
	b.WriteString("客户名称\n")
	for i := range 2500 {
		b.WriteString("客户" + strings.Repeat("甲", i%7) + string(rune('A'+i%26)) + string(rune('0'+i%10)) + "号" + strconv.Itoa(i) + "\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.ImportFile(ctx, writeFile(t, "big.csv", b.String()), ImportOptions{Job: importer.Job{Progress: func(done, total int) {
		if done >= 1000 {
			cancel()
		}
	}}})
	if !errors.Is(err, importer.ErrCancelled) {
		t.Fatalf("cancel: %v", err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Fatalf("%d customers after cancel", n)
	}
}

// TestImportSameListEveryShape imports the one distributor list as partners
// send it — GBK CSV, UTF-8 with BOM, Excel "Unicode text", xlsx from excelize
// and from LibreOffice — each into a fresh archive: the counts and the stored
// customers must be the same.
func TestImportSameListEveryShape(t *testing.T) {
	// What is stored, without ids and times, which differ by run.
	stored := func(s *Service) string {
		var b strings.Builder
		s.testStore().EachCustomer(func(c *model.Customer) error {
			c.ID, c.Created, c.Updated = "", time.Time{}, time.Time{}
			j, _ := json.Marshal(c)
			b.Write(j)
			b.WriteByte('\n')
			return nil
		})
		lines := strings.Split(b.String(), "\n")
		slices.Sort(lines)
		return strings.Join(lines, "\n")
	}
	var want, wantFile string
	var wantSum ImportSummary
	for _, f := range []string{"distributors-gb18030.csv", "distributors-utf8bom.csv", "distributors-utf16.txt", "distributors.xlsx", "distributors-libreoffice.xlsx"} {
		s := openTest(t)
		// Copy the fixture: the rejected-rows file is written beside it.
		src, err := os.ReadFile(filepath.Join("..", "importer", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.ImportFile(context.Background(), writeFile(t, f, string(src)), ImportOptions{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got := stored(s)
		if want == "" {
			want, wantFile, wantSum = got, f, *sum
			if sum.New != 6 || sum.Blank != 1 || sum.Rows != 7 {
				t.Fatalf("%s: %+v", f, sum)
			}
			continue
		}
		if sum.Rows != wantSum.Rows || sum.New != wantSum.New || sum.Merged != wantSum.Merged || sum.Rejected != wantSum.Rejected || sum.Blank != wantSum.Blank {
			t.Errorf("%s: %+v, %s: %+v", f, sum, wantFile, wantSum)
		}
		if got != want {
			t.Errorf("%s stores other customers than %s:\n%s\n---\n%s", f, wantFile, got, want)
		}
	}
}
