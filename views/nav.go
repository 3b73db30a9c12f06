package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// screen is one entry of the navigation, as in fyne_demo's tutorials registry.
type screen struct {
	title   string // English; translated when shown
	icon    fyne.Resource
	content func() fyne.CanvasObject
}

func screens(u *UI) []screen {
	return []screen{
		{"Customers", theme.AccountIcon(), u.customers.content},
		{"Sales", theme.GridIcon(), comingSoon("Sales records and sales curves")},
		{"Complaints", theme.WarningIcon(), comingSoon("Complaints and service times")},
		{"Analysis", theme.InfoIcon(), comingSoon("Tiers, lifecycle, ranking and forecast")},
		{"Import/Export", theme.UploadIcon(), comingSoon("Import distributor lists from CSV and Excel")},
		{"Settings", theme.SettingsIcon(), comingSoon("Settings")},
	}
}

func newNav(u *UI) *widget.List {
	l := widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Import/Export"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(u.screens[i].icon)
			row.Objects[1].(*widget.Label).SetText(i18n.L(u.screens[i].title))
		})
	l.OnSelected = func(i widget.ListItemID) {
		if i != u.current {
			u.show(i)
		}
	}
	return l
}

func comingSoon(what string) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		title := widget.NewLabelWithStyle(i18n.L(what), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		return container.NewCenter(container.NewVBox(title,
			widget.NewLabelWithStyle(i18n.L("Coming soon."), fyne.TextAlignCenter, fyne.TextStyle{})))
	}
}
