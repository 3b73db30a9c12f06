package cli

import (
	"testing"

	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
)

// TestMessagesTranslated finds every message the command line shows — the
// literal keys of i18n.L, fail and usageErr, column labels and command
// descriptions — and checks each has a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"*.go"}, 50,
		i18ntest.Call("i18n.L", 0), i18ntest.Call("fail", 0), i18ntest.Call("usageErr", 1),
		i18ntest.Field("Label", "about"))
}
