package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"
)

// testStore is the open store, for tests that look beneath the use cases;
// no swap runs while a test reads it.
func (s *Service) testStore() *data.Store {
	st, done := s.c.Use()
	done()
	return st
}

// archive is every customer as JSON in id order: equal archives, equal text.
func archive(t *testing.T, s *Service) string {
	t.Helper()
	var b strings.Builder
	err := s.testStore().EachCustomer(func(c *model.Customer) error {
		j, _ := json.Marshal(c)
		b.Write(j)
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeFile writes content to a new file name in a temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
