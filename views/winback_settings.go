package views

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// winbackSetting is the Settings section of the win-back period: how many
// whole months without a purchase make a customer lost.
type winbackSetting struct {
	u      *UI
	months *keyEntry
	err    *widget.Label
	msg    *widget.Label
	save   *widget.Button
}

func (s *settingsScreen) winbackSection() fyne.CanvasObject {
	w := &winbackSetting{u: s.u, months: newEntry(), err: newMsg(), msg: newMsg()}
	s.winback = w
	w.months.OnSubmitted = func(string) { w.store() }
	w.save = saveButton(w.store)
	row := container.New(layout.NewFormLayout(), widget.NewLabel(i18n.L("Lost after (months)")), field(w.months, w.err))
	return section(i18n.L("Win-back (客户再生)"),
		row,
		note(i18n.L("A customer who bought before but nothing in this many whole months (the current month not counted) is listed under Key accounts → Win-back.")),
		container.NewHBox(w.save),
		w.msg)
}

// load shows the stored value.
func (w *winbackSetting) load() {
	w.months.SetText(strconv.Itoa(w.u.svc.Accounts.WinBackMonths()))
	setMsg(w.err, "", true)
	setMsg(w.msg, "", false)
}

func (w *winbackSetting) store() {
	n, err := strconv.Atoi(w.months.Text)
	if err != nil || n < 1 || n > 120 {
		setMsg(w.err, i18n.L("Enter the months as a whole number from 1 to 120."), true)
		return
	}
	setMsg(w.err, "", true)
	if err := w.u.svc.Accounts.SetWinBackMonths(n); err != nil {
		setMsg(w.msg, translateSettingsErr(err), true)
		return
	}
	setMsg(w.msg, i18n.L("Saved; the win-back list uses {{.N}} months.", map[string]any{"N": n}), false)
}
