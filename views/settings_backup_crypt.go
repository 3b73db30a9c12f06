package views

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/i18n"
)

// passwordForm is a dialog of password entries, checked by ok before it
// closes: ok returns the message to show under the form, "" to accept.
func (p *backupPanel) passwordForm(title, about string, labels []string, ok func(pw []string) string, done func(pw []string)) dialog.Dialog {
	entries := make([]*widget.Entry, len(labels))
	items := []*widget.FormItem{}
	for i, l := range labels {
		entries[i] = widget.NewPasswordEntry()
		items = append(items, widget.NewFormItem(l, entries[i]))
	}
	problem := newMsg()
	intro := widget.NewLabel(about)
	intro.Wrapping = fyne.TextWrapWord
	items = append([]*widget.FormItem{widget.NewFormItem("", intro)}, append(items, widget.NewFormItem("", problem))...)
	values := func() []string {
		v := make([]string, len(entries))
		for i, e := range entries {
			v[i] = e.Text
		}
		return v
	}
	d := dialog.NewForm(title, i18n.L("OK"), i18n.L("Cancel"), items, func(yes bool) {
		if yes {
			done(values())
		}
	}, p.s.u.win)
	// The form closes only on valid input: OK stays disabled until then,
	// and the line under the entries says what is missing.
	check := func(string) { setMsg(problem, ok(values()), true) }
	for _, e := range entries {
		e.Validator = func(string) error {
			if msg := ok(values()); msg != "" {
				return errors.New(msg)
			}
			return nil
		}
		e.OnChanged = check
	}
	d.Resize(fyne.NewSize(520, 0))
	showDialog(d, p.s.u.win)
	p.s.u.win.Canvas().Focus(entries[0])
	return d
}

// askPassword asks one password and passes it on.
func (p *backupPanel) askPassword(title, about string, done func(pw string)) {
	p.passwordForm(title, about, []string{i18n.L("Password")}, func(pw []string) string {
		if pw[0] == "" {
			return i18n.L("Type the password.")
		}
		return ""
	}, func(pw []string) { done(pw[0]) })
}

// newPasswordProblem checks a new password typed twice.
func newPasswordProblem(pw, again string) string {
	switch {
	case len([]rune(pw)) < backup.MinPasswordLen:
		return i18n.L("At least {{.N}} characters.", map[string]any{"N": backup.MinPasswordLen})
	case pw != again:
		return i18n.L("The two passwords differ.")
	}
	return ""
}

func (p *backupPanel) askEncrypt() {
	p.passwordForm(i18n.L("Turn on encryption"),
		i18n.L("Kehu will ask this password each time it starts. Without it nobody — not even Kehu's support — can open the data or its backups: write it down somewhere safe."),
		[]string{i18n.L("New password"), i18n.L("Again")},
		func(pw []string) string { return newPasswordProblem(pw[0], pw[1]) },
		func(pw []string) { p.encrypt(pw[0]) })
}

func (p *backupPanel) askChangePassword() {
	p.passwordForm(i18n.L("Change password"),
		i18n.L("Backups made before keep the password they were made with."),
		[]string{i18n.L("Current password"), i18n.L("New password"), i18n.L("Again")},
		func(pw []string) string {
			if pw[0] == "" {
				return i18n.L("Type the current password.")
			}
			return newPasswordProblem(pw[1], pw[2])
		},
		func(pw []string) { p.changePassword(pw[0], pw[1]) })
}

func (p *backupPanel) askDecrypt() {
	p.askPassword(i18n.L("Turn off encryption"),
		i18n.L("The data will be stored unencrypted: anyone who has this computer's files can read it. Type the current password to confirm."),
		p.decrypt)
}

// encrypt, changePassword and decrypt rewrite the data folder with a
// progress dialog and say how it went.
func (p *backupPanel) encrypt(pw string) {
	p.cryptWork(func() error { return p.s.u.svc.Backup.Encrypt(pw) },
		i18n.L("The data folder is now encrypted. Keep the password safe: without it nobody, not even Kehu's support, can open the data."))
}

func (p *backupPanel) changePassword(old, pw string) {
	p.cryptWork(func() error { return p.s.u.svc.Backup.ChangePassword(old, pw) },
		i18n.L("Password changed. Backups made before keep the password they were made with."))
}

func (p *backupPanel) decrypt(old string) {
	p.cryptWork(func() error { return p.s.u.svc.Backup.Decrypt(old) }, i18n.L("The data folder is no longer encrypted."))
}

func (p *backupPanel) cryptWork(work func() error, success string) {
	p.busy(i18n.L("Rewriting the data folder…"), work, func(err error) {
		p.load()
		if err != nil {
			setMsg(p.encMsg, backup.Message(err, p.s.u.svc.Dir()), true)
			return
		}
		setMsg(p.encMsg, success, false)
	})
}
