package views

import (
	"errors"
	"image/color"
	"sync"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/i18n"
)

// passwordPrompt is what the window shows on an encrypted data folder before
// anything is loaded: the password, asked again until it opens the folder.
type passwordPrompt struct {
	win   fyne.Window
	dir   string
	now   func() time.Time // the business clock the Service opens with
	open  func(*app.Service)
	entry *widget.Entry
	ok    *widget.Button
	msg   *widget.Label
	bar   *widget.ProgressBarInfinite
	wg    sync.WaitGroup // an open under way (tests wait on it)
}

// askStartPassword fills w with the password prompt for dir; open receives
// the opened service on the interface goroutine.
func askStartPassword(a fyne.App, w fyne.Window, dir string, now func() time.Time, open func(*app.Service)) *passwordPrompt {
	p := &passwordPrompt{win: w, dir: dir, now: now, open: open}
	p.entry = widget.NewPasswordEntry()
	p.entry.SetPlaceHolder(i18n.L("Password"))
	p.entry.OnSubmitted = func(string) { p.try() }
	p.ok = widget.NewButtonWithIcon(i18n.L("Open"), theme.LoginIcon(), p.try)
	p.ok.Importance = widget.HighImportance
	quit := widget.NewButton(i18n.L("Quit"), a.Quit)
	p.msg = newMsg()
	p.bar = widget.NewProgressBarInfinite()
	p.bar.Stop()
	p.bar.Hide()
	title := widget.NewLabelWithStyle(i18n.L("This data folder is encrypted"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	path := widget.NewLabel(dir)
	path.Wrapping = fyne.TextWrapBreak
	path.TextStyle = fyne.TextStyle{Monospace: true}
	form := container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.VisibilityOffIcon()), title),
		note(i18n.L("Type its password to open it. Kehu cannot recover a forgotten password.")),
		path,
		p.entry,
		p.msg,
		p.bar,
		container.NewHBox(layout.NewSpacer(), quit, p.ok))
	width := canvas.NewRectangle(color.Transparent) // the card's width; its height follows the message
	width.SetMinSize(fyne.NewSize(480, 0))
	w.SetContent(container.NewCenter(container.NewStack(width, widget.NewCard("", "", form))))
	w.Resize(fyne.NewSize(640, 400))
	w.Canvas().Focus(p.entry)
	return p
}

// try opens the folder with the typed password off the interface goroutine:
// the key derivation takes a moment on purpose.
func (p *passwordPrompt) try() {
	pw := p.entry.Text
	if pw == "" {
		setMsg(p.msg, i18n.L("Type the password."), true)
		return
	}
	p.entry.Disable()
	p.ok.Disable()
	setMsg(p.msg, "", true)
	p.bar.Show()
	p.bar.Start()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		svc, err := app.OpenWith(p.dir, app.Options{Password: pw, Now: p.now})
		onUI(func() {
			p.bar.Stop()
			p.bar.Hide()
			p.entry.Enable()
			p.ok.Enable()
			if err == nil {
				p.open(svc)
				return
			}
			var locked *model.LockedError
			switch {
			case errors.Is(err, model.ErrWrongPassword):
				setMsg(p.msg, i18n.L("Wrong password. Try again; mind the keyboard layout and Caps Lock."), true)
			case errors.As(err, &locked):
				setMsg(p.msg, i18n.L("Kehu is already open on this data folder: {{.Dir}}", map[string]any{"Dir": locked.Dir}), true)
			default:
				setMsg(p.msg, backup.Message(err, p.dir), true)
			}
			p.entry.SetText("")
			p.win.Canvas().Focus(p.entry)
		})
	}()
}

// closeStore makes the automatic backup and closes the data folder when the
// window has closed.
func closeStore(svc *app.Service) {
	if _, err := svc.Backup.Auto(); err != nil {
		fyne.LogError("automatic backup", err)
	}
	svc.Close()
}
