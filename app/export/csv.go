package export

import (
	"bufio"
	"encoding/csv"
	"io"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// utf8BOM tells Excel and WPS the file is UTF-8.
const utf8BOM = "\xEF\xBB\xBF"

// writeCSV writes t as RFC 4180 CSV with CRLF line ends in the encoding.
func writeCSV(w io.Writer, enc string, t *table) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var out io.Writer = bw
	var tw *transform.Writer
	if enc == GB18030 {
		// GB18030 encodes every Unicode character, so nothing is lost.
		tw = transform.NewWriter(bw, simplifiedchinese.GB18030.NewEncoder())
		out = tw
	} else if _, err := bw.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	cw.UseCRLF = true
	if err := cw.Write(t.head); err != nil {
		return err
	}
	rec := make([]string, len(t.head))
	for _, row := range t.rows {
		for i, c := range row {
			if c.kind == text {
				rec[i] = inert(c.s)
			} else {
				rec[i] = c.s
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if tw != nil {
		if err := tw.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
