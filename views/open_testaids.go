//go:build testaids

package views

import (
	"os"

	"fyne.io/fyne/v2/container"

	"github.com/kehu-crm/kehu/app/i18n"
)

// openTestAids opens a screen at start for screenshots and manual tests, in
// builds with -tags testaids only:
//   - KEHU_OPEN_IMPORT=FILE shows the import screen's preview of FILE, as if
//     it had been dropped on the window, without the file dialog;
//   - KEHU_OPEN_CUSTOMER=NAME opens that customer's page, on the tab
//     KEHU_OPEN_TAB names in English ("Relationship", "Key account");
//   - KEHU_OPEN_SCREEN=TITLE ("Key accounts") shows a screen instead, and
//     KEHU_OPEN_TAB then picks its tab by English title.
func openTestAids(u *UI) {
	if f := os.Getenv("KEHU_OPEN_IMPORT"); f != "" {
		u.openImport(f)
	}
	tab := os.Getenv("KEHU_OPEN_TAB")
	if name := os.Getenv("KEHU_OPEN_CUSTOMER"); name != "" {
		if c, err := u.svc.Customers.Resolve(name); err == nil {
			u.openCustomerTab(c.ID, tab)
			u.customers.split.Offset = 0.3
			u.customers.split.Refresh()
		}
		return
	}
	title := os.Getenv("KEHU_OPEN_SCREEN")
	for i, sc := range u.screens {
		if title != "" && sc.title == title {
			u.show(i)
			if obj, ok := u.body.Objects[0].(*container.AppTabs); ok && tab != "" {
				for _, it := range obj.Items {
					if it.Text == i18n.L(tab) {
						obj.Select(it)
					}
				}
			}
		}
	}
}
