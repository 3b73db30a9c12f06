package customers

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/importer"
)

// FormatJSONL is the Table.Format of a JSON Lines file: Kehu's own export
// for machines, one stored customer a line (app/export), imported whole.
const FormatJSONL = "jsonl"

// MaxJSONLLine is the longest line a JSON Lines import reads: a customer
// with its notes and contacts is a few kilobytes.
const MaxJSONLLine = 4 << 20

// ErrJSONLLine means a line of a JSON Lines file is over MaxJSONLLine.
var ErrJSONLLine = errors.New("a line is longer than an export writes")

func isJSONL(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json", ".ndjson":
		return true
	}
	return false
}

// readJSONL reads a JSON Lines file as a table of one column, a line a row,
// so the preview, the rejected-rows file and the import treat it as any
// other file.
func readJSONL(path string) (*importer.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &importer.Table{File: path, Format: FormatJSONL, Encoding: "utf-8", HeaderRow: 0, Header: []string{"JSON"}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), MaxJSONLLine)
	for line := 1; sc.Scan(); line++ {
		t.Rows = append(t.Rows, importer.Row{Line: line, Cells: []string{strings.TrimPrefix(sc.Text(), "\ufeff")}})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("%w (%d MB)", ErrJSONLLine, MaxJSONLLine>>20)
		}
		return nil, fmt.Errorf("read %s: line %d: %w", path, len(t.Rows)+1, err)
	}
	return t, nil
}

// jsonlCustomer reads one line of an export: the stored record, with
// revenue as a decimal string (or a number). The id is kept, so the import
// merges by id; Created and Updated are the store's.
func jsonlCustomer(row importer.Row) (*model.Customer, error) {
	var rec struct {
		model.Customer
		Revenue json.RawMessage `json:"revenue"`
	}
	if err := json.Unmarshal([]byte(row.Cells[0]), &rec); err != nil {
		return nil, err
	}
	c := rec.Customer
	if s := strings.Trim(string(rec.Revenue), `"`); s != "" && s != "null" {
		m, err := model.ParseMoney(s)
		if err != nil {
			return nil, err
		}
		c.Revenue = m
	}
	if c.ID != "" && !model.ValidID(c.ID) {
		return nil, fmt.Errorf("id %q", c.ID)
	}
	c.Created, c.Updated = time.Time{}, time.Time{}
	return &c, nil
}
