//go:build linux || darwin

package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"
)

// maxHostileRSS is the most memory reading one hostile file may take, the
// whole process counted.
const maxHostileRSS = 200 << 20

// hostile is one crafted file: how to make it, and what reading it must
// end with (wantErr; nil: a correct table of rows rows).
type hostile struct {
	name    string
	make    func(t *testing.T, path string)
	wantErr error
	rows    int
}

func writeFile(b []byte) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// xlsxFile is a minimal workbook whose first sheet sheet writes.
func xlsxFile(sheet func(w io.Writer) error) func(*testing.T, string) {
	return xlsxWith(func(z *zip.Writer) error {
		w, err := z.Create("xl/worksheets/sheet1.xml")
		if err != nil {
			return err
		}
		return sheet(w)
	})
}

// xlsxHuge is a workbook whose sheet is head, fill repeated to about size
// bytes, and tail, compressed without compressing gigabytes: fill's 1 MB
// chunk is deflated once, in blocks that refer to nothing before them, and
// that block is repeated.
func xlsxHuge(head, fill string, size int, tail string) func(*testing.T, string) {
	return xlsxWith(func(z *zip.Writer) error {
		seg := func(s string) []byte {
			var b bytes.Buffer
			w, _ := flate.NewWriter(&b, flate.BestCompression)
			io.WriteString(w, s)
			w.Flush()
			return b.Bytes()
		}
		chunk := strings.Repeat(fill, (1<<20)/len(fill))
		n := size / len(chunk)
		h, c, tl := seg(head), seg(chunk), seg(tail)
		var end bytes.Buffer
		w, _ := flate.NewWriter(&end, flate.BestCompression)
		w.Close()
		crc := crc32.ChecksumIEEE([]byte(head))
		for range n {
			crc = crc32.Update(crc, crc32.IEEETable, []byte(chunk))
		}
		crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
		fw, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
			CompressedSize64:   uint64(len(h) + n*len(c) + len(tl) + end.Len()),
			UncompressedSize64: uint64(len(head) + n*len(chunk) + len(tail))})
		if err != nil {
			return err
		}
		fw.Write(h)
		for range n {
			fw.Write(c)
		}
		fw.Write(tl)
		_, err = fw.Write(end.Bytes())
		return err
	})
}

func xlsxWith(sheet func(z *zip.Writer) error) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		z := zip.NewWriter(f)
		parts := []struct{ name, text string }{
			{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
			{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
			{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
			{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		}
		for _, p := range parts {
			w, err := z.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, p.text)
		}
		if err := sheet(z); err != nil {
			t.Fatal(err)
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

func inline(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

func sheetText(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// header and a data row, the start of most sheets below.
var twoRows = `<row r="1">` + inline("A1", "客户名称") + inline("B1", "电话") + `</row><row r="2">` + inline("A2", "天明眼镜") + inline("B2", "13800000001") + `</row>`

// repeatW writes s n times.
func repeatW(w io.Writer, s string, n int) error {
	chunk := strings.Repeat(s, max(1, (1<<20)/len(s)))
	per := len(chunk) / len(s)
	for n > 0 {
		k := min(n, per)
		if _, err := io.WriteString(w, chunk[:k*len(s)]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

var hostiles = []hostile{
	{name: "fifo.csv", make: func(t *testing.T, p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("no FIFO here:", err)
		}
	}, wantErr: ErrLimit},
	{name: "zero.csv", make: func(t *testing.T, p string) {
		if err := os.Symlink("/dev/zero", p); err != nil {
			t.Fatal(err)
		}
	}, wantErr: ErrLimit},
	{name: "folder.csv", make: func(t *testing.T, p string) { os.Mkdir(p, 0o755) }, wantErr: ErrLimit},
	{name: "wide-row.csv", make: writeFile([]byte("客户名称\n天明眼镜,13800000001\n")), wantErr: ErrHeaderRow},
	{name: "odd-utf16.csv", make: writeFile(append(append([]byte{0xFF, 0xFE}, utf16LE("客户名称,电话\r\n天明眼镜,1\r\n")...), 'x')), wantErr: ErrBroken},
	{name: "nul.csv", make: writeFile([]byte("客户名称,电话\n天明\x00眼镜,1\n")), wantErr: ErrBroken},
	{name: "png.csv", make: writeFile(append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 1000)...)), wantErr: ErrBroken},
	{name: "unclosed-quote.csv", make: writeFile([]byte("客户名称,备注\n天明,\"开始\n宝岛,b\n")), wantErr: ErrBroken},
	{name: "commas.csv", make: writeFile([]byte("客户名称,电话\n" + strings.Repeat(",", 10<<20) + "\n")), wantErr: ErrLimit},
	{name: "newlines.csv", make: writeFile([]byte("客户名称,电话\n天明,1\n" + strings.Repeat("\n", 3_000_000) + "宝岛,2\n")), wantErr: ErrLimit},
	{name: "trailing-newlines.csv", make: writeFile([]byte("客户名称,电话\n天明,1\n" + strings.Repeat("\n", 3_000_000))), rows: 1},
	{name: "ok.csv", make: writeFile([]byte("客户名称,电话\n天明眼镜,13800000001\n宝岛眼镜,13800000002\n")), rows: 2},
	{name: "xfd.xlsx", make: xlsxFile(func(w io.Writer) error {
		io.WriteString(w, sheetHead+twoRows)
		for r := 3; r < 300; r++ {
			fmt.Fprintf(w, `<row r="%d">%s</row>`, r, inline(fmt.Sprintf("XFD%d", r), "x"))
		}
		_, err := io.WriteString(w, sheetTail)
		return err
	}), wantErr: ErrLimit},
	{name: "whitespace-3g.xlsx", make: xlsxHuge(sheetHead+twoRows, " ", 3<<30, sheetTail), wantErr: ErrLimit},
	{name: "whitespace-900m.xlsx", make: xlsxHuge(sheetHead+twoRows, " ", 900<<20, sheetTail), wantErr: ErrLimit},
	{name: "spaced-rows-20m.xlsx", make: xlsxHuge(sheetHead+twoRows, "<row/>"+strings.Repeat(" ", 1000), 20<<20, sheetTail), rows: 1},
	{name: "cell-1g.xlsx", make: xlsxHuge(sheetHead+twoRows+`<row r="3"><c r="A3" t="inlineStr"><is><t>`, "长", 1_000_000_000, `</t></is></c></row>`+sheetTail), wantErr: ErrLimit},
	{name: "cell-40k.xlsx", make: xlsxFile(sheetText(sheetHead + twoRows + `<row r="3">` + inline("A3", strings.Repeat("长", 40_000)) + `</row>` + sheetTail)), wantErr: ErrLimit},
	{name: "broken-xml.xlsx", make: xlsxFile(sheetText(sheetHead + twoRows + `<row r="3">` + inline("A3", "宝岛") + `</row><row r="4"><c r="A4" t="inlineStr"><is><t>x</t></is></c` + `<row r="5">` + inline("A5", "y") + `</row>` + sheetTail)), wantErr: ErrBroken},
	{name: "cut-xml.xlsx", make: xlsxFile(sheetText(sheetHead + twoRows + `<row r="3">` + inline("A3", "宝岛") + `</row><row r="4"><c r="A4" t="inl`)), wantErr: ErrBroken},
	{name: "xxe.xlsx", make: xlsxFile(sheetText(`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + twoRows + `<row r="3">` + inline("A3", "&xxe;") + `</row>` + sheetTail)), wantErr: ErrBroken},
	{name: "nul.xlsx", make: xlsxFile(sheetText(sheetHead + twoRows + `<row r="3">` + inline("A3", "a&#0;b") + `</row>` + sheetTail)), wantErr: ErrBroken},
	{name: "deep.xlsx", make: xlsxFile(func(w io.Writer) error {
		io.WriteString(w, sheetHead+twoRows)
		repeatW(w, "<a>", 5_000_000)
		repeatW(w, "</a>", 5_000_000)
		_, err := io.WriteString(w, sheetTail)
		return err
	}), wantErr: ErrLimit},
	{name: "ok.xlsx", make: xlsxFile(sheetText(sheetHead + twoRows + sheetTail)), rows: 1},
}

// TestHostileFiles reads each crafted file in a child process and checks
// that it ends with the expected error (or a correct table) and that the
// child's peak memory stays under maxHostileRSS. KEHU_HOSTILE_DIR keeps the
// files there, to measure the whole program on them.
func TestHostileFiles(t *testing.T) {
	if p := os.Getenv("KEHU_HOSTILE_READ"); p != "" {
		tab, err := Read(p, Options{})
		fmt.Println("PEAK", peakRSS())
		if err != nil {
			fmt.Println("ERR", err)
			return
		}
		fmt.Println("ROWS", len(tab.Rows))
		return
	}
	if testing.Short() {
		t.Skip("writes files of up to 1 GB unpacked")
	}
	dir := os.Getenv("KEHU_HOSTILE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, h := range hostiles {
		t.Run(h.name, func(t *testing.T) {
			p := filepath.Join(dir, h.name)
			os.Remove(p)
			h.make(t, p)
			if h.name == "fifo.csv" {
				// Nothing writes to it: a reader that opens it blocks for ever.
				defer os.Remove(p)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileFiles$")
			cmd.Env = append(os.Environ(), "KEHU_HOSTILE_READ="+p)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			var rss int64
			got := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(out)), "PASS"))
			if _, err := fmt.Sscanf(got, "PEAK %d\n", &rss); err != nil {
				t.Fatalf("child said %q", got)
			}
			got = got[strings.IndexByte(got, '\n')+1:]
			t.Logf("peak %d MB: %.300s", rss>>20, got)
			if rss > maxHostileRSS {
				t.Errorf("peak memory %d MB, over %d MB", rss>>20, maxHostileRSS>>20)
			}
			// The error's class, in the same process: cheap for all but the
			// large files, which the child's message covers.
			switch {
			case h.wantErr == nil:
				if !strings.HasPrefix(got, fmt.Sprintf("ROWS %d", h.rows)) {
					t.Errorf("got %q, want %d rows", got, h.rows)
				}
			case !strings.HasPrefix(got, "ERR file "+p+": "):
				t.Errorf("got %q, want an error naming the file", got)
			case len([]rune(got)) > 600:
				t.Errorf("message of %d characters", len([]rune(got)))
			}
			if h.wantErr != nil {
				if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() < 64<<20 {
					if _, err := Read(p, Options{}); !errors.Is(err, h.wantErr) {
						t.Errorf("err %v, want %v", err, h.wantErr)
					}
				}
			}
		})
	}
}
