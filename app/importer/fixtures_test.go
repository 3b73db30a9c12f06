package importer

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// update rewrites the committed fixtures in testdata/ from the generators
// below: go test ./app/importer/ -run TestFixturesUpToDate -update
var update = flag.Bool("update", false, "rewrite testdata fixtures")

const title = "2024年经销商名单"

// distHeader is the header as written: a stray-spaced cell and full-width
// brackets, which Read trims and NFKC-normalises.
var distHeader = []string{"客户名称", "联系人", " 电话 ", "省份", "城市", "地址", "年销售额（万元）", "备注"}

// wantHeader is distHeader as Table.Header holds it.
var wantHeader = []string{"客户名称", "联系人", "电话", "省份", "城市", "地址", "年销售额(万元)", "备注"}

// distRows are the six distributors (the case study's) and one blank row, in
// file order; nil is the blank row. Cells hold stray spaces, full-width
// characters, a comma and (last, so that line numbers agree between CSV and
// xlsx) an embedded newline.
var distRows = [][]string{
	{"宝岛眼镜公司", "王芳", "13800000001", "上海", "上海", "上海市黄浦区南京东路100号", "800", "重点客户"},
	{"  杨氏眼镜店 ", "李强", "0571-88880001", "浙江", "杭州", "杭州市西湖区文三路20号", "600", ""},
	{"杭州宝丽眼镜有限公司", "张伟\u3000", "１３９００００００３", "浙江", "杭州", "杭州市上城区解放路8号", "400", "360–450万"},
	nil,
	{"重明眼镜公司", "赵敏", "025-86660004", "江苏", "南京", "南京市鼓楼区中山路5号", "250", "宝岛眼镜公司引荐"},
	{"天明眼镜公司（ＴＭ）", "陈静", "+86 138 0000 0005", "江苏", "苏州", "苏州市姑苏区人民路18号", "150", ""},
	{"明而达眼镜店", "刘洋", "13800000006", "上海", "上海", "上海市徐汇区漕溪北路1号,\n二楼201室", "100", "老客户, 需回访"},
}

// wantLines are the 1-based lines (rows) of distRows: title 1, header 2.
var wantLines = []int{3, 4, 5, 6, 7, 8, 9}

// wantCells is distRows as Row.Cells: the blank row as empty cells.
func wantCells() [][]string {
	out := make([][]string, len(distRows))
	for i, r := range distRows {
		if r == nil {
			r = make([]string, len(distHeader))
		}
		out[i] = r
	}
	return out
}

// csvBytes writes records with encoding/csv. pad fills the title and blank
// rows with empty cells as Excel does; crlf ends lines with CRLF.
func csvBytes(t testing.TB, delim rune, pad, crlf bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = delim
	w.UseCRLF = crlf
	titleRow := []string{title}
	if pad {
		titleRow = append(titleRow, make([]string, len(distHeader)-1)...)
	}
	recs := [][]string{titleRow, distHeader}
	for _, r := range distRows {
		if r == nil && pad {
			r = make([]string, len(distHeader))
		}
		recs = append(recs, r)
	}
	for _, r := range recs {
		if r == nil {
			// encoding/csv cannot write an empty line: do it by hand.
			w.Flush()
			if crlf {
				buf.WriteString("\r\n")
			} else {
				buf.WriteString("\n")
			}
			continue
		}
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixtureGB18030 is what Excel/WPS on Chinese Windows write: GB18030 (GBK),
// CRLF, padded rows, no BOM.
func fixtureGB18030(t testing.TB) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csvBytes(t, ',', true, true))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtureUTF8BOM is "CSV UTF-8" with BOM, LF endings, unpadded title, an
// empty line as the blank row.
func fixtureUTF8BOM(t testing.TB) []byte {
	return append([]byte{0xEF, 0xBB, 0xBF}, csvBytes(t, ',', false, false)...)
}

// fixtureUTF8 is the same without BOM (the LibreOffice source).
func fixtureUTF8(t testing.TB) []byte { return csvBytes(t, ',', false, false) }

// fixtureUTF16 is Excel's "Unicode text": UTF-16LE with BOM, tab-separated, CRLF.
func fixtureUTF16(t testing.TB) []byte {
	s := string(csvBytes(t, '\t', true, true))
	u := utf16.Encode([]rune(s))
	b := []byte{0xFF, 0xFE}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

// fixtureXLSX writes the list with excelize: title in A1, header in row 2,
// amounts as numbers, the blank row left out (row 6), two more sheets.
func fixtureXLSX(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "经销商"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue(sheet, "A1", title))
	row := make([]any, len(distHeader))
	for i, h := range distHeader {
		row[i] = h
	}
	must(f.SetSheetRow(sheet, "A2", &row))
	for i, r := range distRows {
		if r == nil {
			continue
		}
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
			if j == 6 {
				n, err := strconv.Atoi(c)
				must(err)
				vals[j] = n
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, wantLines[i])
		must(f.SetSheetRow(sheet, cell, &vals))
	}
	must(f.SetCellValue("说明", "A1", "本表由经销商提供"))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixtureEnglish is a plain English-header UTF-8 CSV with semicolons.
func fixtureEnglish() []byte {
	return []byte("Company;Contact;Phone;E-mail;City;Revenue;Remark\n" +
		"Acme Optics Ltd;Jane Doe;+1 555 0100;jane@acme.example;Boston;1200.50;key account\n" +
		"\"Smith; Sons\";John Smith;555-0101;john@smith.example;Denver;300;\n" +
		"Lens World;;555-0102;;Austin;80;new\n")
}

// fixtures are the committed files in testdata/ and their generators.
var fixtures = []struct {
	file string
	gen  func(testing.TB) []byte
}{
	{"distributors-gb18030.csv", fixtureGB18030},
	{"distributors-utf8bom.csv", fixtureUTF8BOM},
	{"distributors-utf8.csv", fixtureUTF8},
	{"distributors-utf16.txt", fixtureUTF16},
	{"customers-en-semicolon.csv", func(testing.TB) []byte { return fixtureEnglish() }},
}

// TestFixturesUpToDate keeps testdata/ in step with the generators (-update
// rewrites it). The .xlsx fixture is written too but not compared byte for
// byte (zip timestamps).
func TestFixturesUpToDate(t *testing.T) {
	for _, fx := range fixtures {
		path := filepath.Join("testdata", fx.file)
		want := fx.gen(t)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its generator; run go test -run TestFixturesUpToDate -update", path)
		}
	}
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "distributors.xlsx"), fixtureXLSX(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
