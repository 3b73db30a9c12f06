package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The limits of a file to import. Each one hit stops the import with a
// *FileError naming it: a file over them is hostile or broken, and a part of
// it is never imported as if it were the whole.
const (
	MaxFileSize = 1 << 30   // bytes of a file (1 GiB), also when the OS reports its size as 0
	MaxRows     = 2_000_000 // records of a CSV file or rows of a sheet, blank ones included
	MaxColumns  = 1024      // cells of a record or row (up to column AMJ)
	MaxCellLen  = 32_767    // characters of an .xlsx cell: Excel's own limit
	MaxUnzipped = 1 << 30   // bytes an .xlsx file unpacks to, all its parts together
	MaxXMLRun   = 1 << 20   // bytes of one text or tag in an .xlsx part
)

// ErrLimit is what every *FileError of a limit is (errors.Is); ErrBroken is
// what every *FileError of a damaged file is.
var (
	ErrLimit  = errors.New("over a limit")
	ErrBroken = errors.New("broken file")
)

// FileError is a file that cannot be imported. Msg is English with {{.Name}}
// placeholders filled from Args, and doubles as the translation key; Where
// says where in the file ("line 14", "sheet Sheet1 cell XFD3", "" for the
// whole file).
type FileError struct {
	File  string
	Where string
	Msg   string
	Args  map[string]any
	Err   error // ErrLimit, ErrBroken, ErrNoRows …
}

func (e *FileError) Error() string {
	s := ""
	if e.File != "" {
		s = "file " + e.File + ": "
	}
	if e.Where != "" {
		s += e.Where + ": "
	}
	return s + fill(e.Msg, e.Args)
}

func (e *FileError) Unwrap() error { return e.Err }

// Localize is the message in the user's language: tr translates a key with
// its arguments (i18n.L).
func (e *FileError) Localize(tr func(key string, args ...any) string) string {
	s := tr("File {{.File}}", map[string]any{"File": e.File})
	if e.Where != "" {
		s += ", " + localizeWhere(e.Where, tr)
	}
	return s + ": " + tr(e.Msg, e.Args)
}

// wheres are the shapes of FileError.Where, with their translation keys.
var wheres = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^line (\d+)$`), "line {{.A}}"},
	{regexp.MustCompile(`^row (\d+)$`), "row {{.A}}"},
	{regexp.MustCompile(`^sheet (.*) row (\d+)$`), "sheet {{.A}} row {{.B}}"},
	{regexp.MustCompile(`^sheet (.*) cell ([A-Z]+\d+)$`), "sheet {{.A}} cell {{.B}}"},
	{regexp.MustCompile(`^part (.*) line (\d+)$`), "part {{.A}} line {{.B}}"},
}

// localizeWhere translates a Where this package wrote; another stays as is.
func localizeWhere(w string, tr func(key string, args ...any) string) string {
	for _, x := range wheres {
		if m := x.re.FindStringSubmatch(w); m != nil {
			args := map[string]any{"A": m[1]}
			if len(m) > 2 {
				args["B"] = m[2]
			}
			return tr(x.key, args)
		}
	}
	return w
}

// fill puts the arguments into a message's {{.Name}} places.
func fill(msg string, args map[string]any) string {
	for k, v := range args {
		msg = strings.ReplaceAll(msg, "{{."+k+"}}", fmt.Sprint(v))
	}
	return msg
}

func fileErr(file, where string, cause error, msg string, args ...any) *FileError {
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	return &FileError{File: file, Where: where, Msg: msg, Args: m, Err: cause}
}

// readFile reads a regular file of at most MaxFileSize bytes. Anything else
// — a folder, a device such as /dev/zero, a pipe, which would block — is
// refused before it is opened, and the reading stops one byte past the limit
// whatever size the OS reported.
func readFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fileErr(path, "", ErrLimit, "This is not a regular file (a folder, a device or a pipe): choose a saved CSV or Excel file.")
	}
	tooBig := func() error {
		return fileErr(path, "", ErrLimit, "The file is larger than {{.Max}} MB: split it into smaller files.", "Max", MaxFileSize>>20)
	}
	if st.Size() > MaxFileSize {
		return nil, tooBig()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		// Replaced between the look and the opening.
		return nil, fileErr(path, "", ErrLimit, "This is not a regular file (a folder, a device or a pipe): choose a saved CSV or Excel file.")
	}
	b := make([]byte, 0, st.Size()+1) // +1: reading to EOF then needs no second buffer
	b, err = readAll(io.LimitReader(f, MaxFileSize+1), b)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", path, err)
	}
	if len(b) > MaxFileSize {
		return nil, tooBig()
	}
	return b, nil
}

// readAll is io.ReadAll into b's spare room first.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// binaryKinds are the magic bytes of files people pick by mistake.
var binaryKinds = []struct {
	magic, kind string
}{
	{"\x89PNG\r\n\x1a\n", "PNG image"},
	{"\xff\xd8\xff", "JPEG image"},
	{"GIF8", "GIF image"},
	{"%PDF-", "PDF"},
	{"\x1f\x8b", "gzip"},
	{"Rar!\x1a\x07", "RAR archive"},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive"},
	{"BM", ""}, // too short to tell: left to the NUL check
	{"MZ", "program"},
	{"\x7fELF", "program"},
}

// checkBinary refuses a file that is an image, a PDF, an archive or a
// program by its first bytes.
func checkBinary(name string, b []byte) error {
	for _, k := range binaryKinds {
		if k.kind != "" && bytes.HasPrefix(b, []byte(k.magic)) {
			return fileErr(name, "", ErrBroken, "This is a {{.Kind}}, not a table: choose the CSV or Excel file.", "Kind", k.kind)
		}
	}
	return nil
}

// checkText refuses decoded CSV text holding a NUL, which no text table
// has: the file is binary (or UTF-16 that lost its byte-order mark).
func checkText(name, text string) error {
	i := strings.IndexByte(text, 0)
	if i < 0 {
		return nil
	}
	line := 1 + strings.Count(text[:i], "\n")
	col := utf8.RuneCountInString(text[strings.LastIndexByte(text[:i], '\n')+1:i]) + 1
	return fileErr(name, fmt.Sprintf("line %d", line), ErrBroken,
		"A NUL byte at character {{.Col}}: this is not a text table. Save it again from Excel or WPS as CSV UTF-8.", "Col", col)
}

// named sets the file of a *FileError made without it, or wraps err with
// the file's name.
func named(name string, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		if fe.File == "" {
			fe.File = name
		}
		return err
	}
	return fmt.Errorf("file %s: %w", name, err)
}

// decodeErr is a decoding error with the file's name: a *FileError stays
// one.
func decodeErr(name string, err error) error { return named(name, err) }
