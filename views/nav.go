package views

import (
	"strconv"

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
	badge   func() int // a red count beside the title when > 0 (nil: none)
}

func screens(u *UI) []screen {
	u.analysis = newAnalysisScreen(u)
	u.dashboard = newDashboard(u, u.analysis)
	return []screen{
		{"Home", theme.HomeIcon(), u.dashboard.content, nil},
		{"Customers", theme.AccountIcon(), u.customers.content, nil},
		{"Sales", theme.GridIcon(), newSalesScreen(u).content, nil},
		{"Complaints", theme.WarningIcon(), u.complaints.content, func() int { return u.overdue }},
		{"Key accounts", theme.StorageIcon(), newKeyAccountsScreen(u).content, u.overdueActionBadge},
		{"Analysis", theme.InfoIcon(), u.analysis.content, nil},
		{"Import/Export", theme.UploadIcon(), u.imports.content, nil},
		{"Settings", theme.SettingsIcon(), u.settingsScreen().content, nil},
	}
}

func newNav(u *UI) *widget.List {
	l := widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			badge := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			badge.Importance = widget.DangerImportance
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Import/Export"), badge)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(u.screens[i].icon)
			row.Objects[1].(*widget.Label).SetText(i18n.L(u.screens[i].title))
			badge := row.Objects[2].(*widget.Label)
			if b := u.screens[i].badge; b != nil && b() > 0 {
				badge.SetText(strconv.Itoa(b()))
				badge.Show()
			} else {
				badge.SetText("")
				badge.Hide()
			}
		})
	l.OnSelected = func(i widget.ListItemID) {
		if i != u.current {
			u.show(i)
		}
	}
	return l
}

// showScreen switches to the screen with the English title; false if there
// is none (a screen another branch has not brought yet).
func (u *UI) showScreen(title string) bool {
	for i, sc := range u.screens {
		if sc.title == title {
			u.show(i)
			return true
		}
	}
	return false
}

func comingSoon(what string) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		title := widget.NewLabelWithStyle(i18n.L(what), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		return container.NewCenter(container.NewVBox(title,
			widget.NewLabelWithStyle(i18n.L("Coming soon."), fyne.TextAlignCenter, fyne.TextStyle{})))
	}
}
