package data

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOpenAfterKilledFileCreation leaves what a SIGKILL between Badger
// creating a value-log or memtable file and sizing it leaves behind: an
// empty 0000N.vlog / 0000N.mem. Badger v4.9 alone refuses to open such a
// folder ("Open existing file …: Create a new file", badger#2207); Open
// must open it with every record intact, notes of 10 MB included.
func TestOpenAfterKilledFileCreation(t *testing.T) {
	for _, tc := range []struct{ name, file string }{
		{"next value log", "%06d.vlog"},
		{"next memtable", "%05d.mem"},
		{"both", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "客户 数据")
			s, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			note := strings.Repeat("大文件备注 ", 1<<20) // ≈ 16 MB
			c := &Customer{Name: "宝岛眼镜公司", Notes: note}
			if err := s.PutCustomer(c); err != nil {
				t.Fatal(err)
			}
			s.Close()

			files := []string{tc.file}
			if tc.file == "" {
				files = []string{"%06d.vlog", "%05d.mem"}
			}
			for _, f := range files {
				name := nextFile(t, dir, f)
				if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err = Open(dir, Options{})
			if err != nil {
				t.Fatalf("open after an empty log file: %v", err)
			}
			defer s.Close()
			got, err := s.Customer(c.ID)
			if err != nil || got.Notes != note {
				t.Fatalf("customer after reopen: %v (notes %d bytes, want %d)", err, len(got.Notes), len(note))
			}
			if p, err := s.Check(); err != nil || len(p) > 0 {
				t.Fatalf("check: %v %v", err, p)
			}
		})
	}
}

// nextFile names the file Badger would create next for pattern.
func nextFile(t *testing.T, dir, pattern string) string {
	t.Helper()
	ext := filepath.Ext(pattern)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ext) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	n := 1
	if len(names) > 0 {
		var last int
		if _, err := fmt.Sscan(strings.TrimSuffix(names[len(names)-1], ext), &last); err == nil {
			n = last + 1
		}
	}
	return fmt.Sprintf(pattern, n)
}
