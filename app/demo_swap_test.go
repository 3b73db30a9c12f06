package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The demo is built in a copy of the store and swapped in whole: the
// folder keeps its device id and settings, and the user's files.
func TestDemoSwapsInWhole(t *testing.T) {
	s := openTest(t)
	dev, err := s.Sync.DeviceID()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup.SetKeep(3); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(s.Dir(), "notes.txt")
	if err := os.WriteFile(note, []byte("备忘"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := s.Demo(DemoOptions{Customers: 20, Months: 3, Now: time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local)})
	if err != nil || n != 27 {
		t.Fatalf("demo: %d, %v", n, err)
	}
	if got, _ := s.Customers.Count(); got != 27 {
		t.Fatalf("%d customers after the demo", got)
	}
	if got, _ := s.Sync.DeviceID(); got != dev {
		t.Errorf("device id %s after the demo, was %s", got, dev)
	}
	if keep, _ := s.Backup.Keep(); keep != 3 {
		t.Errorf("backup_keep %d after the demo, want 3", keep)
	}
	if b, err := os.ReadFile(note); err != nil || !bytes.Equal(b, []byte("备忘")) {
		t.Errorf("the user's note after the demo: %q, %v", b, err)
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("check: %v %v", err, p)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), "kehu.new")); !os.IsNotExist(err) {
		t.Fatalf("staging folder left: %v", err)
	}
}
