package data

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/data/model"
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
			c := &model.Customer{Name: "宝岛眼镜公司", Notes: note}
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

// valid is s as JSON keeps it: each byte of invalid UTF-8 (which no window
// or import produces, only a raw command-line argument) becomes U+FFFD.
func valid(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// TestHostileValuesStored stores what partners and staff paste — a 10 MB
// note, emoji, right-to-left text, NUL and other control bytes, a
// 10,000-character name — and reads it back exactly after reopening; the
// indexes stay consistent (Normalize strips what would break keys).
func TestHostileValuesStored(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs := []*model.Customer{
		{Name: strings.Repeat("长", 10_000), Notes: strings.Repeat("备注😀שלום\x00\r\n", 10<<20/26)},
		{Name: "😀👨‍👩‍👧 שלום مرحبا\u202e反转", City: "‏עיר", Phone: "+86\x00138 0000 0001"},
		{Name: "眼镜\x00公司\n第二行\t\x01\x7f", Owner: "王\x00伟", TaxID: "91310000MA1FL0000X\x00"},
		{Name: "\xff\xfe不是UTF-8\xc3", Notes: "\xed\xa0\x80"},
	}
	for _, c := range cs {
		if err := s.PutCustomer(c); err != nil {
			t.Fatalf("%.20q: %v", c.Name, err)
		}
	}
	s.Close()
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range cs {
		got, err := s.Customer(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != valid(c.Name) || got.Notes != valid(c.Notes) || got.City != c.City || got.Phone != c.Phone || got.Owner != c.Owner || got.TaxID != c.TaxID {
			t.Errorf("%.20q read back differently: name %.20q, notes %d bytes (want %d)", c.Name, got.Name, len(got.Notes), len(c.Notes))
		}
	}
	// The store keeps what it is given; check names the three records the
	// one validation (CheckRecord) would refuse — a name over 300
	// characters, control characters — and finds nothing else wrong.
	p, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, l := range p {
		if !strings.HasPrefix(l, "record Kehu would refuse: ") {
			t.Errorf("check: %s", l)
		}
		refused++
	}
	if refused != 3 {
		t.Fatalf("check names %d records Kehu would refuse, want 3: %v", refused, p)
	}
}
