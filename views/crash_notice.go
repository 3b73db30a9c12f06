package views

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

// startLogs starts the run's crash report and log (app.StartLogs) in the
// open data folder and, when an earlier run crashed, puts one line above
// the window's content saying so, with a button that opens the logs folder.
// A failure to start them is logged only: the window works without.
func startLogs(u *UI) *app.Logs {
	l, earlier, err := app.StartLogs(u.svc.Dir(), time.Now()) // the wall clock: one log file per run
	if err != nil {
		fyne.LogError("start the crash log", err)
		return nil
	}
	if len(earlier) > 0 {
		u.win.SetContent(container.NewBorder(crashNotice(u, earlier[0]), nil, nil, nil, u.win.Content()))
	}
	return l
}

// crashNotice is the line about the crash report at path.
func crashNotice(u *UI, path string) fyne.CanvasObject {
	msg := widget.NewLabel(i18n.L("Kehu stopped because of an error last time. The report is in {{.File}}; please send it to support.",
		map[string]any{"File": filepath.Join(app.LogsDir, filepath.Base(path))}))
	msg.Truncation = fyne.TextTruncateEllipsis
	var bar *fyne.Container
	open := widget.NewButtonWithIcon(i18n.L("Open folder"), theme.FolderOpenIcon(), func() {
		if err := u.app.OpenURL(folderURL(filepath.Dir(path))); err != nil {
			showError(err, u.win)
		}
	})
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { bar.Hide() })
	bar = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewHBox(open, closeBtn), msg)
	return bar
}
