package views

import (
	"testing"
	"time"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
)

// accountsUI is the 大客户与再生 screen on the sample customers on
// 2026-06-10: 宝岛 (S, one contact without a role, one action overdue since
// 06-01), 杨氏 (S, no contacts), 天明 (B, lost: 3,000.00 in 2025-06 and
// nothing since).
func accountsUI(t *testing.T) (*UI, *app.Service, *keyAccountsScreen) {
	t.Helper()
	u, svc := newTestUI(t, sample()...)
	svc.SetClock(func() time.Time { return time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC) })
	tm, _ := svc.Customers.Resolve("天明眼镜公司")
	if err := svc.Sales.Add(&model.Sale{CustomerID: tm.ID, Date: "2025-06-01", Product: "加美月抛", Quantity: 10, Amount: 300000}); err != nil {
		t.Fatal(err)
	}
	bd, _ := svc.Customers.Resolve("宝岛眼镜公司")
	if err := svc.Accounts.AddAction(&model.Action{CustomerID: bd.ID, Text: "拜访王总", Due: "2026-06-01"}); err != nil {
		t.Fatal(err)
	}
	s := newKeyAccountsScreen(u)
	test.NewTempWindow(t, s.content()).Resize(fyne.NewSize(1100, 700))
	return u, svc, s
}

func TestKeyAccounts_ListFlagsAndOverdue(t *testing.T) {
	u, svc, s := accountsUI(t)
	rows := s.keys.rows
	if len(rows) != 2 || rows[0].Name != "宝岛眼镜公司" || rows[1].Name != "杨氏眼镜店" {
		t.Fatalf("key accounts %v", rows)
	}
	if got := flagText(rows[0]); got != "Only one contact · No decision maker" {
		t.Errorf("宝岛 flags %q", got)
	}
	if s.keySum.Text != "2 key accounts; 2 with a fragile decision chain; 1 overdue action." {
		t.Errorf("summary %q", s.keySum.Text)
	}
	// The navigation counts the overdue action.
	for _, sc := range u.screens {
		if sc.title == "Key accounts" && sc.badge() != 1 {
			t.Errorf("badge %d, want 1", sc.badge())
		}
	}
	s.tabs.SelectIndex(1)
	if len(s.overdue.rows) != 1 || s.overdue.rows[0].DaysOverdue != 9 {
		t.Fatalf("overdue %v", s.overdue.rows)
	}
	s.overdue.tbl.Select(widgetCell(0))
	test.Tap(s.ovDone)
	if n, _ := svc.Accounts.OverdueActionCount(svc.Now()); n != 0 || len(s.overdue.rows) != 0 {
		t.Errorf("after done: %d overdue, %d rows", n, len(s.overdue.rows))
	}
}

// TestWinBack_PlanCreatesAction: the lost customer is listed with its past
// value; planning a win-back puts an open action, due a week on, on its plan.
func TestWinBack_PlanCreatesAction(t *testing.T) {
	_, svc, s := accountsUI(t)
	s.tabs.SelectIndex(2)
	w := s.wb
	if len(w.table.rows) != 1 {
		t.Fatalf("%d lost customers, want 1", len(w.table.rows))
	}
	r := w.table.rows[0]
	if r.Name != "天明眼镜公司" || r.PastValue != 300000 || r.MonthsSilent != 11 || r.LastPurchase != "2025-06-01" {
		t.Fatalf("row %+v", *r)
	}
	if !w.plan.Disabled() {
		t.Error("plan enabled with nothing selected")
	}
	w.table.tbl.Select(widgetCell(0))
	if w.plan.Disabled() {
		t.Fatal("plan disabled after selecting")
	}
	w.planNow(r, "致电天明眼镜公司", "", "")
	acts, _ := svc.Accounts.Actions(r.ID)
	if len(acts) != 1 || acts[0].Kind != accounts.ActionWinBack || acts[0].Status != "open" || acts[0].Due != "2026-06-17" {
		t.Fatalf("actions %+v", acts)
	}
	if !w.table.rows[0].Planned {
		t.Error("row not marked planned")
	}
	// The months: a bad value is refused with a message, 12 stores and empties the list.
	w.months.SetText("0")
	test.Tap(w.save)
	if svc.Accounts.WinBackMonths() != accounts.DefaultWinBackMonths {
		t.Error("0 months stored")
	}
	w.months.SetText("12")
	test.Tap(w.save)
	if svc.Accounts.WinBackMonths() != 12 || len(w.table.rows) != 0 {
		t.Errorf("12 months: setting %d, %d rows", svc.Accounts.WinBackMonths(), len(w.table.rows))
	}
}

func widgetCell(row int) widget.TableCellID { return widget.TableCellID{Row: row, Col: 0} }

// TestSettings_WinBackMonths: the Settings section stores the period, refuses
// 0, and the win-back tab picks the stored value up.
func TestSettings_WinBackMonths(t *testing.T) {
	u, svc, s := accountsUI(t)
	st := u.settingsScreen()
	test.NewTempWindow(t, st.content())
	w := st.winback
	if w.months.Text != "6" {
		t.Fatalf("shows %q, want the default 6", w.months.Text)
	}
	w.months.SetText("0")
	test.Tap(w.save)
	if svc.Accounts.WinBackMonths() != 6 || w.err.Text == "" {
		t.Errorf("0 accepted or not explained: %d %q", svc.Accounts.WinBackMonths(), w.err.Text)
	}
	w.months.SetText("12")
	test.Tap(w.save)
	if svc.Accounts.WinBackMonths() != 12 {
		t.Fatalf("stored %d, want 12", svc.Accounts.WinBackMonths())
	}
	s.content()
	if s.wb.months.Text != "12" {
		t.Errorf("win-back tab shows %q months", s.wb.months.Text)
	}
}
