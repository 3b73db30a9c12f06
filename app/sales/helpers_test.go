package sales

import (
	"testing"

	"github.com/kehu-crm/kehu/app/core"
)

// openTest is the sales of a new data folder.
func openTest(t testing.TB) *Service {
	t.Helper()
	c, err := core.Open(t.TempDir(), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return New(c)
}
