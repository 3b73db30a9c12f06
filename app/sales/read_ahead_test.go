package sales

import (
	"errors"
	"fmt"
	"testing"

	"github.com/kehu-crm/kehu/app/importer"
)

// TestReadAhead: rows come in order, and an error of fn or of the reader
// ends the walk with that error.
func TestReadAhead(t *testing.T) {
	boom := errors.New("boom")
	each := func(n int, failAt int) func(func(importer.Row) error) error {
		return func(fn func(importer.Row) error) error {
			for i := range n {
				if i == failAt {
					return boom
				}
				if err := fn(importer.Row{Line: i}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, c := range []struct {
		n, readFail, fnFail int
		want                error
		seen                int
	}{
		{0, -1, -1, nil, 0},
		{5000, -1, -1, nil, 5000},
		{5000, 3000, -1, boom, 3000},
		{5000, -1, 700, errStopRows, 700},
	} {
		t.Run(fmt.Sprint(c.n, c.readFail, c.fnFail), func(t *testing.T) {
			seen := 0
			err := readAhead(each(c.n, c.readFail))(func(r importer.Row) error {
				if r.Line != seen {
					t.Fatalf("row %d after %d", r.Line, seen)
				}
				if seen == c.fnFail {
					return errStopRows
				}
				seen++
				return nil
			})
			if !errors.Is(err, c.want) || seen != c.seen {
				t.Errorf("err %v, %d rows; want %v, %d", err, seen, c.want, c.seen)
			}
		})
	}
}
