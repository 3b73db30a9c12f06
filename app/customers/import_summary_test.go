package customers

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/importer"
)

// TestSummaryRows: rows that sum the table and notes under it are skipped
// as "summary"; customers that look a little like them are not.
func TestSummaryRows(t *testing.T) {
	mapping := []string{"", "name", "revenue"}
	row := func(cells ...string) importer.Row { return importer.Row{Cells: cells} }
	for _, tc := range []struct {
		rows []importer.Row
		want string // per row: s summary, c customer, - blank
	}{
		{[]importer.Row{row("1", "宝岛眼镜", "10"), row("", "合计", "10")}, "cs"},
		{[]importer.Row{row("1", "宝岛眼镜", "10"), row("合计", "", "10")}, "cs"},
		{[]importer.Row{row("1", "宝岛眼镜", "10"), row("小 计：", "", "10"), row("总计", "", "10")}, "css"},
		{[]importer.Row{row("1", "Optics Ltd", "10"), row("", "Total", "10"), row("", "Grand Total", "10")}, "css"},
		{[]importer.Row{row("1", "宝岛眼镜", "10"), row("", "", ""), row("注：数据截至12月", "", "")}, "c-s"},
		{[]importer.Row{row("1", "宝岛眼镜", "10"), row("", "合计", "10"), row("张三 制", "", "")}, "css"},
		{[]importer.Row{row("1", "宝岛眼镜", "10"), row("* 含税", "", "")}, "cs"},
		{[]importer.Row{row("1", "合计眼镜店", "10"), row("", "注塑机械厂", "")}, "cc"},
		// a note in the middle of the table is a row like any other
		{[]importer.Row{row("注：下面是新客户", "", ""), row("1", "宝岛眼镜", "10")}, "cc"},
	} {
		parsed := make([]parsedRow, len(tc.rows))
		for i, r := range tc.rows {
			parsed[i] = parseRow(importer.FormatCSV, []string{"序号", "客户名称", "年销售额"}, mapping, nil, r)
		}
		markSummaries(mapping, tc.rows, parsed)
		var got strings.Builder
		for i, p := range parsed {
			switch {
			case p.summary:
				got.WriteByte('s')
			case tc.rows[i].Blank():
				got.WriteByte('-')
			default:
				got.WriteByte('c')
			}
		}
		if got.String() != tc.want {
			t.Errorf("%v: %s, want %s", tc.rows, got.String(), tc.want)
		}
	}
}

// TestPreviewAgreesWithImport: the preview (a dry run) and the import see
// every row alike: the same warnings, rejections and counts, for values a
// spreadsheet would run ("=1+2", and the export's marked "'=1+2"), unknown
// codes, summary rows and notes.
func TestPreviewAgreesWithImport(t *testing.T) {
	s := openTest(t)
	file := writeFile(t, "名单.csv", "客户名称,电话,客户等级,年销售额\n"+
		"甲眼镜,=1+2,A级,10\n乙眼镜,'=1+2,重点,三十\n,13800000000,B,\n丙眼镜,+86 138 0000 0001,S 战略客户,\n合计,,,10\n注：截至年底\n")
	dry, err := s.ImportFile(context.Background(), file, ImportOptions{Job: importer.Job{DryRun: true}})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.ImportFile(context.Background(), file, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dry.Warnings, sum.Warnings) || !reflect.DeepEqual(dry.Rejects, sum.Rejects) ||
		dry.New != sum.New || dry.Merged != sum.Merged || dry.Summary != sum.Summary || dry.Blank != sum.Blank {
		t.Fatalf("preview %+v\nimport %+v", dry, sum)
	}
	if sum.New != 3 || sum.Rejected != 1 || sum.Summary != 2 {
		t.Errorf("import %+v", sum)
	}
}
