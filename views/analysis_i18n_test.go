package views

import (
	"testing"

	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
)

// TestAnalysisStringsTranslated finds every literal key of i18n.L in the
// dashboard and analysis files, and the English titles they pass around as
// data, and checks that a zh file translates each.
func TestAnalysisStringsTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"analysis*.go", "dashboard*.go"}, 50,
		i18ntest.Call("i18n.L", 0),
		i18ntest.Call("newTile", 0), i18ntest.Call("*.anLayout", 1), // titles passed to the tile and the layout
		i18ntest.Field("title")) // column titles
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
	i18ntest.Keys(t, keys...)
}
