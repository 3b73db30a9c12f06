package views

import (
	"os"

	"fyne.io/fyne/v2/container"

	"github.com/kehu-crm/kehu/app/i18n"
)

// addAccountTabs adds the 关系评估 (relationship assessment and surveys) and
// 大客户 (decision chain, goals, action plan) tabs to a customer's page. The
// plan is read again whenever its tab is chosen: the contacts may have
// changed on their tab meanwhile.
func addAccountTabs(f *customerForm, tabs *container.AppTabs) {
	assess := newAssessCard(f)
	plan := newPlanCard(f)
	planTab := container.NewTabItem(i18n.L("Key account"), plan.content())
	tabs.Append(container.NewTabItem(i18n.L("Relationship"), assess.content()))
	tabs.Append(planTab)
	prev := tabs.OnSelected
	tabs.OnSelected = func(t *container.TabItem) {
		if prev != nil {
			prev(t)
		}
		if t == planTab {
			plan.reload()
		}
	}
}

// openForScreenshot is a testing aid like KEHU_OPEN_IMPORT:
// KEHU_OPEN_CUSTOMER=NAME opens that customer's page at start, on the tab
// KEHU_OPEN_TAB names in English ("Relationship", "Key account");
// KEHU_OPEN_SCREEN=TITLE ("Key accounts") shows a screen instead, and
// KEHU_OPEN_TAB then picks its tab by English title.
func openForScreenshot(u *UI) {
	tab := os.Getenv("KEHU_OPEN_TAB")
	if name := os.Getenv("KEHU_OPEN_CUSTOMER"); name != "" {
		if c, err := u.svc.Resolve(name); err == nil {
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
