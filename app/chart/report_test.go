package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/i18n"
)

var chainStores = []string{
	"宝岛眼镜公司", "杨氏眼镜店", "杭州宝丽眼镜有限公司", "重明眼镜公司", "天明眼镜公司",
	"明而达眼镜店", "杭州毛源昌眼镜店", "上海茂昌眼镜有限公司", "苏州精益眼镜店", "温州大光明眼镜公司",
}

func sampleReport() *MeetingReport {
	this := months(36, 1_250_000, 0.012)[24:]
	last := months(36, 1_250_000, 0.012)[12:24]
	for i := range last {
		last[i].Label = this[i].Label // the overlay sits on this year's months
	}
	var top []TopRow
	total := int64(0)
	for _, p := range this {
		total += p.Value
	}
	rev := total / 6
	for i, n := range chainStores {
		top = append(top, TopRow{Rank: i + 1, Name: n, Revenue: rev, Orders: int64(420 - 31*i), Share: float64(rev) / float64(total)})
		rev = rev * 83 / 100
	}
	return &MeetingReport{
		Company:   "杭州明目光学有限公司",
		Period:    "2025-01 — 2025-12",
		PrintedAt: time.Date(2026, 1, 8, 9, 30, 0, 0, time.Local),
		Curve:     []Series{{Name: "This year", Points: this}, {Name: "Last year", Points: last}},
		ByTier:    tiers()[0].Points,
		Top:       top,
		Totals: []Total{
			{"Revenue", Money(total) + " " + i18n.L("CNY")},
			{"Orders", "3,412"},
			{"Customers with sales", "268"},
			{"Versus last year", "+15.4%"},
			{"Average order", Money(total/3412) + " " + i18n.L("CNY")},
		},
	}
}

func TestMeetingReport(t *testing.T) {
	i18n.Setup("zh")
	defer i18n.Setup("en")
	var b bytes.Buffer
	if err := sampleReport().WritePDF(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := pdftotext(t, path)
	if txt == "" {
		return
	}
	want := append([]string{"销售会议报告", "杭州明目光学有限公司", "2025-01 — 2025-12", "销售曲线", "万元", "前十名客户",
		"第 1 页 / 共 2 页", "第 2 页 / 共 2 页", "打印日期：2026-01-08 09:30", "S 战略客户", "今年", "去年同期"}, chainStores...)
	flat := strings.Join(strings.Fields(txt), "")
	for _, w := range want {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), "")) {
			t.Errorf("report text lacks %q", w)
		}
	}
	if strings.Contains(txt, "{{") {
		t.Errorf("untranslated template in report:\n%s", txt)
	}
}

func TestMeetingReportSectionsAndEnglish(t *testing.T) {
	i18n.Setup("en")
	r := sampleReport()
	var rows [][]string
	for i := range 40 {
		rows = append(rows, []string{"2025-03-01", chainStores[i%10], "quality", "1,200.00"})
	}
	r.Sections = []Section{{Title: "Complaints", Columns: []string{"Date", "Customer", "Category", "Amount"}, Rows: rows}}
	var b bytes.Buffer
	if err := r.WritePDF(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := pdftotext(t, path)
	if txt == "" {
		return
	}
	for _, w := range []string{"Sales meeting report", "Page 1 of 5", "Page 5 of 5", "Complaints", "10k CNY"} {
		if !strings.Contains(txt, w) {
			t.Errorf("report text lacks %q:\n%s", w, txt)
		}
	}
}

// TestSectionColumnsKeepApart: on an extra page (the complaints page) every
// column is as wide as its widest text, header or cell, plus the room
// between columns, in zh and en (issue 23: two columns touched), and the
// columns fill the page.
func TestSectionColumnsKeepApart(t *testing.T) {
	defer i18n.Setup("en")
	s := Section{Title: "Complaints and service times",
		Columns: []string{"Cause", "Complaints", "Not closed", "Overdue", "Avg. response (h)", "Avg. handling (h)", "Resolved within target", "Satisfaction"},
		Rows: [][]string{
			{"Product quality", "3", "1", "1", "38.5", "80.5", "100.0%", "4.5"},
			{"Service attitude", "1,205", "210", "12", "125.0", "1,053.0", "66.7%", "—"},
			{"All complaints", "24", "10", "6", "25.7", "67.7", "92.9%", "3.6"},
		}}
	for _, lang := range []string{"en", "zh"} {
		i18n.Setup(lang)
		d := &doc{pdf: newPDF(lang, "t")}
		cols := d.sectionColumns(s)
		sum := 0.0
		for j, c := range cols {
			d.pdf.SetFont(pdfFont, "", headSize)
			need := d.pdf.GetStringWidth(c.title)
			d.pdf.SetFont(pdfFont, "", cellSize)
			for _, r := range s.Rows {
				need = max(need, d.pdf.GetStringWidth(r[j]))
			}
			if c.w < need+4+colGap {
				t.Errorf("%s: column %q %.1f mm wide, its text %.1f mm", lang, c.title, c.w, need)
			}
			sum += c.w
		}
		if sum < pageW-2*margin-0.01 || sum > pageW-2*margin+0.01 {
			t.Errorf("%s: columns %.1f mm, page %.1f mm", lang, sum, pageW-2*margin)
		}
	}
}
