package data

import (
	"slices"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

func TestNextID(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"01M90ZAJE25X0NVQ9JK4CGFV09", "01M90ZAJE25X0NVQ9JK4CGFV0A"},
		{"01M90ZAJE25X0NVQ9JK4CGFV0Z", "01M90ZAJE25X0NVQ9JK4CGFV10"},
		{"01M90ZAJE2ZZZZZZZZZZZZZZZZ", ""}, // randomness all ones
		{"01M90ZAJE25X0NVQ9JK4CGFV0z", ""}, // not in capitals
		{"01M90ZAJE25X0NVQ9JK4CGFV0", ""},
	} {
		b := []byte(c.id)
		ok := nextID(b)
		if ok != (c.want != "") || ok && string(b) != c.want {
			t.Errorf("nextID(%s) = %s %v, want %q", c.id, b, ok, c.want)
		}
	}
}

// TestIDList: lists with and without runs read back as written; a run with
// nothing before it, or too long, is an error.
func TestIDList(t *testing.T) {
	ids := model.NewIDs(300)
	other := []byte(model.NewID())
	for _, c := range []struct {
		name string
		ids  []byte
		max  int // bytes the list may take
	}{
		{"one", ids[:model.IDLen], model.IDLen + 1},
		{"run", ids, model.IDLen + 1 + 3},
		{"broken runs", slices.Concat(ids[:10*model.IDLen], other, ids[10*model.IDLen:20*model.IDLen], ids[:model.IDLen]), 4 * (model.IDLen + 4)},
		{"empty", nil, 0},
	} {
		b := appendIDList(nil, c.ids)
		if len(b) > c.max {
			t.Errorf("%s: %d bytes, want at most %d", c.name, len(b), c.max)
		}
		var got []string
		for v := b; len(v) > 0; {
			var err error
			if got, v, err = readListed(got, v); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		var want []string
		for i := 0; i < len(c.ids); i += model.IDLen {
			want = append(want, string(c.ids[i:i+model.IDLen]))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: read %d ids, want %d", c.name, len(got), len(want))
		}
	}
	for _, bad := range [][]byte{{0, 3}, {0}, {0, 0xff, 0xff, 0xff, 0x7f}} {
		if _, _, err := readListed([]string{strings.Repeat("0", model.IDLen)}[:len(bad)%2], bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
