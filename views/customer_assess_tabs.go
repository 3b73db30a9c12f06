package views

import (
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
