package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// cst is China Standard Time, so local times do not depend on the machine.
var cst = time.FixedZone("CST", 8*3600)

// sample is a small archive: Chinese text, an enumeration of each kind,
// contacts, money, a multi-line note and values a spreadsheet would run.
func sample() []*model.Customer {
	at := time.Date(2024, 3, 5, 1, 30, 0, 0, time.UTC) // 09:30 in Beijing
	return []*model.Customer{
		{ID: "01B", Name: "杭州宝丽眼镜有限公司", ShortName: "宝丽", Type: "chain", Tier: "A", Stage: "stable",
			Loyalty: "repeat", Province: "浙江", City: "杭州市", Phone: "+8613800000000", Email: "li@baoli.cn",
			Source: "exhibition", Owner: "王伟", Tags: []string{"重点客户", "连锁"}, Notes: "第一行\n第二行, 含逗号 \"引号\"",
			Revenue: 405000000, Currency: "CNY",
			Contacts: []model.Contact{{Name: "唐芳", Role: "decision_maker", Phone: "13900000000"}, {Name: "高超"}, {Name: "罗超", Phone: "0571-1234"}},
			Created:  at, Updated: at.Add(26 * time.Hour)},
		{ID: "01A", Name: "=HYPERLINK(\"http://evil\",\"x\")", Address: "-5", Industry: "@SUM(A1)",
			Notes: "\tindented", TaxID: "913301000000000000", Revenue: -500, Currency: "CNY",
			Created: at, Updated: at},
		{ID: "01C", Name: "Plain Optics", Created: at, Updated: at},
	}
}

func export(t *testing.T, f Format, cs []*model.Customer, o Options) []byte {
	t.Helper()
	if o.Location == nil {
		o.Location = cst
	}
	var b bytes.Buffer
	if err := Customers(&b, f, cs, o); err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return b.Bytes()
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v", err)
	}
	return recs
}

// field finds a column by header.
func field(t *testing.T, recs [][]string, row int, header string) string {
	t.Helper()
	i := slices.Index(recs[0], header)
	if i < 0 {
		t.Fatalf("no column %q in %q", header, recs[0])
	}
	return recs[row][i]
}

func TestCSVUTF8BOM(t *testing.T) {
	b := export(t, CSV, sample(), Options{Lang: "zh"})
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 BOM: % x", b[:8])
	}
	body := b[3:]
	if !bytes.HasSuffix(body, []byte("\r\n")) || bytes.Count(body, []byte("\r\n")) < 4 {
		t.Errorf("want CRLF line ends")
	}
	recs := readCSV(t, body)
	if len(recs) != 4 {
		t.Fatalf("%d records, want header + 3", len(recs))
	}
	wantHead := []string{"编号", "客户名称", "简称", "客户类型", "客户等级", "生命周期"}
	if !slices.Equal(recs[0][:len(wantHead)], wantHead) {
		t.Errorf("header %q", recs[0])
	}
	if n := len(recs[0]); n != 1+len(model.CustomerFields)+1+3 {
		t.Errorf("%d columns: id, %d fields, currency, contacts, created, updated", n, len(model.CustomerFields))
	}
	for _, tc := range []struct{ head, want string }{
		{"编号", "01B"},
		{"客户名称", "杭州宝丽眼镜有限公司"},
		{"客户等级", "A 伙伴型客户"},
		{"生命周期", "稳定期"},
		{"客户类型", "连锁店"},
		{"电话", "'+8613800000000"},
		{"年销售额", "4050000.00"},
		{"币种", "CNY"},
		{"标签", "重点客户, 连锁"},
		{"备注", "第一行\n第二行, 含逗号 \"引号\""},
		{"联系人", "唐芳 (决策者, 13900000000); 高超; 罗超 (0571-1234)"},
		{"创建时间", "2024-03-05 09:30"},
		{"更新时间", "2024-03-06 11:30"},
	} {
		if got := field(t, recs, 1, tc.head); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.head, got, tc.want)
		}
	}
	// Kehu's own amounts are never marked: a negative one stays a number.
	if got := field(t, recs, 2, "年销售额"); got != "-5.00" {
		t.Errorf("negative revenue = %q", got)
	}
	if got := field(t, recs, 3, "年销售额"); got != "" {
		t.Errorf("no revenue = %q, want empty", got)
	}
	// Rows keep the caller's order.
	if recs[1][0] != "01B" || recs[2][0] != "01A" || recs[3][0] != "01C" {
		t.Errorf("order %s %s %s", recs[1][0], recs[2][0], recs[3][0])
	}
}

func TestCSVEnglish(t *testing.T) {
	recs := readCSV(t, export(t, CSV, sample(), Options{Lang: "en"})[3:])
	if want := []string{"ID", "Name", "Short name", "Type", "Tier", "Stage"}; !slices.Equal(recs[0][:len(want)], want) {
		t.Errorf("header %q", recs[0])
	}
	if got := field(t, recs, 1, "Tier"); got != "A Partner" {
		t.Errorf("tier %q", got)
	}
	if got := field(t, recs, 1, "Contacts"); got != "唐芳 (Decision maker, 13900000000); 高超; 罗超 (0571-1234)" {
		t.Errorf("contacts %q", got)
	}
	if got := field(t, recs, 1, "Currency"); got != "CNY" {
		t.Errorf("currency %q", got)
	}
}

func TestCSVGB18030(t *testing.T) {
	utf := export(t, CSV, sample(), Options{Lang: "zh"})
	gb := export(t, CSV, sample(), Options{Lang: "zh", Encoding: "gb18030"})
	if bytes.HasPrefix(gb, []byte{0xEF, 0xBB, 0xBF}) {
		t.Error("GB18030 file starts with a UTF-8 BOM")
	}
	if utf8.Valid(gb) {
		t.Error("GB18030 file is valid UTF-8: not encoded?")
	}
	if !bytes.Contains(gb, []byte{0xBF, 0xCD, 0xBB, 0xA7}) { // 客户 in GBK
		t.Error("客户 is not in GBK form")
	}
	back, err := io.ReadAll(simplifiedchinese.GB18030.NewDecoder().Reader(bytes.NewReader(gb)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, utf[3:]) {
		t.Errorf("GB18030 decodes to something else than the UTF-8 export")
	}
	if recs := readCSV(t, back); field(t, recs, 1, "客户名称") != "杭州宝丽眼镜有限公司" {
		t.Errorf("name %q", field(t, recs, 1, "客户名称"))
	}
	// "gbk" is understood as GB18030, GBK's superset.
	if alias := export(t, CSV, sample(), Options{Lang: "zh", Encoding: "GBK"}); !bytes.Equal(alias, gb) {
		t.Error("gbk differs from gb18030")
	}
}

func TestFormulaInjectionCSV(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+8613800000000", "'+8613800000000"},
		{"-5", "'-5"},
		{"@x", "'@x"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"plain text", "plain text"},
		{"杭州宝丽", "杭州宝丽"},
		{"13800000000", "13800000000"},
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
		{"", ""},
	} {
		if got := inert(tc.in); got != tc.want {
			t.Errorf("inert(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// And end to end: the CSV cell reads back as inert gives.
		c := &model.Customer{ID: "01", Name: "n", Address: tc.in}
		recs := readCSV(t, export(t, CSV, []*model.Customer{c}, Options{Lang: "en"})[3:])
		want := tc.want
		if tc.in == "\rx" {
			want = "'x" // encoding/csv with CRLF line ends drops a lone CR
		}
		if got := field(t, recs, 1, "Address"); got != want {
			t.Errorf("CSV cell %q = %q, want %q", tc.in, got, want)
		}
	}
}

func TestXLSX(t *testing.T) {
	b := export(t, XLSX, sample(), Options{Lang: "zh"})
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"客户"}) {
		t.Fatalf("sheets %q", got)
	}
	const sh = "客户"
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "编号" || rows[0][1] != "客户名称" {
		t.Fatalf("rows %q", rows)
	}
	col := func(header string) string {
		i := slices.Index(rows[0], header)
		if i < 0 {
			t.Fatalf("no column %q", header)
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		return name
	}
	// Bold header, frozen under the first row.
	for _, ref := range []string{"A1", col("更新时间") + "1"} {
		id, err := f.GetCellStyle(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s is not bold: %v %+v", ref, err, st)
		}
	}
	if id, _ := f.GetCellStyle(sh, "A2"); id != 0 {
		if st, _ := f.GetStyle(id); st.Font != nil && st.Font.Bold {
			t.Error("A2 is bold")
		}
	}
	p, err := f.GetPanes(sh)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", p, err)
	}
	get := func(ref string, raw bool) string {
		t.Helper()
		var opts []excelize.Options
		if raw {
			opts = append(opts, excelize.Options{RawCellValue: true})
		}
		v, err := f.GetCellValue(sh, ref, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		ref, want string
		raw       bool
	}{
		{col("客户名称") + "2", "杭州宝丽眼镜有限公司", false},
		{col("客户等级") + "2", "A 伙伴型客户", false},
		{col("电话") + "2", "+8613800000000", false}, // kept exactly, no apostrophe
		{col("备注") + "2", "第一行\n第二行, 含逗号 \"引号\"", false},
		{col("联系人") + "2", "唐芳 (决策者, 13900000000); 高超; 罗超 (0571-1234)", false},
		{col("年销售额") + "2", "4,050,000.00", false},
		{col("年销售额") + "2", "4050000", true},
		{col("年销售额") + "3", "-5.00", false},
		{col("年销售额") + "4", "", false},
		{col("币种") + "2", "CNY", false},
		{col("创建时间") + "2", "2024-03-05 09:30", false},
		{col("更新时间") + "2", "2024-03-06 11:30", false},
		{col("客户名称") + "3", "=HYPERLINK(\"http://evil\",\"x\")", false},
		{col("统一社会信用代码") + "3", "913301000000000000", false},
	} {
		if got := get(tc.ref, tc.raw); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.ref, got, tc.want)
		}
	}
	// Money is a number; text is text, never a formula.
	if typ, _ := f.GetCellType(sh, col("年销售额")+"2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("revenue cell type %v", typ)
	}
	for _, ref := range []string{col("客户名称") + "3", col("电话") + "2", col("地址") + "3"} {
		if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
			t.Errorf("%s has formula %q", ref, fm)
		}
		typ, _ := f.GetCellType(sh, ref)
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s type %v, want a string", ref, typ)
		}
		// Risky text has the Text format, so editing it keeps it text.
		id, _ := f.GetCellStyle(sh, ref)
		if st, _ := f.GetStyle(id); st == nil || st.NumFmt != numFmtText {
			t.Errorf("%s style %+v, want NumFmt %d", ref, st, numFmtText)
		}
	}
	if id, _ := f.GetCellStyle(sh, col("年销售额")+"2"); true {
		if st, _ := f.GetStyle(id); st == nil || st.NumFmt != numFmtMoney {
			t.Errorf("revenue style %+v", st)
		}
	}
	// Widths follow content, Chinese counting double, within bounds.
	w := func(header string) float64 {
		v, err := f.GetColWidth(sh, col(header))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if n := w("客户名称"); n < 22 || n > maxWidth { // 10 Chinese characters = 20
		t.Errorf("name width %v", n)
	}
	if n := w("币种"); n != minWidth {
		t.Errorf("currency width %v, want %d", n, minWidth)
	}
	if n := w("联系人"); n != maxWidth {
		t.Errorf("contacts width %v, want the cap %d", n, maxWidth)
	}
	// English workbooks name the sheet in English.
	f2, err := excelize.OpenReader(bytes.NewReader(export(t, XLSX, sample(), Options{Lang: "en"})))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if got := f2.GetSheetList(); !slices.Equal(got, []string{"Customers"}) {
		t.Errorf("en sheets %q", got)
	}
}

func TestJSONL(t *testing.T) {
	cs := sample()
	a := export(t, JSONL, cs, Options{})
	rev := slices.Clone(cs)
	slices.Reverse(rev)
	b := export(t, JSONL, rev, Options{Lang: "zh", Location: time.UTC})
	if !bytes.Equal(a, b) {
		t.Fatalf("two exports differ:\n%s\n%s", a, b)
	}
	lines := strings.Split(strings.TrimSuffix(string(a), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	var ids []string
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		ids = append(ids, m["id"].(string))
		if _, ok := m["revenue"].(string); !ok {
			t.Errorf("revenue %#v is not a string", m["revenue"])
		}
		if _, err := time.Parse(time.RFC3339, m["created"].(string)); err != nil {
			t.Errorf("created: %v", err)
		}
	}
	if !slices.Equal(ids, []string{"01A", "01B", "01C"}) {
		t.Errorf("ids %v, want sorted", ids)
	}
	var c struct {
		model.Customer
		Revenue string `json:"revenue"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &c); err != nil {
		t.Fatal(err)
	}
	if c.Revenue != "4050000.00" || c.Tier != "A" || c.Stage != "stable" || c.Type != "chain" ||
		c.Phone != "+8613800000000" || len(c.Contacts) != 3 || c.Contacts[0].Role != "decision_maker" ||
		!c.Updated.Equal(cs[0].Updated) || c.Notes != cs[0].Notes {
		t.Errorf("record %+v", c)
	}
	// Never altered for spreadsheets.
	if !strings.Contains(lines[0], `"name":"=HYPERLINK(\"http://evil\",\"x\")"`) || !strings.Contains(lines[0], `"address":"-5"`) ||
		!strings.Contains(lines[0], `"revenue":"-5.00"`) || !strings.Contains(lines[2], `"revenue":"0.00"`) {
		t.Errorf("lines:\n%s", a)
	}
}

func TestEmpty(t *testing.T) {
	for _, f := range Formats {
		b := export(t, f, nil, Options{Lang: "en"})
		switch f {
		case JSONL:
			if len(b) != 0 {
				t.Errorf("jsonl of nothing = %q", b)
			}
		case CSV:
			if recs := readCSV(t, b[3:]); len(recs) != 1 {
				t.Errorf("csv of nothing: %q", recs)
			}
		case XLSX:
			if _, err := excelize.OpenReader(bytes.NewReader(b)); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestFormatFromPath(t *testing.T) {
	for _, tc := range []struct {
		path, flag string
		want       Format
		ok         bool
	}{
		{"a.csv", "", CSV, true},
		{"客户.XLSX", "", XLSX, true},
		{"dir.v2/a.jsonl", "", JSONL, true},
		{"a.json", "", JSONL, true},
		{"a.csv", "xlsx", XLSX, true}, // the flag wins
		{"a", "JSONL", JSONL, true},
		{"a.txt", "", "", false},
		{"a", "", "", false},
		{"a.csv", "pdf", "", false},
		{"a.csv", "json", "", false},
	} {
		got, err := FormatFromPath(tc.path, tc.flag)
		if got != tc.want || (err == nil) != tc.ok || err != nil && !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("FormatFromPath(%q, %q) = %q, %v", tc.path, tc.flag, got, err)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	var b bytes.Buffer
	if err := Customers(&b, CSV, sample(), Options{Encoding: "latin1"}); !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("latin1: %v", err)
	}
	if err := Customers(&b, XLSX, sample(), Options{Encoding: "gb18030"}); err == nil {
		t.Error("xlsx in gb18030: no error")
	}
	if err := Customers(&b, "pdf", sample(), Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("pdf: %v", err)
	}
}
