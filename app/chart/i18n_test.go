package chart

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

// TestMessagesTranslated finds every literal key of i18n.L in the package
// and checks that chart.zh.json (or another zh file) translates it.
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
	// Keys passed as data rather than literals.
	keys := []string{"Sales amount", "This year", "Last year", "Revenue", "Orders", "Customers with sales", "Versus last year", "Average order"}
	srcs, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, src := range srcs {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "L" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "i18n" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				k, _ := strconv.Unquote(lit.Value)
				keys = append(keys, k)
			}
			return true
		})
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the scan broken?", len(keys))
	}
	for _, k := range keys {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q has no Chinese translation in assets/translations/chart.zh.json", k)
		}
	}
}
