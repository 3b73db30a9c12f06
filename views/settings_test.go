package views

import (
	"strings"
	"testing"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/i18n/i18ntest"
)

// openSettings shows 设置 and returns its screen.
func openSettings(t *testing.T, u *UI) *settingsScreen {
	t.Helper()
	for i, sc := range u.screens {
		if sc.title == "Settings" {
			onTest(func() { u.show(i) })
			u.waitLoads()
			return u.settings
		}
	}
	t.Fatal("no Settings screen")
	return nil
}

func TestSettings_SaveCompanyAndTargets(t *testing.T) {
	u, svc := newTestUI(t)
	s := openSettings(t, u)

	test.Type(s.company, "上海明视眼镜有限公司")
	test.Tap(s.companySave)
	if got, _ := svc.Setting("company_name"); got != "上海明视眼镜有限公司" {
		t.Errorf("company_name %q", got)
	}
	if !s.companyMsg.Visible() || s.companyMsg.Importance != widget.SuccessImportance {
		t.Errorf("company message %q", s.companyMsg.Text)
	}

	hi := s.targets["high"]
	if hi.ack.Text != "4" || hi.res.Text != "3" {
		t.Fatalf("high shows %s h / %s d, want the defaults 4 / 3", hi.ack.Text, hi.res.Text)
	}
	hi.ack.SetText("")
	test.Type(hi.ack, "2")
	hi.res.SetText("")
	test.Type(hi.res, "1")
	s.targets["low"].res.SetText("10")
	test.Tap(s.targetSave)
	got := svc.Complaints.Targets()
	if got["high"] != (complaints.Target{Acknowledge: 2 * time.Hour, Resolve: 24 * time.Hour}) {
		t.Errorf("high %+v", got["high"])
	}
	if got["low"].Resolve != 10*24*time.Hour || got["medium"] != complaints.DefaultTargets()["medium"] {
		t.Errorf("low/medium %+v", got)
	}
	if stored, _ := svc.Setting(complaints.SettingTargets); !strings.Contains(stored, `"high":{"acknowledge":"2h0m0s","resolve":"24h0m0s"}`) {
		t.Errorf("stored %s", stored)
	}
	if s.targetMsg.Importance != widget.SuccessImportance {
		t.Errorf("targets message %q", s.targetMsg.Text)
	}

	// Shown again, the screen reads the saved values back.
	onTest(func() { u.show(0) }) // Home loads its figures; they hand over under uiMu
	u.waitLoads()
	s = openSettings(t, u)
	if s.company.Text != "上海明视眼镜有限公司" || s.targets["high"].ack.Text != "2" || s.targets["low"].res.Text != "10" {
		t.Errorf("reloaded: %q %s %s", s.company.Text, s.targets["high"].ack.Text, s.targets["low"].res.Text)
	}
}

func TestSettings_TargetsValidation(t *testing.T) {
	u, svc := newTestUI(t)
	s := openSettings(t, u)
	for _, tc := range []struct{ ack, res, field, want string }{
		{"0", "3", "ack", "A whole number, 1 or more."},
		{"4", "1.5", "res", "A whole number, 1 or more."},
		{"abc", "3", "ack", "A whole number, 1 or more."},
		{"48", "1", "res", "Not before the acknowledgement: at least 2 days."},
	} {
		r := s.targets["medium"]
		r.ack.SetText(tc.ack)
		r.res.SetText(tc.res)
		test.Tap(s.targetSave)
		l := r.ackErr
		if tc.field == "res" {
			l = r.resErr
		}
		if !l.Visible() || l.Text != tc.want {
			t.Errorf("%s/%s: %s message %q (visible %v), want %q", tc.ack, tc.res, tc.field, l.Text, l.Visible(), tc.want)
		}
		if svc.Complaints.Targets()["medium"] != complaints.DefaultTargets()["medium"] {
			t.Fatalf("%s/%s saved", tc.ack, tc.res)
		}
	}
	test.Tap(s.targetSave) // still invalid: nothing saved
	s.defaultTargets()
	test.Tap(s.targetSave)
	if s.targets["medium"].ackErr.Visible() || s.targets["medium"].resErr.Visible() {
		t.Error("error still shown after a valid save")
	}
}

func TestSettings_Rates(t *testing.T) {
	u, svc := newTestUI(t)
	s := openSettings(t, u)

	// Invalid: each field says what is wrong, nothing is stored.
	s.rateCur.SetText("US")
	s.rateDate.SetText("2024/13/1") // 2024/1/1 is a date since issue 23's one date reading
	s.rateValue.SetText("-7")
	test.Tap(s.rateAdd)
	s.wg.Wait()
	for l, want := range map[*widget.Label]string{
		s.rateCurErr:   "Three letters, such as USD.",
		s.rateDateErr:  errBadDate().Error(),
		s.rateValueErr: "A positive decimal, such as 7.2345.",
	} {
		if !l.Visible() || l.Text != want {
			t.Errorf("message %q, want %q", l.Text, want)
		}
	}
	if rs, _ := svc.Sales.Rates(); len(rs) != 0 {
		t.Fatalf("rates stored: %v", rs)
	}
	s.rateCur.SetText("CNY")
	s.rateDate.SetText("2024-01-01")
	s.rateValue.SetText("0")
	test.Tap(s.rateAdd)
	if s.rateCurErr.Text != "CNY is the base currency: its rate is always 1." || s.rateValueErr.Text == "" || s.rateDateErr.Visible() {
		t.Errorf("messages %q / %q / %q", s.rateCurErr.Text, s.rateDateErr.Text, s.rateValueErr.Text)
	}

	// Valid: stored and listed.
	s.rateCur.SetText("usd")
	s.rateValue.SetText("7.1")
	test.Tap(s.rateAdd)
	s.wg.Wait()
	rs, _ := svc.Sales.Rates()
	if len(rs) != 1 || rs[0] != (model.Rate{Currency: "USD", Date: "2024-01-01", Value: "7.1"}) {
		t.Fatalf("rates %v", rs)
	}
	if len(s.rates) != 1 || len(s.rateList.Objects) != 2 || s.rateCurErr.Visible() {
		t.Errorf("list %d rows, rates %v", len(s.rateList.Objects), s.rates)
	}

	// A USD sale needs the rate: removing it is refused with the reason.
	c := &model.Customer{Name: "宝岛眼镜公司"}
	if _, err := svc.Customers.Add(c); err != nil {
		t.Fatal(err)
	}
	if err := svc.Sales.Add(&model.Sale{Date: "2024-03-01", CustomerID: c.ID, Amount: 10000, Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	s.removeRate(rs[0])
	s.wg.Wait()
	if !strings.Contains(s.rateMsg.Text, "sales in USD need it") || s.rateMsg.Importance != widget.DangerImportance {
		t.Errorf("refusal %q", s.rateMsg.Text)
	}
	if rs, _ := svc.Sales.Rates(); len(rs) != 1 {
		t.Fatalf("rate removed: %v", rs)
	}

	// With an earlier rate it may go.
	s.rateDate.SetText("2023-01-01")
	s.rateValue.SetText("6.9")
	test.Tap(s.rateAdd)
	s.wg.Wait()
	s.removeRate(model.Rate{Currency: "USD", Date: "2024-01-01", Value: "7.1"})
	s.wg.Wait()
	if rs, _ := svc.Sales.Rates(); len(rs) != 1 || rs[0].Date != "2023-01-01" || s.rateMsg.Text != "Rate removed." {
		t.Errorf("after remove: %v, %q", rs, s.rateMsg.Text)
	}
}

func TestSettings_BaseCurrencyLockedBySales(t *testing.T) {
	u, svc := newTestUI(t)
	s := openSettings(t, u)
	if s.base.Disabled() {
		t.Fatal("disabled without sales")
	}
	s.base.SetText("XX1")
	test.Tap(s.baseSave)
	if s.baseErr.Text != "Three letters, such as CNY or USD." {
		t.Errorf("message %q", s.baseErr.Text)
	}
	s.base.SetText("usd")
	test.Tap(s.baseSave)
	if b, _ := svc.Sales.BaseCurrency(); b != "USD" || s.base.Text != "USD" {
		t.Fatalf("base %s, entry %s", b, s.base.Text)
	}

	c := &model.Customer{Name: "杨氏眼镜店"}
	if _, err := svc.Customers.Add(c); err != nil {
		t.Fatal(err)
	}
	if err := svc.Sales.Add(&model.Sale{Date: "2024-03-01", CustomerID: c.ID, Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	onTest(func() { u.show(0) }) // Home loads its figures; they hand over under uiMu
	u.waitLoads()
	s = openSettings(t, u)
	if !s.base.Disabled() || !s.baseSave.Disabled() || !strings.Contains(s.baseNote.Text, "can no longer change") {
		t.Errorf("not locked: %v %v %q", s.base.Disabled(), s.baseSave.Disabled(), s.baseNote.Text)
	}
}

func TestSettings_LanguagePreference(t *testing.T) {
	u, _ := newTestUI(t)
	s := openSettings(t, u)
	if s.lang.Selected != "English" {
		t.Errorf("selected %q", s.lang.Selected)
	}
	s.lang.SetSelected("中文")
	test.Tap(s.langSave)
	if got := u.app.Preferences().String(prefLang); got != "zh" {
		t.Errorf("preference %q", got)
	}
	if !strings.Contains(s.langMsg.Text, "Restart") {
		t.Errorf("message %q", s.langMsg.Text)
	}
}

func TestAbout_ShowsVersionLine(t *testing.T) {
	newTestUI(t)
	found := false
	for _, o := range test.LaidOutObjects(aboutContent()) {
		if l, ok := o.(*widget.Label); ok && l.Text == app.VersionLine() {
			found = true
		}
	}
	if !found {
		t.Error("About does not show the version line")
	}
	if u := folderURL("/home/李娜/Kehu"); u.String() != "file:///home/%E6%9D%8E%E5%A8%9C/Kehu" {
		t.Errorf("folder URL %s", u)
	}
}

// TestSettings_MessagesTranslated checks every string of the Settings and
// About screens has a Chinese translation.
func TestSettings_MessagesTranslated(t *testing.T) {
	i18ntest.Check(t, []string{"settings.go", "about.go", "../app/complaints/targets.go"}, 30,
		i18ntest.Call("i18n.L", 0), i18ntest.Call("complaintErr", 0))
}

// TestSettings_FitsWindow: in either language both columns fit the default
// 1200-wide window beside the navigation, so nothing scrolls sideways.
func TestSettings_FitsWindow(t *testing.T) {
	for _, l := range []string{"en", "zh"} {
		u, _ := newTestUI(t)
		i18n.Setup(l)
		s := &settingsScreen{u: u}
		s.build()
		s.load()
		if w, avail := s.grid.MinSize().Width, u.body.Size().Width; w > avail {
			t.Errorf("%s: settings need %.0f px, the window has %.0f", l, w, avail)
		}
	}
	i18n.Setup("en")
}
