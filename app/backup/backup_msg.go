package backup

import (
	"errors"
	"os"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

// Message is the one translated sentence the window and the command
// line show when a backup, restore or password step on file (a backup file
// or a data folder) failed with err: what happened and what to do.
func Message(err error, file string) string {
	d := map[string]any{"File": file, "Err": err.Error()}
	switch {
	case errors.Is(err, model.ErrNotBackup):
		return i18n.L("{{.File}} is not a Kehu backup. Choose a file made by Kehu's backup (its name ends in .kehubak); nothing was changed.", d)
	case errors.Is(err, model.ErrBackupCorrupt):
		return i18n.L("The backup {{.File}} is damaged or incomplete (its checksum does not match); nothing was changed. Use another backup.", d)
	case errors.Is(err, model.ErrBackupNewer):
		return i18n.L("The backup {{.File}} was made by a newer version of Kehu; nothing was changed. Update Kehu, then restore it.", d)
	case errors.Is(err, model.ErrNotKehuFolder):
		var fe *model.ForeignError
		errors.As(err, &fe)
		name := ""
		if fe != nil {
			name = fe.File
		}
		return i18n.L("{{.File}} is not a Kehu data folder: it holds other files ({{.Name}}). Nothing was changed. Choose an empty folder, or confirm with kehu restore --force: Kehu then adds its files and changes or removes none of the others.",
			map[string]any{"File": file, "Name": name})
	case errors.Is(err, model.ErrNotEmpty):
		return i18n.L("The data folder {{.File}} already holds data: restoring replaces all of it. Confirm to replace it (kehu restore --force).", d)
	case errors.Is(err, model.ErrWrongPassword):
		return i18n.L("Wrong password for {{.File}}. Try again; mind the keyboard layout and Caps Lock.", d)
	case errors.Is(err, model.ErrPasswordNeeded):
		return i18n.L("{{.File}} is encrypted: a password is needed.", d)
	case errors.Is(err, model.ErrKeyFileMissing):
		return i18n.L("The data folder {{.File}} is encrypted but its key file kehu.key.json is missing: restore the folder from a backup.", d)
	case errors.Is(err, ErrPasswordShort):
		return i18n.L("The password needs at least {{.N}} characters.", map[string]any{"N": MinPasswordLen})
	case errors.Is(err, os.ErrNotExist):
		return i18n.L("{{.File}} does not exist.", d)
	}
	return i18n.L("Failed: {{.Err}}. Check the data folder (--data) and try again.", d)
}
