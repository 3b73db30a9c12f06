package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// eachRecordCSV is eachRecord through encoding/csv, as it was written
// first: FuzzEachRecord holds eachRecord to it. Empty lines, which encoding/csv
// skips, come as records with nil cells, so that every line below the
// header is accounted for; empty lines after the last record are dropped.
func eachRecordCSV(text string, delim string, fn func(record) error) error {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiterRune(delim)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = false

	nextLine := 1 // the line at prevOff
	prevOff := int64(0)
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &csvLineError{line: pe.StartLine, err: pe.Err}
			}
			return err
		}
		start, _ := r.FieldPos(0)
		for l := nextLine; l < start; l++ {
			if err := fn(record{line: l, end: l}); err != nil {
				return err
			}
		}
		off := r.InputOffset()
		if off > int64(len(text)) {
			off = int64(len(text))
		}
		nextLine += strings.Count(text[prevOff:off], "\n")
		prevOff = off
		end := nextLine - 1
		if off == int64(len(text)) && !strings.HasSuffix(text, "\n") {
			end = nextLine // the last line has no newline
		}
		if err := fn(record{line: start, end: max(start, end), cells: cells}); err != nil {
			return err
		}
	}
}

// FuzzEachRecord: eachRecord reads any text, with any delimiter, into the
// records and lines encoding/csv gives.
func FuzzEachRecord(f *testing.F) {
	for i, b := range seedFiles(f) {
		f.Add(string(b), uint8(i))
	}
	for i, s := range []string{
		"a,b\r\nc", "\"a\"\"b\",c\n", "\"a\"b,c\nd\n", "\"a\nb\"\n\nc", "\"abc", "\"abc\r", "x\r", "\r", "\n\n\r\n",
		"a;\"b;c\";d\n", "\t\"\"\t\n", "\"a\",\n", "\"\"\"\n", "a\"b,\"c\"\"\n\"\r\n", "\"a\r\nb\"\r\n", "é,\xff\"\x00\n",
	} {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, text string, d uint8) {
		delim := []string{",", ";", "tab"}[int(d)%3]
		var got, want []record
		if err := eachRecord(text, delim, func(r record) error { got = append(got, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := eachRecordCSV(text, delim, func(r record) error { want = append(want, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q (%s):\n got %+v\nwant %+v", text, delim, got, want)
		}
	})
}

// BenchmarkEachRecord reads 100,000 rows of a sales list, a third with
// a quoted amount.
func BenchmarkEachRecord(b *testing.B) {
	var sb strings.Builder
	for i := range 100_000 {
		amount := fmt.Sprintf("%d.%02d", i*37%50000, i%100)
		if i%3 == 0 {
			amount = fmt.Sprintf("\"%d,%03d.%02d\"", i%90+1, i*37%1000, i%100)
		}
		fmt.Fprintf(&sb, "2024-%02d-%02d,亮睛第%d店,护理液,%d,%s\n", i%12+1, i%28+1, i%10000, i%20+1, amount)
	}
	text := sb.String()
	for _, c := range []struct {
		name string
		fn   func(string, string, func(record) error) error
	}{{"scan", eachRecord}, {"encoding-csv", eachRecordCSV}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if err := c.fn(text, ",", func(record) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
