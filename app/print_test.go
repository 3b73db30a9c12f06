//go:build !windows

package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestPrintFileNoPrintPath: without lp, or with an lp that refuses (no
// printer set up), printing says there is no print path.
func TestPrintFileNoPrintPath(t *testing.T) {
	defer func() { lp = "lp" }()
	pdf := filepath.Join(t.TempDir(), "会议 报告.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600)
	lp = "kehu-no-such-lp"
	if err := PrintFile(pdf); !errors.Is(err, ErrNoPrintPath) {
		t.Errorf("missing lp: %v", err)
	}
	lp = "false"
	if err := PrintFile(pdf); !errors.Is(err, ErrNoPrintPath) {
		t.Errorf("refusing lp: %v", err)
	}
	lp = "true"
	if err := PrintFile(pdf); err != nil {
		t.Errorf("working lp: %v", err)
	}
}
