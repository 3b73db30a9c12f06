package app

import (
	"errors"
	"path/filepath"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

// FolderMessage turns an error of the data folder — open elsewhere, not
// Kehu's, damaged, read-only, missing, on a full disk, from a newer Kehu — into one
// translated sentence that says what to do. ok is false for other errors.
// The window and the command line both show it.
func FolderMessage(err error) (msg string, ok bool) {
	var (
		le *model.LockedError
		fe *model.ForeignError
		de *model.DamagedError
		re *model.ReadOnlyError
		fu *model.DiskFullError
		me *model.MissingError
	)
	abs := func(d string) string {
		if a, err := filepath.Abs(d); err == nil {
			return a
		}
		return d
	}
	switch {
	case errors.As(err, &le):
		return i18n.L("Kehu is already open on this data folder: {{.Dir}}", map[string]any{"Dir": le.Dir}), true
	case errors.As(err, &fe):
		return i18n.L("{{.Dir}} is not a Kehu data folder: it holds other files ({{.File}}). Choose an empty folder or Kehu's own data folder; nothing was written there.",
			map[string]any{"Dir": fe.Dir, "File": fe.File}), true
	case errors.As(err, &de):
		why := de.Why
		if de.File != "" {
			why = de.File + ": " + why
		}
		return i18n.L("The data folder {{.Dir}} is damaged ({{.Why}}). Kehu changed nothing in it: keep a copy of the folder, then restore a backup or send the copy to support.",
			map[string]any{"Dir": abs(de.Dir), "Why": why}), true
	case errors.As(err, &re):
		return i18n.L("Kehu cannot write to the data folder {{.Dir}} (read-only disk or no permission). Nothing was changed. Copy the folder somewhere you can write and open that, or choose another folder with --data.",
			map[string]any{"Dir": abs(re.Dir)}), true
	case errors.As(err, &me):
		return i18n.L("The data folder {{.Dir}} is not there: its drive or folder is missing (an unplugged USB stick or network drive?). Plug the drive in and try again, or choose another folder with --data; nothing was changed.",
			map[string]any{"Dir": me.Dir}), true
	case errors.As(err, &fu):
		return i18n.L("The disk holding {{.Dir}} is full ({{.Free}} MB free; Kehu needs {{.Need}} MB to save safely). Nothing was saved and nothing stored was lost: free some space, then try again.",
			map[string]any{"Dir": abs(fu.Dir), "Free": fu.Free >> 20, "Need": model.MinFree >> 20}), true
	case errors.Is(err, model.ErrNewerSchema):
		return i18n.L("This data folder was written by a newer version of Kehu. Install the newer Kehu to open it; nothing was changed."), true
	}
	return "", false
}
