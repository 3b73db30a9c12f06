package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/xuri/excelize/v2"
)

// complaintRows: one resolved and rated, one open and overdue whose text a
// spreadsheet would run.
func complaintRows() []*complaints.Row {
	at := time.Date(2025, 4, 1, 1, 0, 0, 0, time.UTC) // 09:00 in Beijing
	done := &model.Complaint{ID: "02B", CustomerID: "01B", Contact: "唐芳", Channel: "phone", Category: "delivery", Severity: "high",
		Text: "到货少了两箱", Assignee: "王芳", Status: "closed", OpenedAt: at, AcknowledgedAt: at.Add(3 * time.Hour),
		ResolvedAt: at.Add(48*time.Hour + 30*time.Minute), ClosedAt: at.Add(50 * time.Hour), Resolution: "补发", Satisfaction: 4,
		Attachments: []string{"a.jpg", "b.jpg"}}
	open := &model.Complaint{ID: "02A", CustomerID: "01A", Channel: "email", Category: "quality", Severity: "low",
		Text: "=1+1 镜片划痕", Status: "new", OpenedAt: at.Add(time.Hour)}
	return []*complaints.Row{
		{Complaint: done, CustomerName: "杭州宝丽眼镜有限公司", Responded: true, Response: 3 * time.Hour, Handled: true, Handling: 48*time.Hour + 30*time.Minute},
		{Complaint: open, CustomerName: "@宝岛", Overdue: true},
	}
}

func TestComplaints_CSV(t *testing.T) {
	var b bytes.Buffer
	if err := Complaints(&b, CSV, complaintRows(), Options{Lang: "zh", Location: cst}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte(utf8BOM)) {
		t.Error("no byte order mark")
	}
	if !bytes.Contains(b.Bytes(), []byte("\r\n")) {
		t.Error("no CRLF")
	}
	recs := readCSV(t, b.Bytes()[len(utf8BOM):])
	if len(recs) != 3 {
		t.Fatalf("%d records", len(recs))
	}
	head := strings.Join(recs[0], "|")
	for _, h := range []string{"编号", "登记时间", "客户", "投诉原因", "严重程度", "状态", "处理人", "满意度"} {
		if !strings.Contains(head, h) {
			t.Errorf("header lacks %s: %s", h, head)
		}
	}
	col := func(name string) int {
		for i, h := range recs[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, recs[0])
		return -1
	}
	done, open := recs[1], recs[2]
	for name, want := range map[string]string{"编号": "02B", "登记时间": "2025-04-01 09:00", "客户": "杭州宝丽眼镜有限公司",
		"投诉原因": "交付/物流", "满意度": "4", "处理结果": "补发", "逾期": ""} {
		if got := done[col(name)]; got != want {
			t.Errorf("done %s = %q, want %q", name, got, want)
		}
	}
	if got := done[col("响应(小时)")]; got != "3.00" {
		t.Errorf("response %q", got)
	}
	if got := done[col("处理(小时)")]; got != "48.50" {
		t.Errorf("handling %q", got)
	}
	if got := open[col("投诉内容")]; got != "'=1+1 镜片划痕" {
		t.Errorf("formula not guarded: %q", got)
	}
	if got := open[col("客户")]; got != "'@宝岛" {
		t.Errorf("name not guarded: %q", got)
	}
	if got := open[col("逾期")]; got != "是" {
		t.Errorf("overdue %q", got)
	}
}

func TestComplaints_XLSX(t *testing.T) {
	var b bytes.Buffer
	if err := Complaints(&b, XLSX, complaintRows(), Options{Lang: "zh", Location: cst}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if sheet != "投诉" {
		t.Errorf("sheet %q", sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	style, _ := f.GetCellStyle(sheet, "A1")
	st, _ := f.GetStyle(style)
	if st == nil || st.Font == nil || !st.Font.Bold {
		t.Error("header not bold")
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v", panes)
	}
	if v, _ := f.GetCellValue(sheet, "K3"); v != "=1+1 镜片划痕" {
		t.Errorf("text cell %q", v)
	}
	if fm, _ := f.GetCellFormula(sheet, "K3"); fm != "" {
		t.Errorf("text became a formula: %q", fm)
	}
}

func TestComplaints_JSONLStable(t *testing.T) {
	var a, b bytes.Buffer
	rows := complaintRows()
	if err := Complaints(&a, JSONL, rows, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Complaints(&b, JSONL, []*complaints.Row{rows[1], rows[0]}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two exports of the same complaints differ")
	}
	lines := strings.Split(strings.TrimSuffix(a.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"id":"02A"`) {
		t.Fatalf("lines %q", lines)
	}
	for _, want := range []string{`"customer":"杭州宝丽眼镜有限公司"`, `"satisfaction":4`, `"opened_at":"2025-04-01T01:00:00Z"`, `"status":"closed"`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("line lacks %s: %s", want, lines[1])
		}
	}
}
