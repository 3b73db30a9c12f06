package cli

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/assets"
)

// TestMessagesTranslated finds every message the command line shows — the
// literal keys of i18n.L, fail and usageErr, column labels and command
// descriptions — and checks each has a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	zh := map[string]string{}
	files, err := assets.Translations.ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name(), "zh.json") {
			b, _ := assets.Translations.ReadFile("translations/" + f.Name())
			if err := json.Unmarshal(b, &zh); err != nil {
				t.Fatal(f.Name(), err)
			}
		}
	}
	srcs, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	n := 0
	for _, src := range srcs {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		check := func(e ast.Expr) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			key, _ := strconv.Unquote(lit.Value)
			n++
			if _, ok := zh[key]; !ok {
				t.Errorf("%s: %q has no Chinese translation", fset.Position(lit.Pos()), key)
			}
		}
		ast.Inspect(f, func(node ast.Node) bool {
			switch x := node.(type) {
			case *ast.CallExpr:
				switch fun := x.Fun.(type) {
				case *ast.SelectorExpr:
					if id, ok := fun.X.(*ast.Ident); ok && id.Name == "i18n" && fun.Sel.Name == "L" {
						check(x.Args[0])
					}
				case *ast.Ident:
					if fun.Name == "fail" {
						check(x.Args[0])
					} else if fun.Name == "usageErr" {
						check(x.Args[1])
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "Label" || k.Name == "about") {
					check(x.Value)
				}
			}
			return true
		})
	}
	if n < 50 {
		t.Errorf("found only %d messages; is the scan broken?", n)
	}
}
