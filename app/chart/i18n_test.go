package chart

import (
	"testing"

	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
)

// TestMessagesTranslated finds every literal key of i18n.L in the package,
// and the keys it passes as data, and checks each has a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"*.go"}, 15, i18ntest.Call("i18n.L", 0))
	i18ntest.Keys(t, "Sales amount", "This year", "Last year", "Revenue", "Orders", "Customers with sales", "Versus last year", "Average order")
}
