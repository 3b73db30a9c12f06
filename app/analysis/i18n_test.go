package analysis

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

// TestMessagesTranslated finds every string the analyses show — i18n.L keys,
// column labels, series names, chart titles and axis names — and the codes
// of their enumerations, and checks each has a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	zh, err := i18n.Strings("zh")
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	n := 0
	check := func(e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		key, _ := strconv.Unquote(lit.Value)
		n++
		if _, ok := zh[key]; !ok && key != "" {
			t.Errorf("%s: %q has no Chinese translation", fset.Position(lit.Pos()), key)
		}
	}
	for _, src := range srcs {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			switch x := node.(type) {
			case *ast.CallExpr:
				if fun, ok := x.Fun.(*ast.SelectorExpr); ok {
					if id, ok := fun.X.(*ast.Ident); ok && id.Name == "i18n" && fun.Sel.Name == "L" {
						check(x.Args[0])
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "Label" || k.Name == "Name" || k.Name == "YName") {
					check(x.Value)
				}
			}
			return true
		})
	}
	if n < 40 {
		t.Errorf("found only %d messages; is the scan broken?", n)
	}
	for kind, codes := range map[string][]string{"fit": app.FitLevels, "anomaly": {Silent, Drop, Rise}, "forecast": {"actual", "forecast"}} {
		for _, c := range codes {
			if _, ok := zh[kind+"."+c]; !ok {
				t.Errorf("%s.%s has no Chinese translation", kind, c)
			}
		}
	}
}
