//go:build windows || darwin

package views

import (
	"errors"
	"strings"

	"github.com/sqweek/dialog"
)

// nativeDialogs: Windows and macOS get the system's own file dialogs
// (github.com/sqweek/dialog: comdlg32, NSOpenPanel), in the user's language
// and with the places they know.
const nativeDialogs = true

// nativeFile shows the system's open (save false) or save dialog, starting
// in dir with name filled in; "" when cancelled. It blocks: call it off the
// UI goroutine.
func nativeFile(save bool, title, dir, name string, exts []string) (string, error) {
	b := dialog.File().Title(title)
	if len(exts) > 0 {
		bare := make([]string, len(exts))
		for i, e := range exts {
			bare[i] = strings.TrimPrefix(e, ".")
		}
		b = b.Filter(strings.ToUpper(strings.Join(bare, ", ")), bare...)
	}
	if dir != "" {
		b = b.SetStartDir(dir)
	}
	if name != "" {
		b = b.SetStartFile(name)
	}
	var (
		p   string
		err error
	)
	if save {
		p, err = b.Save()
	} else {
		p, err = b.Load()
	}
	if errors.Is(err, dialog.ErrCancelled) {
		return "", nil
	}
	return p, err
}
