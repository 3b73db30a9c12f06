package views

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/i18n"
)

// prefBackupFolder is the folder a backup was last written to or restored from.
const prefBackupFolder = "backup.folder"

// backupPanel is the Settings section "Backup and encryption": the number of
// automatic backups, Back up now, Restore…, and the folder's encryption.
type backupPanel struct {
	s  *settingsScreen
	wg sync.WaitGroup // work under way (tests wait on it)

	keep     *keyEntry
	keepErr  *widget.Label
	keepSave *widget.Button
	last     *widget.Label
	backup   *widget.Button
	restore  *widget.Button
	msg      *widget.Label

	encState *widget.Label
	encOn    *widget.Button
	encPass  *widget.Button
	encOff   *widget.Button
	encMsg   *widget.Label
}

func (s *settingsScreen) backupSection() fyne.CanvasObject {
	p := &backupPanel{s: s}
	s.bk = p
	p.keep = newEntry()
	p.keepErr = newMsg()
	p.keepSave = saveButton(p.saveKeep)
	p.last = note("")
	p.backup = widget.NewButtonWithIcon(i18n.L("Back up now…"), theme.DocumentSaveIcon(), p.chooseBackup)
	p.restore = widget.NewButtonWithIcon(i18n.L("Restore…"), theme.HistoryIcon(), p.chooseRestore)
	p.msg = newMsg()
	p.encState = widget.NewLabel("")
	p.encState.Wrapping = fyne.TextWrapWord
	p.encOn = widget.NewButtonWithIcon(i18n.L("Turn on encryption…"), theme.VisibilityOffIcon(), p.askEncrypt)
	p.encPass = widget.NewButtonWithIcon(i18n.L("Change password…"), theme.AccountIcon(), p.askChangePassword)
	p.encOff = widget.NewButtonWithIcon(i18n.L("Turn off encryption…"), theme.VisibilityIcon(), p.askDecrypt)
	p.encOff.Importance = widget.LowImportance
	p.encMsg = newMsg()
	return section(i18n.L("Backup and encryption"),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Automatic backups to keep")), p.keepSave, field(p.keep, p.keepErr)),
		note(i18n.L("When Kehu closes it backs everything up into the backups folder inside the data folder, keeping the newest ones; 0 turns this off.")),
		p.last,
		container.NewHBox(p.backup, p.restore),
		p.msg,
		widget.NewSeparator(),
		p.encState,
		container.NewHBox(p.encOn, p.encPass, p.encOff),
		p.encMsg)
}

// load shows the current values; Settings calls it each time it is shown.
func (p *backupPanel) load() {
	svc := p.s.u.svc
	setMsg(p.keepErr, "", true)
	setMsg(p.msg, "", false)
	setMsg(p.encMsg, "", false)
	n, err := svc.Backup.Keep()
	if err != nil {
		setMsg(p.msg, err.Error(), true)
	}
	p.keep.SetText(strconv.Itoa(n))
	p.last.SetText(i18n.L("No automatic backup yet: the first is made when Kehu closes."))
	if auto, _ := svc.Backup.AutoFiles(); len(auto) > 0 {
		if m, err := backup.Read(auto[len(auto)-1]); err == nil {
			p.last.SetText(i18n.L("Last automatic backup: {{.Date}}, {{.N}} kept.",
				map[string]any{"Date": m.CreatedAt.Local().Format("2006-01-02 15:04"), "N": len(auto)}))
		}
	}
	if svc.Encrypted() {
		p.encState.SetText(i18n.L("Encryption is on (AES-256): the data and its backups cannot be read without the password, which Kehu asks at start."))
		p.encOn.Hide()
		p.encPass.Show()
		p.encOff.Show()
	} else {
		p.encState.SetText(i18n.L("Encryption is off: anyone who has this computer's files can read the customer list."))
		p.encOn.Show()
		p.encPass.Hide()
		p.encOff.Hide()
	}
}

func (p *backupPanel) saveKeep() {
	n, err := strconv.Atoi(strings.TrimSpace(p.keep.Text))
	if err != nil || n < 0 || n > 1000 {
		setMsg(p.keepErr, i18n.L("A whole number from 0 to 1000."), true)
		return
	}
	setMsg(p.keepErr, "", true)
	if err := p.s.u.svc.Backup.SetKeep(n); err != nil {
		setMsg(p.msg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	setMsg(p.msg, i18n.L("Saved."), false)
}

// busy shows a progress dialog while work runs off the interface goroutine,
// then done with its error on the interface goroutine.
func (p *backupPanel) busy(title string, work func() error, done func(error)) {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(i18n.L("Please wait; do not close Kehu.")), bar), p.s.u.win)
	d.Show()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		err := work()
		fyne.Do(func() {
			bar.Stop()
			d.Hide()
			done(err)
		})
	}()
}

func (p *backupPanel) chooseBackup() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the backup is written beside it and renamed over it
		p.backupTo(path)
	}, p.s.u.win)
	d.SetFileName(backup.FileName(p.s.u.svc.Now().Local()))
	d.SetFilter(storage.NewExtensionFileFilter([]string{backup.Ext}))
	if l := folderLister(p.s.u.app.Preferences().String(prefBackupFolder)); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fileDialogSize(p.s.u.win))
	d.Show()
}

// backupTo writes a backup to path with a progress dialog.
func (p *backupPanel) backupTo(path string) {
	p.s.u.app.Preferences().SetString(prefBackupFolder, filepath.Dir(path))
	var m *backup.Manifest
	p.busy(i18n.L("Backing up…"), func() (err error) {
		m, err = p.s.u.svc.Backup.Write(path)
		return err
	}, func(err error) {
		if err != nil {
			setMsg(p.msg, i18n.L("Could not write {{.File}}: {{.Err}}. Check that the folder exists and has room, then try again.",
				map[string]any{"File": path, "Err": err.Error()}), true)
			return
		}
		setMsg(p.msg, i18n.L("Backed up {{.Customers}} customers, {{.Sales}} sales and {{.Complaints}} complaints to {{.File}}.",
			map[string]any{"Customers": m.Counts.Customers, "Sales": m.Counts.Sales, "Complaints": m.Counts.Complaints, "File": path}), false)
	})
}

func (p *backupPanel) chooseRestore() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		p.restoreFrom(path)
	}, p.s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{backup.Ext}))
	if l := folderLister(p.s.u.app.Preferences().String(prefBackupFolder)); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fileDialogSize(p.s.u.win))
	d.Show()
}

// restoreFrom checks the backup at path whole, then asks for confirmation
// (and the backup's password when it is encrypted) before replacing the data.
func (p *backupPanel) restoreFrom(path string) {
	p.s.u.app.Preferences().SetString(prefBackupFolder, filepath.Dir(path))
	var m *backup.Manifest
	p.busy(i18n.L("Checking the backup…"), func() (err error) {
		m, err = backup.Read(path)
		return err
	}, func(err error) {
		if err != nil {
			setMsg(p.msg, backup.Message(err, path), true)
			return
		}
		p.confirmRestore(path, m)
	})
}

func (p *backupPanel) confirmRestore(path string, m *backup.Manifest) {
	msg := i18n.L("Replace ALL the data in Kehu with the backup of {{.Date}} ({{.Customers}} customers, {{.Sales}} sales, {{.Complaints}} complaints)? What was entered since is lost; an automatic backup of the current data is made first.",
		map[string]any{"Date": m.CreatedAt.Local().Format("2006-01-02 15:04"), "Customers": m.Counts.Customers, "Sales": m.Counts.Sales, "Complaints": m.Counts.Complaints})
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(i18n.L("Restore a backup"), i18n.L("Replace the data"), i18n.L("Cancel"), label, func(yes bool) {
		if !yes {
			return
		}
		if m.Encrypted {
			p.askPassword(i18n.L("The backup is encrypted"), i18n.L("The password the data folder had when the backup was made:"), func(pw string) {
				p.doRestore(path, pw)
			})
			return
		}
		p.doRestore(path, "")
	}, p.s.u.win)
	d.Resize(fyne.NewSize(520, 240))
	showDialog(d, p.s.u.win)
}

// doRestore replaces the data by the backup (the confirmation given) and
// rebuilds the window on the restored data.
func (p *backupPanel) doRestore(path, password string) {
	svc := p.s.u.svc
	p.busy(i18n.L("Restoring…"), func() error {
		if _, err := svc.Backup.Auto(); err != nil {
			return err // never replace data that could not be backed up first
		}
		_, err := svc.Backup.Restore(path, password)
		return err
	}, func(err error) {
		if errors.Is(err, model.ErrWrongPassword) {
			setMsg(p.msg, backup.Message(err, path), true)
			return
		}
		if err != nil {
			setMsg(p.msg, backup.Message(err, path), true)
			return
		}
		u := New(p.s.u.app, p.s.u.win, svc) // every screen on the restored data
		if u.settings != nil && u.settings.bk != nil {
			setMsg(u.settings.bk.msg, i18n.L("Restored from {{.File}}.", map[string]any{"File": path}), false)
		}
	})
}
