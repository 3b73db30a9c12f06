package analysis

import (
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
)

// TestMessagesTranslated finds every string the analyses show — i18n.L keys,
// column labels, series names, chart titles and axis names — and the codes
// of their enumerations, and checks each has a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"*.go"}, 40, i18ntest.Call("i18n.L", 0), i18ntest.Field("Label", "Name", "YName"))
	zh := i18ntest.Chinese(t)
	for kind, codes := range map[string][]string{"fit": model.FitLevels, "anomaly": {Silent, Drop, Rise}, "forecast": {"actual", "forecast"}} {
		for _, c := range codes {
			if _, ok := zh[kind+"."+c]; !ok {
				t.Errorf("%s.%s has no Chinese translation", kind, c)
			}
		}
	}
}
