package importer

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	if bom {
		s = "\uFEFF" + s
	}
	for _, c := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(c>>8), byte(c))
		} else {
			b = append(b, byte(c), byte(c>>8))
		}
	}
	return b
}

func gbk(s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const zh = "客户名称,电话\r\n宝岛眼镜,138\r\n"
	const want = "客户名称,电话\n宝岛眼镜,138\n"
	tests := []struct {
		name    string
		in      []byte
		enc     string
		want    string
		det     string
		wantErr error
	}{
		{"utf-8", []byte(zh), "", want, "utf-8", nil},
		{"utf-8 bom", append([]byte("\xEF\xBB\xBF"), zh...), "auto", want, "utf-8-bom", nil},
		{"utf-8 bom forced", append([]byte("\xEF\xBB\xBF"), zh...), "utf-8", want, "utf-8-bom", nil},
		{"gb18030 detected", gbk(zh), "", want, "gb18030", nil},
		{"gbk forced", gbk(zh), "GBK", want, "gb18030", nil},
		{"gb18030 4-byte sequence", gbk("€𠀀,x\n"), "", "€𠀀,x\n", "gb18030", nil},
		{"utf-16le bom", utf16Bytes(zh, false, true), "", want, "utf-16le", nil},
		{"utf-16be bom", utf16Bytes(zh, true, true), "", want, "utf-16be", nil},
		{"utf-16 forced, no bom: LE", utf16Bytes(zh, false, false), "utf-16", want, "utf-16le", nil},
		{"utf-16 forced, be bom", utf16Bytes(zh, true, true), "utf-16", want, "utf-16be", nil},
		{"utf-16le without bom detected", utf16Bytes(zh, false, false), "", want, "utf-16le", nil},
		{"utf-16be without bom detected", utf16Bytes(zh, true, false), "", want, "utf-16be", nil},
		{"utf-16 odd byte", append(utf16Bytes("a,b", false, true), 'x'), "", "", "", ErrBroken},
		{"old mac CR", []byte("a,b\rc,d\r"), "", "a,b\nc,d\n", "utf-8", nil},
		{"empty", nil, "", "", "utf-8", nil},
		{"forced utf-8 on gbk", gbk(zh), "utf-8", "", "", ErrNotUTF8},
		{"unknown", []byte("x"), "big5", "", "", ErrUnknownEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, det, err := Decode(tt.in, tt.enc)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || det != tt.det {
				t.Errorf("Decode = %q, %q; want %q, %q", got, det, tt.want, tt.det)
			}
		})
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"comma", "a,b,c\n1,2,3\n", ","},
		{"semicolon", "a;b;c\n1;2;3\n", ";"},
		{"tab", "a\tb\tc\n1\t2\t3\n", "tab"},
		{"tab with thousands separators", "name\tamount\tcity\nA\t1,200.50\tX\nB\t3,000\tY\nC\t12\tZ\n", "tab"},
		{"semicolon with commas in quotes", "name;addr;x\n\"A, Inc\";\"1, Road\";1\n\"B, Ltd\";\"2, Road, 3\";2\n", ";"},
		{"semicolon with decimal commas", "a;b;c\n1,5;2,25;3\n4;5,5;6\n", ";"},
		{"comma with semicolons inside quotes", "a,b,c\n\"x;y;z\",1,2\n\"p;q\",3,4\n", ","},
		{"title row, then commas", "2024年经销商名单\n客户名称,电话,城市\nA,1,X\nB,2,Y\n", ","},
		{"quoted newline does not end the line", "a,b\n\"x\n;;;;\",1\n", ","},
		{"single column", "name\nA\nB\n", ","},
		{"empty", "", ","},
		{"ragged tabs beat one stray comma", "a\tb\tc\nx, y\t1\t2\np\tq\n", "tab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectDelimiter(tt.in); got != tt.want {
				t.Errorf("DetectDelimiter(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDetectHeader(t *testing.T) {
	data := [][]string{
		{"宝岛眼镜公司", "王芳", "13800000001", "上海", "800"},
		{"杨氏眼镜店", "李强", "0571-88880001", "浙江", "600"},
	}
	tests := []struct {
		name string
		recs [][]string
		want int
	}{
		{"header first", append([][]string{{"客户名称", "联系人", "电话", "省份", "年销售额"}}, data...), 0},
		{"title row", append([][]string{{"2024年经销商名单", "", "", "", ""}, {"客户名称", "联系人", "电话", "省份", "年销售额"}}, data...), 1},
		{"two title rows and a blank", append([][]string{{"2024年经销商名单"}, {"制表：销售部", "", "单位：万元"}, nil, {"客户名称", "联系人", "电话", "省份", "年销售额"}}, data...), 3},
		{"header with an empty cell", append([][]string{{"title"}, {"客户名称", "联系人", "", "省份", "年销售额"}}, data...), 1},
		{"unknown headers: the first wide text row", append([][]string{{"Report"}, {"Firma", "Ansprechpartner", "Telefon", "Land", "Umsatz"}}, data...), 1},
		{"aliases win over an earlier text row", append([][]string{{"经销商", "华东区", "第一批", "重点", "备用"}, {"客户名称", "联系人", "电话", "省份", "年销售额"}}, data...), 1},
		{"numbers only: first row", [][]string{{"1", "2"}, {"3", "4"}}, 0},
		{"all blank", [][]string{nil, {"", " "}}, 0},
		{"nothing", nil, 0},
		{"single column", [][]string{{"Name"}, {"A"}, {"B"}}, 0},
		{"header only", [][]string{{"title"}, nil, {"客户名称", "电话"}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectHeader(tt.recs); got != tt.want {
				t.Errorf("DetectHeader = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestGuessMapping(t *testing.T) {
	tests := []struct {
		name    string
		header  []string
		targets []Target
		want    []string
	}{
		{"exact zh", []string{"公司名称", "手机号", "省", "市", "详细地址", "客户类型", "统一社会信用代码", "业务员", "客户等级"}, CustomerTargets,
			[]string{"name", "phone", "province", "city", "address", "type", "tax_id", "owner", "tier"}},
		{"exact en, odd spelling", []string{"COMPANY", "E-Mail", "Tax_ID", "sales rep", "short name", "Mobile"}, CustomerTargets,
			[]string{"name", "email", "tax_id", "owner", "short_name", "phone"}},
		{"units and full-width brackets", []string{"年销售额（万元）", "销售额(元)", "客户名称 *"}, CustomerTargets,
			[]string{"revenue_wan", "revenue", "name"}},
		{"revenue in 元 then 万元", []string{"年销售额(元)", "年销售额(万元)"}, CustomerTargets,
			[]string{"revenue", "revenue_wan"}},
		{"each target once", []string{"客户名称", "名称", "电话", "手机"}, CustomerTargets,
			[]string{"name", "", "phone", ""}},
		{"contains: head noun last", []string{"联系人手机", "客户所在省份", "所在市", "主营行业", "联系人"}, CustomerTargets,
			[]string{"phone", "province", "city", "industry", "contact"}},
		{"contains: no single-char match in the middle", []string{"市场部", "省心度"}, CustomerTargets,
			[]string{"", ""}},
		{"contains en words", []string{"Contact phone", "Customer type", "Hotel"}, CustomerTargets,
			[]string{"phone", "type", ""}},
		{"unknown kept unmapped", []string{"传真", "", "微信"}, CustomerTargets,
			[]string{"", "", ""}},
		{"sales", []string{"销售日期", "客户", "产品名称", "数量", "金额(元)", "币种", "备注"}, SalesTargets,
			[]string{"date", "customer", "product", "quantity", "amount", "currency", "note"}},
		{"sales en", []string{"Date", "Customer", "Product", "Qty", "Sales", "Currency"}, SalesTargets,
			[]string{"date", "customer", "product", "quantity", "amount", "currency"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := GuessMapping(tt.header, tt.targets)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.header) {
				t.Errorf("GuessMapping(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestParseAndApplyMap(t *testing.T) {
	header := wantHeader // 客户名称 联系人 电话 省份 城市 地址 年销售额(万元) 备注
	guessed := GuessMapping(header, CustomerTargets)
	tests := []struct {
		name    string
		spec    string
		want    []string
		wantErr error
		msg     string
	}{
		{"empty", "", wantDistMapping, nil, ""},
		{"by header text", "备注=tags, 联系人=owner", []string{"name", "owner", "phone", "province", "city", "address", "revenue_wan", "tags"}, nil, ""},
		{"by column number, full-width comma and =", "3＝notes，8=-", []string{"name", "contact", "notes", "province", "city", "address", "revenue_wan", ""}, nil, ""},
		{"target moves away from the guessed column", "地址=phone", []string{"name", "contact", "", "province", "city", "phone", "revenue_wan", "notes"}, nil, ""},
		{"normalised header, alias as target", " 年销售额（万元） =年销售额", []string{"name", "contact", "phone", "province", "city", "address", "revenue", "notes"}, nil, ""},
		{"no =", "电话", nil, ErrBadMap, `bad --map: "电话" has no "="; write SOURCE=field`},
		{"no source", "=name", nil, ErrBadMap, `has no column before "="`},
		{"no target", "电话=", nil, ErrBadMap, `has no field after "="`},
		{"mapped twice", "电话=phone,电话=email", nil, ErrBadMap, `column "电话" is mapped twice`},
		{"unknown target", "电话=phon", nil, ErrUnknownTarget, `--map 电话=phon: unknown field "phon"; valid fields: name, short_name, type,`},
		{"unknown column", "传真=phone", nil, ErrUnknownColumn, `--map: no such column "传真"; the columns are: 1 客户名称, 2 联系人, 3 电话`},
		{"column number out of range", "9=phone", nil, ErrUnknownColumn, `no such column "9"`},
		{"one target, two columns", "电话=phone,地址=phone", nil, ErrBadMap, "field phone is given to two columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMap(tt.spec)
			if err == nil {
				var got []string
				got, err = ApplyMap(header, guessed, m, CustomerTargets)
				if err == nil {
					if strings.Join(got, "|") != strings.Join(tt.want, "|") {
						t.Errorf("ApplyMap = %q, want %q", got, tt.want)
					}
				}
			}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.wantErr, tt.msg)
			}
		})
	}
	if g := guessed; strings.Join(g, "|") != strings.Join(wantDistMapping, "|") {
		t.Errorf("ApplyMap changed its input: %q", g)
	}
}
