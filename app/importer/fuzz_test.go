package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedFiles are the committed fixtures, the fuzzers' starting points.
func seedFiles(f *testing.F) [][]byte {
	f.Helper()
	names, _ := filepath.Glob("testdata/*.csv")
	txt, _ := filepath.Glob("testdata/*.txt")
	var out [][]byte
	for _, n := range append(names, txt...) {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	out = append(out,
		[]byte(""),
		[]byte("\"unterminated,quote\nx,y\n"),
		[]byte("a,\"b\"\"c\",d\r\n\r\n\x00,\xff\xfe\n"),
		[]byte("\xff\xfe\x00"),
		[]byte("\xfe\xff\x00a\x00,\x00b"),
		[]byte("2024年经销商名单\n\n\n客户名称;电话\n\"x\n\ny\";1\n"),
	)
	return out
}

var encodingChoices = []string{"", "auto", "utf-8", "gb18030", "utf-16", "utf-16le", "utf-16be"}
var delimiterChoices = []string{"", "auto", ",", ";", "tab"}

func FuzzDecode(f *testing.F) {
	for i, b := range seedFiles(f) {
		f.Add(b, uint8(i))
	}
	f.Fuzz(func(t *testing.T, b []byte, enc uint8) {
		e := encodingChoices[int(enc)%len(encodingChoices)]
		text, det, err := Decode(b, e)
		if err != nil {
			if e != "utf-8" && !errors.Is(err, ErrBroken) {
				t.Fatalf("Decode(%q) failed: %v", e, err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Errorf("Decode(%q) gave invalid UTF-8", e)
		}
		if strings.ContainsRune(text, '\r') {
			t.Errorf("Decode(%q) left a CR", e)
		}
		if strings.HasPrefix(text, "\uFEFF") {
			t.Errorf("Decode(%q) left a BOM", e)
		}
		switch det {
		case EncUTF8, EncUTF8BOM, EncGB18030, EncUTF16LE, EncUTF16BE:
		default:
			t.Errorf("Decode(%q) detected %q", e, det)
		}
	})
}

func FuzzDetectDelimiter(f *testing.F) {
	for _, b := range seedFiles(f) {
		text, _, _ := Decode(b, "")
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		switch d := DetectDelimiter(s); d {
		case ",", ";", "tab":
		default:
			t.Errorf("DetectDelimiter = %q", d)
		}
	})
}

// FuzzDetectHeader splits its input into records: lines by "\n", cells by
// ",", a line "-" stands for a skipped empty line (nil record).
func FuzzDetectHeader(f *testing.F) {
	for _, b := range seedFiles(f) {
		text, _, _ := Decode(b, "")
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var recs [][]string
		if s != "" {
			for _, line := range strings.Split(s, "\n") {
				if line == "-" {
					recs = append(recs, nil)
					continue
				}
				recs = append(recs, strings.Split(line, ","))
			}
		}
		h := DetectHeader(recs)
		if h < 0 || (len(recs) > 0 && h >= len(recs)) || (len(recs) == 0 && h != 0) {
			t.Fatalf("DetectHeader = %d for %d records", h, len(recs))
		}
		if len(recs) > 0 && nonEmpty(recs[h]) == 0 {
			for _, r := range recs {
				if nonEmpty(r) > 0 {
					t.Fatalf("DetectHeader chose blank record %d", h)
				}
			}
		}
	})
}

// FuzzReadBytes reads arbitrary bytes as CSV with any options and checks the
// table's invariants.
func FuzzReadBytes(f *testing.F) {
	for i, b := range seedFiles(f) {
		f.Add(b, uint8(0), uint8(0), int16(0))
		f.Add(b, uint8(i), uint8(i), int16(i%4))
	}
	f.Fuzz(func(t *testing.T, b []byte, enc, delim uint8, headerRow int16) {
		if IsXLSX("f.csv", b) {
			return // the CSV path only
		}
		o := Options{
			Encoding:  encodingChoices[int(enc)%len(encodingChoices)],
			Delimiter: delimiterChoices[int(delim)%len(delimiterChoices)],
			HeaderRow: int(headerRow),
		}
		tab, err := ReadBytes("f.csv", b, o)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "file f.csv: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if o.HeaderRow > 0 && tab.HeaderRow != o.HeaderRow {
			t.Fatalf("HeaderRow = %d, want %d", tab.HeaderRow, o.HeaderRow)
		}
		if tab.HeaderRow < 1 {
			t.Fatalf("HeaderRow = %d", tab.HeaderRow)
		}
		for _, h := range tab.Header {
			if h != trimCell(h) {
				t.Fatalf("header %q not trimmed", h)
			}
		}
		last := tab.HeaderRow
		for i, r := range tab.Rows {
			if r.Line <= last {
				t.Fatalf("row %d: line %d after line %d", i, r.Line, last)
			}
			last = r.Line
			if len(r.Cells) != len(tab.Header) {
				t.Fatalf("row %d: %d cells, header %d", i, len(r.Cells), len(tab.Header))
			}
			if len(r.Extra) > 0 && trimCell(r.Extra[len(r.Extra)-1]) == "" {
				t.Fatalf("row %d: trailing empty extra", i)
			}
		}
		m := GuessMapping(tab.Header, CustomerTargets)
		seen := map[string]bool{}
		for _, n := range m {
			if n != "" && seen[n] {
				t.Fatalf("target %s used twice: %q", n, m)
			}
			seen[n] = true
		}
	})
}
