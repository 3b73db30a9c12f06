package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// checkXLSX looks at every part of a workbook before excelize reads it,
// because excelize stops quietly where a sheet's XML breaks: the parts must
// unpack to at most MaxUnzipped bytes together (the sizes the zip declares,
// which archive/zip holds each part to), and every XML part must be
// well-formed to its end, declare no DOCTYPE or ENTITY, and hold no text or
// tag over MaxXMLRun bytes — so that neither this pass nor excelize ever
// holds a giant token. It reads each part once, streaming; a file that is
// not a zip is left to excelize to refuse.
func checkXLSX(name string, b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzipped || f.UncompressedSize64 > MaxUnzipped {
			return fileErr(name, "", ErrLimit, "The workbook unpacks to more than {{.Max}} MB: split it, or save it as CSV.", "Max", MaxUnzipped>>20)
		}
	}
	for _, f := range zr.File {
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".xml", ".rels", ".vml":
		default:
			continue
		}
		if err := checkXMLPart(name, f); err != nil {
			return err
		}
	}
	return nil
}

var errRun = errors.New("run too long")

// maxXMLDepth is the deepest nesting of elements a part may have: a
// sheet's cells are 5 deep, a chart's parts some 20.
const maxXMLDepth = 200

func checkXMLPart(name string, f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return fileErr(name, "part "+f.Name, ErrBroken, "This part of the workbook cannot be unpacked ({{.Err}}): the file is damaged. Save it again in Excel or WPS.", "Err", err)
	}
	defer rc.Close()
	lr := &runLimiter{r: rc}
	d := xml.NewDecoder(bufio.NewReaderSize(lr, 32<<10))
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		line, _ := d.InputPos()
		where := fmt.Sprintf("part %s line %d", f.Name, line)
		switch {
		case errors.Is(err, errRun):
			return fileErr(name, where, ErrLimit, "A text or tag of more than {{.Max}} MB: this is no workbook Excel or WPS writes; save it again, or as CSV.", "Max", MaxXMLRun>>20)
		case err != nil:
			return fileErr(name, where, ErrBroken, "The workbook is damaged ({{.Err}}): it was cut off or broken. Save it again in Excel or WPS.", "Err", shortErr(err))
		}
		switch tok.(type) {
		case xml.Directive:
			return fileErr(name, where, ErrBroken, "The workbook declares a DOCTYPE or ENTITY, which Excel and WPS never write: Kehu does not read it. Save it again in Excel or WPS.")
		case xml.StartElement:
			// The decoder keeps a stack of open elements.
			if depth++; depth > maxXMLDepth {
				return fileErr(name, where, ErrLimit, "Elements nested more than {{.Max}} deep: this is no workbook Excel or WPS writes; save it again, or as CSV.", "Max", maxXMLDepth)
			}
		case xml.EndElement:
			depth--
		}
	}
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// runLimiter passes bytes through, failing once a stretch without '<' or
// '>' — one text or one tag — reaches MaxXMLRun bytes.
type runLimiter struct {
	r   io.Reader
	run int
}

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	q := p[:n]
	for len(q) > 0 {
		i := bytes.IndexAny(q, "<>")
		if i < 0 {
			l.run += len(q)
			break
		}
		l.run += i
		if l.run > MaxXMLRun {
			return 0, errRun
		}
		l.run = 0
		q = q[i+1:]
	}
	if l.run > MaxXMLRun {
		return 0, errRun
	}
	return n, err
}
