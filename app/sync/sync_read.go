package sync

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"os"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/data"
)

// Reading another device's sync file or server row, with bounded memory:
// only regular files are opened, a file or row over MaxFileBytes is
// refused before it is read, and a file is read a line at a time, each
// change parsed and checked (data.CheckSyncChange) as it comes, its bytes
// hashed for the trailer's checksum, never slurped whole.

// MaxFileBytes is the largest sync file or server row read. Kehu cuts
// its own at fileBytes (32 MB); one change bigger than that (a complaint
// attachment of up to about 45 MB, in base64) gets a file alone, and one
// that would not fit here travels without its bytes (transport).
const MaxFileBytes = 64 << 20

const (
	notRegularMsg = "Not a regular file (a link, a pipe or a device): it was not opened."
	tooBigMsg     = "The file is larger than a sync file may be ({{.Max}} MB): it was not read. Remove it from the sync folder."
)

// readSyncFile reads and checks a whole file before anything of it is
// applied. It returns the changes, or why the file is skipped.
func readSyncFile(path, dev string, key *sealer) ([]model.SyncChange, string, map[string]any) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, "Cannot read the file: {{.Err}}.", map[string]any{"Err": err.Error()}
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegularMsg, nil
	}
	big := map[string]any{"Max": MaxFileBytes >> 20}
	if fi.Size() > MaxFileBytes {
		return nil, tooBigMsg, big
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "Cannot read the file: {{.Err}}.", map[string]any{"Err": err.Error()}
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !os.SameFile(fi, st) { // swapped since Lstat
		return nil, notRegularMsg, nil
	}
	r := &lineReader{r: bufio.NewReaderSize(io.LimitReader(f, MaxFileBytes+1), 64<<10), sum: sha256.New(), size: fi.Size()}
	first, err := r.line()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, "Cannot read the file: {{.Err}}.", map[string]any{"Err": err.Error()}
	}
	var h syncHeader
	if json.Unmarshal(first, &h) != nil || h.Format == 0 || h.Device == "" {
		return nil, "Not a Kehu sync file or device folder.", nil
	}
	if h.Format > Format {
		return nil, "Written by a newer Kehu (sync format {{.Format}}): update Kehu on this computer.", map[string]any{"Format": h.Format}
	}
	if h.Device != dev {
		return nil, "The file says it is from device {{.Device}} but lies in the folder of another.", map[string]any{"Device": h.Device}
	}
	r.hash(first)
	if h.Sealed {
		return readSealed(r, dev, bytes.Clone(first), key)
	}
	// Each line is a change until the next one shows it was not the last:
	// the last is the trailer. A line cut by a copy still under way is the
	// last, so a bad change before it is bad: the file is refused at once.
	var changes []model.SyncChange
	var pending []byte
	has := false // pending holds a line
	n := 0
	for {
		l, err := r.line()
		if errors.Is(err, io.EOF) && l == nil {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, "Cannot read the file: {{.Err}}.", map[string]any{"Err": err.Error()}
		}
		if r.n > MaxFileBytes {
			return nil, tooBigMsg, big
		}
		if has {
			r.hash(pending)
			n++
			c, reason, d := parseChange(dev, pending, n+1)
			if reason != "" {
				return nil, reason, d
			}
			changes = append(changes, c)
		}
		pending, has = l, true
		if errors.Is(err, io.EOF) {
			break
		}
	}
	var t syncTrailer
	if !has || json.Unmarshal(pending, &t) != nil || !t.End {
		return nil, "The file is cut short (no end line): it may still be copying; it will be tried again at the next sync.", nil
	}
	if hex.EncodeToString(r.sum.Sum(nil)) != t.SHA256 || t.Count != n {
		return nil, "The file is damaged (its checksum or count does not match): it was not applied.", nil
	}
	return changes, "", nil
}

// readSealed reads the rest of a sealed file: one line, the changes
// sealed with the header as associated data, then the trailer.
func readSealed(r *lineReader, dev string, head []byte, key *sealer) ([]model.SyncChange, string, map[string]any) {
	box, err := r.line()
	if err != nil || r.n > MaxFileBytes {
		return nil, "The file is cut short (no end line): it may still be copying; it will be tried again at the next sync.", nil
	}
	r.hash(box)
	enc := bytes.Clone(box)
	last, err := r.line()
	var t syncTrailer
	if (err != nil && !errors.Is(err, io.EOF)) || json.Unmarshal(last, &t) != nil || !t.End {
		return nil, "The file is cut short (no end line): it may still be copying; it will be tried again at the next sync.", nil
	}
	if hex.EncodeToString(r.sum.Sum(nil)) != t.SHA256 || t.Count != 1 {
		return nil, "The file is damaged (its checksum or count does not match): it was not applied.", nil
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
	n, err := base64.StdEncoding.Decode(b, enc)
	if err != nil || !sealed(b[:n]) {
		return nil, sealBrokenMsg, nil
	}
	plain, why := key.open(b[:n], head)
	if why != "" {
		return nil, why, nil
	}
	return parseChanges(dev, bytes.Split(plain, []byte("\n")), 2)
}

// lineReader reads lines (without their "\n") and counts the bytes. A
// line is valid until the second call after (two buffers take turns), so
// the caller can hold one line while it reads the next. A line longer than
// the reader's buffer gets a buffer the size of the rest of the file at
// once: a 64 MB line costs 64 MB, not the 5× of growing by appends.
type lineReader struct {
	r    *bufio.Reader
	sum  hash.Hash
	n    int64 // bytes read
	size int64 // the file's size, as it was opened
	bufs [2][]byte
	cur  int
}

// line returns the next line; io.EOF with the last line if it has no
// "\n", or with nil at the end. Past MaxFileBytes it returns nil, nil
// (the caller checks n).
func (lr *lineReader) line() ([]byte, error) {
	lr.cur ^= 1
	buf, start := lr.bufs[lr.cur][:0], lr.n
	defer func() { lr.bufs[lr.cur] = buf[:0] }()
	for {
		frag, err := lr.r.ReadSlice('\n')
		lr.n += int64(len(frag))
		if lr.n > MaxFileBytes {
			return nil, nil
		}
		if cap(buf)-len(buf) < len(frag) {
			want := len(buf) + len(frag)
			if errors.Is(err, bufio.ErrBufferFull) {
				want = max(want, int(min(lr.size-start, MaxFileBytes)))
			}
			buf = append(make([]byte, 0, want), buf...)
		}
		buf = append(buf, frag...)
		switch {
		case err == nil:
			return buf[:len(buf)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF):
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return buf, io.EOF
		default:
			return nil, err
		}
	}
}

var newline = []byte{'\n'}

// hash adds a line of the body (with its "\n") to the checksum.
func (lr *lineReader) hash(l []byte) {
	lr.sum.Write(l)
	lr.sum.Write(newline)
}

// parseChanges reads one change a line, all of device dev; first is the
// number of the first line, for the message.
func parseChanges(dev string, lines [][]byte, first int) ([]model.SyncChange, string, map[string]any) {
	changes := make([]model.SyncChange, 0, len(lines))
	for i, l := range lines {
		c, reason, d := parseChange(dev, l, i+first)
		if reason != "" {
			return nil, reason, d
		}
		changes = append(changes, c)
	}
	return changes, "", nil
}

// parseChange reads and checks the change on line n.
func parseChange(dev string, l []byte, n int) (model.SyncChange, string, map[string]any) {
	var c model.SyncChange
	if err := json.Unmarshal(l, &c); err != nil {
		return c, "Line {{.Line}} is not a change: {{.Err}}.", map[string]any{"Line": n, "Err": model.Shorten(err.Error())}
	}
	if !strings.HasSuffix(c.Stamp, "."+dev) {
		return c, "Line {{.Line}} holds a change of another device.", map[string]any{"Line": n}
	}
	if err := data.CheckSyncChange(&c); err != nil {
		return c, "Line {{.Line}} holds a change that fails the checks an import makes, so nothing of the batch was applied: {{.Err}}.",
			map[string]any{"Line": n, "Err": err.Error()}
	}
	return c, "", nil
}
