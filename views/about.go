package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

// aboutContent is the About dialog's body: the icon, the name, the version
// and commit (the line `kehu version` prints) and the bundled font's licence.
func aboutContent() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(iconResource())
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	name := widget.NewLabelWithStyle(i18n.L("Kehu CRM"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	commit := app.Commit()
	if commit == "" {
		commit = i18n.L("unknown")
	}
	info := container.New(layout.NewFormLayout(),
		widget.NewLabel(i18n.L("Version")), widget.NewLabel(app.Version),
		widget.NewLabel(i18n.L("Commit")), widget.NewLabel(commit),
	)
	line := widget.NewLabelWithStyle(app.VersionLine(), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	font := widget.NewLabelWithStyle(i18n.L("Chinese font: WenQuanYi Micro Hei (文泉驿微米黑), Apache-2.0."), fyne.TextAlignCenter, fyne.TextStyle{})
	return container.NewVBox(container.NewCenter(icon), name, container.NewCenter(info), line, font)
}

// showAbout opens the About dialog.
func showAbout(w fyne.Window) {
	d := dialog.NewCustom(i18n.L("About Kehu"), i18n.L("Close"), aboutContent(), w)
	showDialog(d, w)
}
