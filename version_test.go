package main

import (
	"os"
	"regexp"
	"testing"

	"github.com/kehu-crm/kehu/app"
)

// A plain `go build` (no Makefile ldflags) must report the version the
// packages (FyneApp.toml) carry.
func TestVersionMatchesFyneApp(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml: no Version under [Details]")
	}
	if got := string(m[1]); got != app.Version {
		t.Errorf("FyneApp.toml Version %q, app.Version %q: keep them equal", got, app.Version)
	}
	for _, key := range []string{"Icon", "Name", "ID", "Build"} {
		if !regexp.MustCompile(`(?m)^\s*` + key + `\s*=\s*\S`).Match(b) {
			t.Errorf("FyneApp.toml: no %s", key)
		}
	}
}
