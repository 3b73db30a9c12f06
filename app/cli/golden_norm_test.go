package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"time"
)

// What a golden output may differ in from run to run without the program
// behaving differently, and how it is masked:
//   - ids: ULIDs carry the wall-clock time and randomness; each becomes
//     ID000…N (26 characters, as a ULID), N its order of first appearance in
//     the output;
//   - stamps the store takes from the wall clock (a record's updated time):
//     a date or time within two days of the real now has its digits as #;
//   - XLSX: the zip is read entry by entry (names sorted), its docProps dates
//     masked;
//   - PDF: written uncompressed with fixed metadata dates by the test
//     (goldenPDFDates); the meeting report's "printed" date and time
//     (time.Now(), UTF-16 in the page) is masked with the same length.

var (
	ulidRe      = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{26}\b`)
	stampRe     = regexp.MustCompile(`\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?)?`)
	docPropsRe  = regexp.MustCompile(`(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)`)
	utf16StampR = regexp.MustCompile(`(?:\x00[0-9]){4}\x00-(?:\x00[0-9]){2}\x00-(?:\x00[0-9]){2}\x00 (?:\x00[0-9]){2}\x00:(?:\x00[0-9]){2}`)
	digitRe     = regexp.MustCompile(`\d`)
)

// normalise returns the bytes of an output that the golden record compares,
// by the output's extension.
func normalise(name string, b []byte) []byte {
	switch filepath.Ext(name) {
	case ".png":
		return b
	case ".pdf":
		return utf16StampR.ReplaceAllFunc(b, func(m []byte) []byte { return bytes.Repeat([]byte{0, 'X'}, len(m)/2) })
	case ".xlsx":
		return normaliseText(unzipped(b))
	}
	return normaliseText(b)
}

func normaliseText(b []byte) []byte {
	ids := map[string]string{}
	b = ulidRe.ReplaceAllFunc(b, func(m []byte) []byte {
		id, ok := ids[string(m)]
		if !ok {
			id = fmt.Sprintf("ID%024d", len(ids)+1) // as long as a ULID: tables keep their widths
			ids[string(m)] = id
		}
		return []byte(id)
	})
	now := time.Now()
	return stampRe.ReplaceAllFunc(b, func(m []byte) []byte {
		d, err := time.Parse(time.DateOnly, string(m[:10]))
		if err != nil || d.Sub(now).Abs() > 48*time.Hour {
			return m
		}
		return digitRe.ReplaceAll(m, []byte("#"))
	})
}

// unzipped lists a zip's entries, sorted by name, each as its name and its
// contents, docProps dates masked; a broken zip is shown as such.
func unzipped(b []byte) []byte {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return []byte("not a zip: " + err.Error())
	}
	files := append([]*zip.File(nil), z.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var out bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&out, "== %s\n", f.Name)
		r, err := f.Open()
		if err != nil {
			fmt.Fprintf(&out, "error: %v\n", err)
			continue
		}
		c, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			fmt.Fprintf(&out, "error: %v\n", err)
		}
		out.Write(docPropsRe.ReplaceAll(c, []byte("${1}<masked>${2}")))
		out.WriteString("\n")
	}
	return out.Bytes()
}
