package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSyncCommands: two data folders exchange a customer through a folder;
// a foreign file is reported on stderr and the command still succeeds.
func TestSyncCommands(t *testing.T) {
	a, b, dir := t.TempDir(), t.TempDir(), t.TempDir()
	sh := func(data string, args ...string) (string, string, int) {
		code, out, errs := run(t, data, args...)
		return out, errs, code
	}
	if _, e, code := sh(a, "customer", "add", "--name", "宁波明视眼镜"); code != 0 {
		t.Fatal(e)
	}
	if o, e, code := sh(a, "--format", "json", "sync", "export", dir); code != 0 || !strings.Contains(o, `"exported":1`) {
		t.Fatalf("export: %s %s", o, e)
	}
	must := os.WriteFile(filepath.Join(dir, "说明.txt"), []byte("x"), 0o644)
	if must != nil {
		t.Fatal(must)
	}
	o, e, code := sh(b, "--format", "json", "sync", "import", dir)
	var got struct {
		Applied int `json:"applied"`
		Skipped []struct {
			File, Reason string
		} `json:"skipped"`
	}
	if code != 0 || json.Unmarshal([]byte(o), &got) != nil || got.Applied != 1 || len(got.Skipped) != 1 {
		t.Fatalf("import: %d %s %s", code, o, e)
	}
	if !strings.Contains(e, "说明.txt") || strings.Count(e, "\n") != 1 {
		t.Errorf("stderr %q", e)
	}
	if o, _, _ := sh(b, "customer", "list"); !strings.Contains(o, "宁波明视眼镜") {
		t.Errorf("b lacks the customer:\n%s", o)
	}
	if _, e, code := sh(b, "sync", "import", filepath.Join(dir, "nope")); code != 1 || strings.Count(e, "\n") != 1 {
		t.Errorf("missing folder: %d %q", code, e)
	}
	if _, _, code := sh(b, "sync", "export"); code != 2 {
		t.Errorf("no DIR: exit %d", code)
	}
}
