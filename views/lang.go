package views

import (
	"encoding/json"
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/kehu-crm/kehu/app/i18n"
	_ "github.com/kehu-crm/kehu/views/internal/localelog" // before lang's init
)

// Fyne's own widgets and dialogs ("Cancel", "OK" …) translate through its
// lang package, which app/i18n does not import (the command line must not
// link Fyne): every language app/i18n switches to is given to lang here too.
func init() { i18n.Follow(feedFyne) }

// feedFyne registers strs with Fyne's lang. lang follows the system locale
// and has no override, so the chosen language's strings are registered under
// the system's locale and under Fyne's fallback "en" as well: whatever locale
// lang picks, it finds them. It runs under app/i18n's lock, so two switches
// never write lang's bundle (a plain map) at once.
func feedFyne(code string, strs map[string]string) {
	// lang logs "Error parsing user locale C" under the POSIX locale, which
	// is no error here; keep it off the command line's stderr.
	out := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(out)
	// go-i18n reads a flat map holding a reserved word as a key ("ID", "One",
	// "Other" …) as one message; the {"key": {"other": text}} form never is.
	msgs := make(map[string]map[string]string, len(strs))
	for k, v := range strs {
		msgs[k] = map[string]string{"other": v}
	}
	data, err := json.Marshal(msgs)
	if err != nil {
		fyne.LogError("load translations", err)
		return
	}
	for _, l := range []fyne.Locale{fyne.Locale(code), lang.SystemLocale(), "en"} {
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			fyne.LogError("load translations", err)
		}
	}
}
