package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// keyRow is Settings → Sync's team sync key: set once per team and entered
// on each computer, it seals what this computer syncs; an encrypted folder
// syncs only with it, unless the team chooses plain sync, which is said
// once, when it is chosen.
type keyRow struct {
	p     *syncPanel
	key   *widget.Entry
	save  *widget.Button
	plain *widget.Check
	row   fyne.CanvasObject
}

func newKeyRow(p *syncPanel) *keyRow {
	r := &keyRow{p: p, key: widget.NewPasswordEntry()}
	r.save = widget.NewButton(i18n.L("Save key"), r.saveKey)
	r.plain = widget.NewCheck(i18n.L("Sync in clear (no sync key)"), r.setPlain)
	r.row = container.NewVBox(
		note(i18n.L("The team's sync key seals what this computer syncs, attachments too (AES-256-GCM), and opens what the others sealed. Choose it once for the team, at least 12 characters, and enter the same key on every computer. An encrypted data folder syncs only with it, unless the team chooses to sync in clear.")),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Team sync key")), r.save, r.key),
		r.plain)
	return r
}

// load shows whether a key is set (never the key) and the plain choice.
func (r *keyRow) load() {
	svc := r.p.u.svc
	r.key.SetText("")
	if svc.Sync.SyncKeySet() {
		r.key.SetPlaceHolder(i18n.L("Set on this computer; type a new one to change it"))
	} else {
		r.key.SetPlaceHolder(i18n.L("Not set"))
	}
	r.plain.Checked = svc.Sync.PlainSync() // no OnChanged: nothing to save
	r.plain.Refresh()
}

func (r *keyRow) saveKey() {
	if err := r.p.u.svc.Sync.SetSyncKey(r.key.Text); err != nil {
		setMsg(r.p.msg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	r.load()
	setMsg(r.p.msg, i18n.L("The team's sync key is set on this computer: what it syncs is sealed with it (AES-256-GCM), and it opens what the others sealed. Enter the same key on every computer of the team."), false)
}

func (r *keyRow) setPlain(on bool) {
	if err := r.p.u.svc.Sync.SetPlainSync(on); err != nil {
		setMsg(r.p.msg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	if on {
		setMsg(r.p.msg, i18n.L(ksync.PlainSyncMsg), true)
	} else {
		setMsg(r.p.msg, i18n.L("Plain sync is off: an encrypted folder syncs only with the team's sync key."), false)
	}
}
