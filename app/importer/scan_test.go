package importer

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// scanAll collects a Scanner's rows into a Table like Read's.
func scanAll(t *testing.T, name string, b []byte, o Options) (*Table, error) {
	t.Helper()
	sc, err := scanBytes(name, b, o)
	if err != nil {
		return nil, err
	}
	if len(b) > 20000 && o.HeaderRow == 0 && !IsXLSX(name, b) && sc.all {
		t.Fatalf("%s: a long CSV was not streamed", name)
	}
	tab := *sc.Table()
	tab.Rows = nil
	for range 2 { // twice: Each can be called again
		var rows []Row
		if err := sc.Each(func(r Row) error { rows = append(rows, r); return nil }); err != nil {
			return nil, err
		}
		if n := sc.Len(); n < len(rows) || n > len(rows) && !strings.Contains(string(b), "\"") && !sc.all {
			t.Fatalf("%s: Len %d for %d rows", name, n, len(rows))
		}
		if tab.Rows != nil && !reflect.DeepEqual(rows, tab.Rows) {
			t.Fatalf("%s: second Each differs", name)
		}
		tab.Rows = rows
	}
	return &tab, nil
}

func sameAsRead(t *testing.T, name string, b []byte, o Options) {
	t.Helper()
	want, werr := ReadBytes(name, b, o)
	got, gerr := scanAll(t, name, b, o)
	if fmt.Sprint(werr) != fmt.Sprint(gerr) {
		t.Fatalf("%s %+v: error %v, Read %v", name, o, gerr, werr)
	}
	if werr != nil {
		return
	}
	if len(want.Rows) == 0 {
		want.Rows = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %+v: scanner\n%+v\nRead\n%+v", name, o, got, want)
	}
}

func TestScannerMatchesRead(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []Options{{}, {HeaderRow: 1}, {HeaderRow: 3}, {Delimiter: ";"}, {HeaderRow: -1}} {
			sameAsRead(t, f, b, o)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 60 {
		var sb strings.Builder
		sb.WriteString("说明：本表由系统导出\n\n")
		sb.WriteString("日期,客户名称,产品,数量,金额\n")
		n := []int{5, 100, 250, 400, 1000}[trial%5]
		for i := range n {
			switch r.IntN(12) {
			case 0:
				sb.WriteString("\n")
			case 1:
				fmt.Fprintf(&sb, "2024-01-%02d,\"多行\n客户%d\",镜片,1,\"1,000.00\"\n", 1+i%28, i)
			case 2:
				fmt.Fprintf(&sb, "2024-01-%02d,客户%d,镜片,1,5,多余,,\n", 1+i%28, i)
			case 3:
				fmt.Fprintf(&sb, "2024-01-%02d,客户%d\n", 1+i%28, i)
			case 4:
				sb.WriteString(",,,,\n")
			default:
				fmt.Fprintf(&sb, "2024-01-%02d,客户%d,镜片,%d,%d.50\n", 1+i%28, i, i, i)
			}
		}
		if r.IntN(2) == 0 {
			sb.WriteString("\n\n")
		}
		text := sb.String()
		if r.IntN(3) == 0 {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		for _, o := range []Options{{}, {HeaderRow: 3}, {HeaderRow: 1}, {HeaderRow: 300}, {Encoding: "utf-8"}} {
			sameAsRead(t, "x.csv", []byte(text), o)
		}
	}
}
