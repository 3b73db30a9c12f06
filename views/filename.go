package views

import (
	"errors"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

// fileNameError is the message for a file name Windows cannot have
// (app.FileNameProblem), the same as the command line's; nil if it can.
func fileNameError(path string) error {
	switch why, _ := app.FileNameProblem(path); why {
	case "reserved":
		return errors.New(i18n.L("The file name {{.File}} cannot be used: Windows keeps names like CON, PRN, AUX, NUL, COM1 and LPT1 for devices. Choose another name.", map[string]any{"File": path}))
	case "char":
		return errors.New(i18n.L("The file name {{.File}} cannot be used: Windows does not allow : * ? \" < > | in a file name. Choose another name, e.g. with - instead of :.", map[string]any{"File": path}))
	}
	return nil
}
