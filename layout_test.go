package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/kehu-crm/kehu"

// layers says, for each part of the tree, which of Kehu's packages it may
// import (besides its own children): imports point one way, main → views →
// app → data → data/model (docs/ARCHITECTURE.md). "app/" means app's
// sub-packages, "app" the façade itself.
var layers = []struct {
	pkg   string   // a package, or a prefix ending in "/"
	may   []string // packages or prefixes it may import
	never []string // named for the message: what it must not import
}{
	{"data/model", nil, nil},
	{"data", []string{"data/model"}, nil},
	{"app/core", []string{"data", "data/model"}, nil},
	{"app/i18n", []string{"assets"}, nil},
	{"app/", []string{"app/", "data", "data/", "assets"}, []string{"app", "views"}},
	{"app", []string{"app/", "data", "data/", "assets"}, nil},
	// The window reaches the store only through app: the façade, the
	// feature services and the helpers beside them, never data or core.
	{"views", []string{"app", "app/", "data/model", "assets"}, []string{"data", "app/core", "app/cli"}},
	{"tools/", []string{"app", "app/", "data", "data/", "assets"}, nil},
	{"assets", nil, nil},
}

// parentOK are the children that may import their parent: the command line
// is the façade's client as the window is, and a test-helper package serves
// its parent's callers as net/http/httptest does net/http.
var parentOK = map[string]string{
	"app/cli":           "app",
	"app/i18n/i18ntest": "app/i18n",
}

// pending are the imports of the parent that issue 22's split has not yet
// removed; none is left. Add a line only for a step in progress, and remove
// it when its import goes: a line no longer needed fails the test.
var pending = map[string]string{}

func allowed(pkg, imp string) bool {
	if strings.HasPrefix(imp, pkg+"/") {
		return true // its own child
	}
	for _, l := range layers {
		if pkg != l.pkg && !(strings.HasSuffix(l.pkg, "/") && strings.HasPrefix(pkg, l.pkg)) &&
			!(!strings.HasSuffix(l.pkg, "/") && strings.HasPrefix(pkg, l.pkg+"/")) {
			continue
		}
		if slices.Contains(l.never, imp) {
			return false
		}
		for _, m := range l.may {
			if imp == m || (strings.HasSuffix(m, "/") && strings.HasPrefix(imp, m)) {
				return true
			}
		}
		return false
	}
	return true
}

// TestLayout: no package imports its parent, and every import of one of
// Kehu's packages follows the layers above, tests included.
func TestLayout(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the packages")
	}
	out, err := exec.Command(gobin, "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	defer func() {
		for pkg := range pending {
			if !seen[pkg] {
				t.Errorf("%s no longer imports its parent: remove it from pending", pkg)
			}
		}
	}()
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath                         string
			Imports, TestImports, XTestImports []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")
		if pkg == "" {
			continue // main links everything
		}
		for _, imps := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
			for _, imp := range imps {
				if imp != mod && !strings.HasPrefix(imp, mod+"/") {
					if strings.HasPrefix(pkg, "data/model") && strings.Contains(imp, "badger") {
						t.Errorf("%s imports %s: the records know no store", pkg, imp)
					}
					continue
				}
				imp = strings.TrimPrefix(strings.TrimPrefix(imp, mod), "/")
				if imp == pkg {
					continue
				}
				if strings.HasPrefix(pkg, imp+"/") {
					if parentOK[pkg] == imp {
						continue
					}
					if pending[pkg] == imp {
						seen[pkg] = true
						continue
					}
					t.Errorf("%s imports its parent %s", pkg, imp)
				} else if !allowed(pkg, imp) {
					t.Errorf("%s imports %s against the layers (docs/ARCHITECTURE.md)", pkg, imp)
				}
			}
		}
	}
}

func TestAllowed(t *testing.T) {
	for _, c := range []struct {
		pkg, imp string
		want     bool
	}{
		{"views", "app", true},
		{"views", "app/customers", true},
		{"views", "data/model", true},
		{"views", "data", false},
		{"views", "app/core", false},
		{"data", "app", false},
		{"data", "data/model", true},
		{"data/model", "data", false},
		{"app/customers", "app/core", true},
		{"app/core", "app/customers", false},
		{"app/sales", "views", false},
	} {
		if got := allowed(c.pkg, c.imp); got != c.want {
			t.Errorf("allowed(%s, %s) = %v, want %v", c.pkg, c.imp, got, c.want)
		}
	}
}
