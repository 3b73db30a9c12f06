package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Detected encoding names, as reported in Table.Encoding.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	EncGB18030 = "gb18030"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
)

// Encodings lists the values Options.Encoding accepts.
var Encodings = []string{"auto", "utf-8", "gb18030", "utf-16"}

// ErrUnknownEncoding is returned for an Options.Encoding not in Encodings.
var ErrUnknownEncoding = errors.New("unknown encoding")

// ErrNotUTF8 is returned when UTF-8 is forced but the bytes are not UTF-8.
var ErrNotUTF8 = errors.New("not valid UTF-8")

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// canonicalEncoding maps the spellings users type to "auto", "utf-8",
// "gb18030", "utf-16", "utf-16le" or "utf-16be".
func canonicalEncoding(enc string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(enc))
	e = strings.ReplaceAll(e, "_", "-")
	switch e {
	case "", "auto":
		return "auto", nil
	case "utf-8", "utf8", "utf-8-bom", "utf-8-sig", "utf8-bom":
		return EncUTF8, nil
	case "gb18030", "gbk", "gb2312", "cp936", "gb-18030":
		return EncGB18030, nil
	case "utf-16", "utf16", "unicode", "ucs-2", "ucs2":
		return "utf-16", nil
	case "utf-16le", "utf16le":
		return EncUTF16LE, nil
	case "utf-16be", "utf16be":
		return EncUTF16BE, nil
	}
	return "", fmt.Errorf("%w %q: use one of %s", ErrUnknownEncoding, enc, strings.Join(Encodings, ", "))
}

// Decode turns raw file bytes into text. encoding is "auto" (or ""),
// "utf-8", "gb18030" or "utf-16" ("utf-16le"/"utf-16be" force a byte order).
// Auto detection: a BOM first (UTF-8, UTF-16 LE/BE), then UTF-16 without BOM
// if the NUL bytes say so, then valid UTF-8, else GB18030. Forced "utf-16"
// follows a BOM when there is one and assumes little-endian otherwise.
// The returned text has no BOM and "\n" line endings (CRLF and CR converted).
// detected is one of "utf-8", "utf-8-bom", "gb18030", "utf-16le", "utf-16be".
func Decode(b []byte, encoding string) (text string, detected string, err error) {
	return decode(b, encoding, false)
}

// decode is Decode; with borrow, UTF-8 input is not copied: the text shares
// b's memory, so it must not outlive b nor be kept after b may change.
// readCSV borrows: the cells eachRecord cuts from the text then share b as
// well, which Read and Scanner read from the file for the call and never change.
func decode(b []byte, encoding string, borrow bool) (text string, detected string, err error) {
	str := func(b []byte) string {
		if borrow && len(b) > 0 {
			return unsafe.String(&b[0], len(b))
		}
		return string(b)
	}
	enc, err := canonicalEncoding(encoding)
	if err != nil {
		return "", "", err
	}
	switch enc {
	case "auto":
		switch {
		case bytes.HasPrefix(b, bomUTF8):
			text, detected = str(b[len(bomUTF8):]), EncUTF8BOM
			if !utf8.ValidString(text) {
				// A UTF-8 BOM in front of broken UTF-8: keep what can be kept.
				text = strings.ToValidUTF8(text, "\uFFFD")
			}
		case bytes.HasPrefix(b, bomUTF16LE):
			text, detected = decodeUTF16(b[2:], false), EncUTF16LE
		case bytes.HasPrefix(b, bomUTF16BE):
			text, detected = decodeUTF16(b[2:], true), EncUTF16BE
		default:
			if be, ok := looksUTF16(b); ok {
				if be {
					text, detected = decodeUTF16(b, true), EncUTF16BE
				} else {
					text, detected = decodeUTF16(b, false), EncUTF16LE
				}
			} else if validUTF8(b) {
				text, detected = str(b), EncUTF8
			} else {
				text, detected = decodeGB18030(b), EncGB18030
			}
		}
	case EncUTF8:
		detected = EncUTF8
		if bytes.HasPrefix(b, bomUTF8) {
			b, detected = b[len(bomUTF8):], EncUTF8BOM
		}
		if !validUTF8(b) {
			off := invalidUTF8Offset(b)
			return "", "", fmt.Errorf("%w (first bad byte at offset %d); try --encoding gb18030 or auto", ErrNotUTF8, off)
		}
		text = str(b)
	case EncGB18030:
		text, detected = decodeGB18030(b), EncGB18030
	case "utf-16":
		switch {
		case bytes.HasPrefix(b, bomUTF16LE):
			text, detected = decodeUTF16(b[2:], false), EncUTF16LE
		case bytes.HasPrefix(b, bomUTF16BE):
			text, detected = decodeUTF16(b[2:], true), EncUTF16BE
		default:
			text, detected = decodeUTF16(b, false), EncUTF16LE
		}
	case EncUTF16LE:
		b = bytes.TrimPrefix(b, bomUTF16LE)
		text, detected = decodeUTF16(b, false), EncUTF16LE
	case EncUTF16BE:
		b = bytes.TrimPrefix(b, bomUTF16BE)
		text, detected = decodeUTF16(b, true), EncUTF16BE
	}
	if (detected == EncUTF16LE || detected == EncUTF16BE) && len(b)%2 == 1 {
		// Half a character at the end: the file was cut off.
		return "", "", &FileError{Msg: "The file ends in the middle of a character (UTF-16 with an odd number of bytes): it was cut off. Save or send it again.", Err: ErrBroken}
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	return normaliseNewlines(text), detected, nil
}

// normaliseNewlines converts CRLF and lone CR to LF.
func normaliseNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// decodeGB18030 decodes GB18030 (a superset of GBK and GB2312); bytes that
// are not GB18030 become U+FFFD.
// validUTF8 is utf8.Valid, a big file checked in halves at once: split
// where a character starts, the halves are valid exactly when the whole is.
func validUTF8(b []byte) bool {
	if len(b) < 1<<20 {
		return utf8.Valid(b)
	}
	mid := len(b) / 2
	for mid < len(b) && !utf8.RuneStart(b[mid]) {
		mid++
	}
	first := make(chan bool, 1)
	go func() { first <- utf8.Valid(b[:mid]) }()
	second := utf8.Valid(b[mid:])
	return <-first && second
}

func decodeGB18030(b []byte) string {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		// The decoder replaces bad sequences itself; an error here is not
		// expected, but never lose the whole file over it.
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// decodeUTF16 decodes UTF-16 without BOM; an odd trailing byte and unpaired
// surrogates become U+FFFD.
func decodeUTF16(b []byte, bigEndian bool) string {
	n := len(b) / 2
	u := make([]uint16, n)
	for i := 0; i < n; i++ {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	var sb strings.Builder
	sb.Grow(n * 2)
	for _, r := range utf16.Decode(u) {
		sb.WriteRune(r)
	}
	if len(b)%2 == 1 {
		sb.WriteRune(utf8.RuneError)
	}
	return sb.String()
}

// looksUTF16 reports whether BOM-less bytes look like UTF-16: in the first
// 4 KiB, at least a fifth of the code units have a zero high byte and a
// non-zero low byte (ASCII: digits, delimiters, newlines), and at most a tenth
// as many the other way round (some CJK code units, like U+4E00, end in 00).
// UTF-8 text practically never looks like that.
func looksUTF16(b []byte) (bigEndian bool, ok bool) {
	if len(b) > 4096 {
		b = b[:4096]
	}
	n := len(b) / 2
	if n < 4 {
		return false, false
	}
	var le, be int // units that look ASCII in LE / BE order
	for i := 0; i < n; i++ {
		lo, hi := b[2*i], b[2*i+1]
		switch {
		case lo != 0 && hi == 0:
			le++
		case lo == 0 && hi != 0:
			be++
		}
	}
	switch {
	case le*5 >= n && be*10 <= le:
		return false, true
	case be*5 >= n && le*10 <= be:
		return true, true
	}
	return false, false
}
