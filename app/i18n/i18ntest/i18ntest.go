// Package i18ntest checks, in tests, that the strings a package shows have a
// Chinese translation: it reads the package's source for the string literals
// that are keys (i18n.L("…"), column labels …) and looks each up in zh.
package i18ntest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/app/i18n"
)

// Rule returns the expressions of a node that are translation keys.
type Rule func(n ast.Node) []ast.Expr

// Call takes argument arg of calls to fn: "i18n.L" (a package's or a
// method's selector, matched by its last part when pkg is "*": "*.skip") or a
// plain function "fail".
func Call(fn string, arg int) Rule {
	pkg, name, qualified := strings.Cut(fn, ".")
	if !qualified {
		name = pkg
	}
	return func(n ast.Node) []ast.Expr {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) <= arg {
			return nil
		}
		switch f := c.Fun.(type) {
		case *ast.SelectorExpr:
			if !qualified || f.Sel.Name != name {
				return nil
			}
			if id, ok := f.X.(*ast.Ident); pkg == "*" || ok && id.Name == pkg {
				return c.Args[arg : arg+1]
			}
		case *ast.Ident:
			if !qualified && f.Name == name {
				return c.Args[arg : arg+1]
			}
		}
		return nil
	}
}

// Field takes the values of keyed fields with one of the names
// ({Label: "…"}).
func Field(names ...string) Rule {
	return func(n ast.Node) []ast.Expr {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		if k, ok := kv.Key.(*ast.Ident); ok {
			for _, name := range names {
				if k.Name == name {
					return []ast.Expr{kv.Value}
				}
			}
		}
		return nil
	}
}

// Chinese is every zh string, by English key.
func Chinese(t testing.TB) map[string]string {
	t.Helper()
	zh, err := i18n.Strings("zh")
	if err != nil {
		t.Fatal(err)
	}
	return zh
}

// Check reads the files matching the globs (tests left out), reports every
// key the rules find that has no Chinese translation, and fails when it finds
// fewer than atLeast keys: then the scan, not the translations, is broken.
func Check(t testing.TB, globs []string, atLeast int, rules ...Rule) {
	t.Helper()
	zh := Chinese(t)
	fset := token.NewFileSet()
	n := 0
	for _, g := range globs {
		srcs, err := filepath.Glob(g)
		if err != nil || len(srcs) == 0 {
			t.Fatalf("no file matches %s", g)
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
				for _, r := range rules {
					for _, e := range r(node) {
						lit, ok := e.(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							continue
						}
						key, _ := strconv.Unquote(lit.Value)
						if key == "" {
							continue
						}
						n++
						if _, ok := zh[key]; !ok {
							t.Errorf("%s: %q has no Chinese translation", fset.Position(lit.Pos()), key)
						}
					}
				}
				return true
			})
		}
	}
	if n < atLeast {
		t.Errorf("found only %d keys in %v; is the scan broken?", n, globs)
	}
}

// Keys reports the keys, given as data rather than literals, that have no
// Chinese translation.
func Keys(t testing.TB, keys ...string) {
	t.Helper()
	zh := Chinese(t)
	for _, k := range keys {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q has no Chinese translation", k)
		}
	}
}
