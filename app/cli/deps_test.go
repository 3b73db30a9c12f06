package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyne: the command line links no Fyne package (app/i18n translates on
// its own; views feeds Fyne's widgets), so a headless run never initialises
// the window's toolkit. main links both, which is why views owns that glue.
func TestNoFyne(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies")
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "fyne.io/") || strings.HasPrefix(p, "github.com/kehu-crm/kehu/views") {
			t.Errorf("the command line links %s", p)
		}
	}
}
