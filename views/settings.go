package views

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/app/sales"
)

// prefLang is the language chosen under Settings; Run uses it when neither
// --lang nor $KEHU_LANG names one.
const prefLang = "lang"

// settingCompany is the company name printed on the meeting report.
const settingCompany = "company_name"

// baseCurrencies are offered in the base-currency and rate pickers; any other
// three-letter code may be typed.
var baseCurrencies = []string{"CNY", "USD", "EUR", "HKD", "JPY"}

// languages are the interface languages, each named in itself.
var languages = []struct{ code, name string }{{"zh", "中文"}, {"en", "English"}}

// settingsScreen is 设置: company, language, currency and exchange rates,
// complaint service-time targets, the data folder and About. Each section
// saves on its own.
type settingsScreen struct {
	u    *UI
	root fyne.CanvasObject
	grid fyne.CanvasObject // the two columns of sections
	wg   sync.WaitGroup    // rate changes under way (tests wait on it)

	company     *keyEntry
	companySave *widget.Button
	companyMsg  *widget.Label

	lang     *widget.RadioGroup
	langSave *widget.Button
	langMsg  *widget.Label

	base     *keySelectEntry
	baseErr  *widget.Label
	baseSave *widget.Button
	baseNote *widget.Label
	baseMsg  *widget.Label

	rates        []model.Rate
	rateList     *fyne.Container
	rateCur      *keySelectEntry
	rateDate     *keyEntry
	rateValue    *keyEntry
	rateCurErr   *widget.Label
	rateDateErr  *widget.Label
	rateValueErr *widget.Label
	rateAdd      *widget.Button
	rateMsg      *widget.Label

	targets    map[string]*targetRow
	targetSave *widget.Button
	targetMsg  *widget.Label

	bk      *backupPanel    // settings_backup.go
	winback *winbackSetting // winback_settings.go
}

// targetRow is one severity's service-time target entries.
type targetRow struct {
	ack, res       *keyEntry
	ackErr, resErr *widget.Label
}

// settingsScreen returns the Settings screen, made on first use.
func (u *UI) settingsScreen() *settingsScreen {
	if u.settings == nil {
		u.settings = &settingsScreen{u: u}
	}
	return u.settings
}

// content builds the screen once and reloads its values each time it is shown.
func (s *settingsScreen) content() fyne.CanvasObject {
	if s.root == nil {
		s.build()
	}
	s.load()
	return s.root
}

func (s *settingsScreen) build() {
	left := container.NewVBox(s.companySection(), s.languageSection(), s.currencySection(), newSyncPanel(s.u).card)
	right := container.NewVBox(s.targetsSection(), s.winbackSection(), s.dataSection(), s.backupSection(), s.aboutSection())
	s.grid = container.NewPadded(container.NewGridWithColumns(2, left, right))
	// Both ways: a narrow window scrolls sideways rather than clipping.
	s.root = container.NewScroll(s.grid)
}

// load reads every value from the service into the widgets.
func (s *settingsScreen) load() {
	svc := s.u.svc
	for _, l := range []*widget.Label{s.companyMsg, s.langMsg, s.baseMsg, s.rateMsg, s.targetMsg} {
		setMsg(l, "", false)
	}
	name, err := svc.Setting(settingCompany)
	if err != nil {
		setMsg(s.companyMsg, err.Error(), true)
	}
	s.company.SetText(name)

	code := s.u.app.Preferences().String(prefLang)
	if code == "" {
		code = i18n.Lang()
	}
	for _, l := range languages {
		if l.code == code {
			s.lang.SetSelected(l.name)
		}
	}

	base, err := svc.Sales.BaseCurrency()
	if err != nil {
		setMsg(s.baseMsg, err.Error(), true)
	}
	s.base.SetText(base)
	setMsg(s.baseErr, "", true)
	has, err := svc.Sales.Any()
	if err != nil {
		setMsg(s.baseMsg, err.Error(), true)
	}
	if has {
		s.base.Disable()
		s.baseSave.Disable()
		s.baseNote.SetText(i18n.L("Sales are recorded in {{.Base}}, so the base currency can no longer change: the exchange rates and every report are in it.", map[string]any{"Base": base}))
	} else {
		s.base.Enable()
		s.baseSave.Enable()
		s.baseNote.SetText(i18n.L("Reports are in the base currency. It can only change before the first sale is recorded."))
	}
	s.loadRates()
	s.winback.load()

	s.bk.load()
	targets := svc.Complaints.Targets()
	for _, sev := range model.Severities {
		r, t := s.targets[sev], targets[sev]
		r.ack.SetText(wholeUnits(t.Acknowledge, time.Hour))
		r.res.SetText(wholeUnits(t.Resolve, 24*time.Hour))
		setMsg(r.ackErr, "", true)
		setMsg(r.resErr, "", true)
	}
}

// wholeUnits writes d in units, as a whole number when it is one.
func wholeUnits(d, unit time.Duration) string {
	if d%unit == 0 {
		return strconv.FormatInt(int64(d/unit), 10)
	}
	return strconv.FormatFloat(float64(d)/float64(unit), 'f', -1, 64)
}

// setMsg shows a message under a field or a section (hidden when empty),
// red for a problem, green for a success.
func setMsg(l *widget.Label, text string, problem bool) {
	l.Importance = widget.SuccessImportance
	if problem {
		l.Importance = widget.DangerImportance
	}
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

func newMsg() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func note(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// field is an entry with its error message under it.
func field(entry fyne.CanvasObject, errLabel *widget.Label) fyne.CanvasObject {
	return container.NewVBox(entry, errLabel)
}

func saveButton(fn func()) *widget.Button {
	b := widget.NewButtonWithIcon(i18n.L("Save"), theme.DocumentSaveIcon(), fn)
	b.Importance = widget.HighImportance
	return b
}

func section(title string, body ...fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewCard(title, "", container.NewVBox(body...))
}

func (s *settingsScreen) companySection() fyne.CanvasObject {
	s.company = newEntry()
	s.company.SetPlaceHolder(i18n.L("Your company's full name"))
	s.companyMsg = newMsg()
	s.companySave = saveButton(s.saveCompany)
	return section(i18n.L("Company"),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Company name")), s.companySave, s.company),
		note(i18n.L("Printed at the top of the meeting report.")),
		s.companyMsg)
}

func (s *settingsScreen) saveCompany() {
	if err := s.u.svc.SetSetting(settingCompany, s.company.Text); err != nil {
		setMsg(s.companyMsg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	setMsg(s.companyMsg, i18n.L("Saved."), false)
}

func (s *settingsScreen) languageSection() fyne.CanvasObject {
	names := make([]string, len(languages))
	for i, l := range languages {
		names[i] = l.name
	}
	s.lang = widget.NewRadioGroup(names, nil)
	s.lang.Horizontal = true
	s.lang.Required = true
	s.langMsg = newMsg()
	s.langSave = saveButton(s.saveLanguage)
	return section(i18n.L("Language"),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Interface language")), s.langSave, s.lang),
		note(i18n.L("Takes effect the next time Kehu starts. --lang or KEHU_LANG, when given, win over it.")),
		s.langMsg)
}

func (s *settingsScreen) saveLanguage() {
	for _, l := range languages {
		if l.name == s.lang.Selected {
			s.u.app.Preferences().SetString(prefLang, l.code)
			setMsg(s.langMsg, i18n.L("Saved. Restart Kehu to switch the language."), false)
			return
		}
	}
}

func (s *settingsScreen) currencySection() fyne.CanvasObject {
	s.base = newSelectEntry(baseCurrencies)
	s.baseErr = newMsg()
	s.baseSave = saveButton(s.saveBase)
	s.baseNote = note("")
	s.baseMsg = newMsg()

	s.rateList = container.NewVBox()
	s.rateCur = newSelectEntry(baseCurrencies[1:])
	s.rateCur.SetPlaceHolder(i18n.L("Currency"))
	s.rateDate = newEntry()
	s.rateDate.SetPlaceHolder(dateHint())
	s.rateValue = newEntry()
	s.rateValue.SetPlaceHolder("7.2345")
	s.rateCurErr, s.rateDateErr, s.rateValueErr = newMsg(), newMsg(), newMsg()
	s.rateAdd = widget.NewButtonWithIcon(i18n.L("Add rate"), theme.ContentAddIcon(), s.addRate)
	s.rateMsg = newMsg()
	add := container.NewGridWithColumns(4,
		field(s.rateCur, s.rateCurErr), field(s.rateDate, s.rateDateErr), field(s.rateValue, s.rateValueErr),
		container.NewVBox(s.rateAdd))

	return section(i18n.L("Currency and exchange rates"),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Base currency")), s.baseSave, field(s.base, s.baseErr)),
		s.baseNote, s.baseMsg,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(i18n.L("Exchange rates"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		note(i18n.L("From its date on, one unit of the currency is worth RATE units of the base currency; each sale uses the latest rate on or before its date.")),
		s.rateList, add, s.rateMsg)
}

func (s *settingsScreen) saveBase() {
	code, err := sales.CurrencyCode(s.base.Text)
	if err != nil || code == "" {
		setMsg(s.baseErr, i18n.L("Three letters, such as CNY or USD."), true)
		return
	}
	setMsg(s.baseErr, "", true)
	if err := s.u.svc.Sales.SetBaseCurrency(code); errors.Is(err, model.ErrHasSales) {
		setMsg(s.baseMsg, i18n.L("The base currency can only change before the first sale is recorded."), true)
		return
	} else if err != nil {
		setMsg(s.baseMsg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	s.base.SetText(code)
	s.loadRates() // a rate in the new base currency is now meaningless: the list says so
	setMsg(s.baseMsg, i18n.L("Saved."), false)
}

func (s *settingsScreen) loadRates() {
	rates, err := s.u.svc.Sales.Rates()
	if err != nil {
		setMsg(s.rateMsg, err.Error(), true)
	}
	s.rates = rates
	bold := fyne.TextStyle{Bold: true}
	objs := []fyne.CanvasObject{container.NewGridWithColumns(4,
		widget.NewLabelWithStyle(i18n.L("Currency"), fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle(i18n.L("From date"), fyne.TextAlignLeading, bold),
		widget.NewLabelWithStyle(i18n.L("Rate"), fyne.TextAlignLeading, bold),
		widget.NewLabel(""))}
	if len(rates) == 0 {
		objs = append(objs, note(i18n.L("No exchange rates yet: sales in other currencies need one before they count in the reports.")))
	}
	for _, r := range rates {
		rm := widget.NewButtonWithIcon(i18n.L("Remove"), theme.DeleteIcon(), func() { s.confirmRemove(r) })
		rm.Importance = widget.LowImportance
		objs = append(objs, container.NewGridWithColumns(4,
			widget.NewLabel(r.Currency), widget.NewLabel(r.Date), widget.NewLabel(r.Value), rm))
	}
	s.rateList.Objects = objs
	s.rateList.Refresh()
}

var decimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// validRate is a positive decimal with at most nine decimals, as the store keeps.
func validRate(v string) bool {
	if !decimal.MatchString(v) {
		return false
	}
	_, frac, _ := strings.Cut(v, ".")
	f, err := strconv.ParseFloat(v, 64)
	return err == nil && f > 0 && len(frac) <= 9
}

func (s *settingsScreen) addRate() {
	cur, err := sales.CurrencyCode(s.rateCur.Text)
	ok := true
	base, _ := s.u.svc.Sales.BaseCurrency()
	switch {
	case err != nil || cur == "":
		setMsg(s.rateCurErr, i18n.L("Three letters, such as USD."), true)
		ok = false
	case cur == base:
		setMsg(s.rateCurErr, i18n.L("{{.Cur}} is the base currency: its rate is always 1.", map[string]any{"Cur": cur}), true)
		ok = false
	default:
		setMsg(s.rateCurErr, "", true)
	}
	date, derr := s.u.parseDate(s.rateDate.Text)
	if derr != nil {
		setMsg(s.rateDateErr, derr.Error(), true)
		ok = false
	} else {
		setMsg(s.rateDateErr, "", true)
	}
	value := strings.TrimSpace(s.rateValue.Text)
	if !validRate(value) {
		setMsg(s.rateValueErr, i18n.L("A positive decimal, such as 7.2345."), true)
		ok = false
	} else {
		setMsg(s.rateValueErr, "", true)
	}
	if !ok {
		return
	}
	s.setRate(cur, date, value, func() {
		s.rateValue.SetText("")
		setMsg(s.rateMsg, i18n.L("Rate saved; the sales reports use it from {{.Date}} on.", map[string]any{"Date": date}), false)
	})
}

func (s *settingsScreen) confirmRemove(r model.Rate) {
	msg := i18n.L("Remove the {{.Cur}} rate of {{.Date}} ({{.Rate}})?", map[string]any{"Cur": r.Currency, "Date": r.Date, "Rate": r.Value})
	showConfirm(i18n.L("Remove rate"), msg, func(yes bool) {
		if yes {
			s.removeRate(r)
		}
	}, s.u.win)
}

func (s *settingsScreen) removeRate(r model.Rate) {
	s.setRate(r.Currency, r.Date, "", func() {
		setMsg(s.rateMsg, i18n.L("Rate removed."), false)
	})
}

// setRate stores a rate ("" removes it) off the interface goroutine: the
// sales rollups are rebuilt with it, which takes a while on many sales.
func (s *settingsScreen) setRate(cur, date, value string, done func()) {
	s.rateAdd.Disable()
	setMsg(s.rateMsg, i18n.L("Recalculating the sales reports…"), false)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := s.u.svc.Sales.SetRate(cur, date, value)
		fyne.Do(func() {
			s.rateAdd.Enable()
			s.loadRates()
			switch {
			case err == nil:
				done()
			case value == "" && errors.Is(err, model.ErrNoRate):
				setMsg(s.rateMsg, i18n.L("The {{.Cur}} rate of {{.Date}} was not removed: sales in {{.Cur}} need it, and no earlier rate covers them. Add an earlier rate first.", map[string]any{"Cur": cur, "Date": date}), true)
			default:
				setMsg(s.rateMsg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
			}
		})
	}()
}

func (s *settingsScreen) targetsSection() fyne.CanvasObject {
	bold := fyne.TextStyle{Bold: true}
	// Severity labels in a narrow first column, the two targets in equal halves.
	grid := container.New(layout.NewFormLayout(),
		widget.NewLabelWithStyle(i18n.L("Severity"), fyne.TextAlignLeading, bold),
		container.NewGridWithColumns(2,
			widget.NewLabelWithStyle(i18n.L("Acknowledge within (hours)"), fyne.TextAlignLeading, bold),
			widget.NewLabelWithStyle(i18n.L("Resolve within (days)"), fyne.TextAlignLeading, bold)))
	s.targets = map[string]*targetRow{}
	for _, sev := range model.Severities {
		r := &targetRow{ack: newEntry(), res: newEntry(), ackErr: newMsg(), resErr: newMsg()}
		s.targets[sev] = r
		grid.Add(widget.NewLabel(i18n.Enum("severity", sev)))
		grid.Add(container.NewGridWithColumns(2, field(r.ack, r.ackErr), field(r.res, r.resErr)))
	}
	s.targetMsg = newMsg()
	s.targetSave = saveButton(s.saveTargets)
	reset := widget.NewButtonWithIcon(i18n.L("Defaults"), theme.ContentUndoIcon(), s.defaultTargets)
	return section(i18n.L("Complaint service times"),
		grid,
		note(i18n.L("Counted from when a complaint is recorded; past the target it is overdue, highlighted and counted beside Complaints. Applies at once, to open complaints too.")),
		container.NewHBox(s.targetSave, reset),
		s.targetMsg)
}

// wholeNumber reads a whole number ≥ 1.
func wholeNumber(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil && n >= 1
}

func (s *settingsScreen) saveTargets() {
	t := complaints.Targets{}
	ok := true
	for _, sev := range model.Severities {
		r := s.targets[sev]
		h, okH := wholeNumber(r.ack.Text)
		d, okD := wholeNumber(r.res.Text)
		for _, c := range []struct {
			ok  bool
			err *widget.Label
		}{{okH, r.ackErr}, {okD, r.resErr}} {
			if c.ok {
				setMsg(c.err, "", true)
			} else {
				setMsg(c.err, i18n.L("A whole number, 1 or more."), true)
				ok = false
			}
		}
		if okH && okD && time.Duration(d)*24 < time.Duration(h) {
			setMsg(r.resErr, i18n.L("Not before the acknowledgement: at least {{.Days}} days.", map[string]any{"Days": (h + 23) / 24}), true)
			ok = false
		}
		t[sev] = complaints.Target{Acknowledge: time.Duration(h) * time.Hour, Resolve: time.Duration(d) * 24 * time.Hour}
	}
	if !ok {
		setMsg(s.targetMsg, "", false)
		return
	}
	if err := s.u.svc.Complaints.SaveTargets(t); err != nil {
		setMsg(s.targetMsg, translateSettingsErr(err), true)
		return
	}
	setMsg(s.targetMsg, i18n.L("Saved; the complaints are measured against the new targets."), false)
	s.u.complaints.reload()
	s.u.refreshBadges()
}

func (s *settingsScreen) defaultTargets() {
	for sev, t := range complaints.DefaultTargets() {
		r := s.targets[sev]
		r.ack.SetText(wholeUnits(t.Acknowledge, time.Hour))
		r.res.SetText(wholeUnits(t.Resolve, 24*time.Hour))
	}
	setMsg(s.targetMsg, i18n.L("The default targets are filled in: Save to apply them."), false)
}

func translateSettingsErr(err error) string {
	var ce *complaints.Error
	if errors.As(err, &ce) {
		return i18n.L(ce.Msg, ce.Data)
	}
	return i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()})
}

func (s *settingsScreen) dataSection() fyne.CanvasObject {
	dir := s.u.svc.Dir()
	path := widget.NewLabel(dir)
	path.Wrapping = fyne.TextWrapBreak
	path.TextStyle = fyne.TextStyle{Monospace: true}
	open := widget.NewButtonWithIcon(i18n.L("Open folder"), theme.FolderOpenIcon(), func() {
		if err := s.u.app.OpenURL(folderURL(dir)); err != nil {
			showError(err, s.u.win)
		}
	})
	return section(i18n.L("Data"),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Data folder")), open, path),
		note(i18n.L("Only one Kehu — this window or a kehu command — can have the data folder open at a time.")))
}

// folderURL is the file:// URL of a folder, Windows drive paths included.
func folderURL(dir string) *url.URL {
	p := storage.NewFileURI(dir).Path()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/… → /C:/Users/…
	}
	return &url.URL{Scheme: "file", Path: p}
}

func (s *settingsScreen) aboutSection() fyne.CanvasObject {
	about := widget.NewButtonWithIcon(i18n.L("About Kehu"), theme.InfoIcon(), func() { showAbout(s.u.win) })
	return section(i18n.L("About Kehu"),
		container.NewBorder(nil, nil, nil, about, widget.NewLabel(app.VersionLine())))
}
