package views

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

// TestAnalysisStringsTranslated finds every literal key of i18n.L in the
// dashboard and analysis files, and the English titles they pass around as
// data, and checks that a zh file translates each.
func TestAnalysisStringsTranslated(t *testing.T) {
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
	keys := []string{"Home", "S below", "A below", "B below"}
	for _, p := range newAnalysisScreen(nil).panes {
		keys = append(keys, p.title())
	}
	for _, m := range []map[string]string{groupingLabels, rankLabels} {
		for _, v := range m {
			keys = append(keys, v)
		}
	}
	srcs, _ := filepath.Glob("analysis*.go")
	more, _ := filepath.Glob("dashboard*.go")
	fset := token.NewFileSet()
	for _, src := range append(srcs, more...) {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if ok && sel.Sel.Name == "L" {
					if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						k, _ := strconv.Unquote(lit.Value)
						keys = append(keys, k)
					}
				}
				// Titles passed to the tile, the layout and the columns.
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "newTile" {
					if lit, ok := x.Args[0].(*ast.BasicLit); ok {
						k, _ := strconv.Unquote(lit.Value)
						keys = append(keys, k)
					}
				}
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "anLayout" {
					if lit, ok := x.Args[1].(*ast.BasicLit); ok {
						k, _ := strconv.Unquote(lit.Value)
						keys = append(keys, k)
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := x.Key.(*ast.Ident); ok && id.Name == "title" {
					if lit, ok := x.Value.(*ast.BasicLit); ok {
						k, _ := strconv.Unquote(lit.Value)
						keys = append(keys, k)
					}
				}
			}
			return true
		})
	}
	if len(keys) < 60 {
		t.Fatalf("found only %d keys; is the scan broken?", len(keys))
	}
	for _, k := range keys {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q has no Chinese translation (assets/translations/analysisview.zh.json)", k)
		}
	}
}
