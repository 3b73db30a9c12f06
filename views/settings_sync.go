package views

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// maxConflictRows is how many conflicts the panel lists; the command line
// lists them all.
const maxConflictRows = 30

// syncPanel is Settings → Sync: the shared folder, "Sync now", the last
// result and the conflicts to resolve.
type syncPanel struct {
	u    *UI
	card fyne.CanvasObject
	wg   sync.WaitGroup // a sync under way (tests wait on it)

	folder    *keyEntry
	server    *serverRow // settings_sync_pg.go
	key       *keyRow    // settings_sync_key.go
	choose    *widget.Button
	now       *widget.Button
	busy      *widget.ProgressBarInfinite
	last      *widget.Label
	msg       *widget.Label
	conflicts *fyne.Container
	title     *widget.Label
	onStart   *widget.Check // remembered per computer
	onClose   *widget.Check
}

func newSyncPanel(u *UI) *syncPanel {
	p := &syncPanel{u: u}
	p.folder = newEntry()
	p.folder.SetPlaceHolder(i18n.L("A folder every computer reaches"))
	p.choose = widget.NewButtonWithIcon(i18n.L("Choose…"), theme.FolderOpenIcon(), p.pick)
	p.now = widget.NewButtonWithIcon(i18n.L("Sync now"), theme.ViewRefreshIcon(), p.syncNow)
	p.now.Importance = widget.HighImportance
	p.busy = widget.NewProgressBarInfinite()
	p.busy.Stop()
	p.busy.Hide()
	p.last = widget.NewLabel("")
	p.last.Truncation = fyne.TextTruncateEllipsis
	p.msg = newMsg()
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.conflicts = container.NewVBox()
	p.onStart = widget.NewCheck(i18n.L("Sync when Kehu starts"), func(bool) { p.saveAuto() })
	p.onClose = widget.NewCheck(i18n.L("Sync when Kehu closes"), func(bool) { p.saveAuto() })
	p.server = newServerRow(p)
	p.key = newKeyRow(p)
	p.card = section(i18n.L("Sync"),
		note(i18n.L("Computers that share this folder (a network share, a Nutstore, Dropbox or OneDrive folder, a USB stick) exchange their changes through it. Each writes only its own files.")),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("Sync folder")), p.choose, p.folder),
		p.server.row,
		p.key.row,
		container.NewBorder(nil, nil, nil, p.now, p.busy),
		container.NewHBox(p.onStart, p.onClose),
		p.last, p.msg, p.title, p.conflicts)
	p.load()
	p.u.syncs().panel = p
	p.setBusy(p.u.syncs().running)
	return p
}

// saveAuto remembers the two check boxes.
func (p *syncPanel) saveAuto() {
	if err := p.u.svc.Sync.SetSyncAuto(p.onStart.Checked, p.onClose.Checked); err != nil {
		setMsg(p.msg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
	}
}

// load shows the chosen folder, the last result and the conflicts.
func (p *syncPanel) load() {
	dir, err := p.u.svc.Sync.SyncFolder()
	if err != nil {
		setMsg(p.msg, err.Error(), true)
	}
	p.folder.SetText(dir)
	if start, end, err := p.u.svc.Sync.SyncAuto(); err == nil {
		p.onStart.Checked, p.onClose.Checked = start, end // no OnChanged: nothing to save
		p.onStart.Refresh()
		p.onClose.Refresh()
	}
	p.server.load()
	p.key.load()
	res, failed, err := p.u.svc.Sync.LastSync()
	switch {
	case err != nil:
		p.last.SetText(err.Error())
	case res == nil:
		p.last.SetText(i18n.L("Not synced yet."))
	default:
		p.last.SetText(syncSummary(res, failed))
	}
	p.loadConflicts()
}

// syncSummary is one paragraph on a sync's result.
func syncSummary(r *ksync.Result, failed string) string {
	at := r.At.Local().Format("2006-01-02 15:04")
	var b strings.Builder
	b.WriteString(i18n.L("Last sync {{.At}}: applied {{.Files}} files ({{.N}} changes), sent {{.Sent}} changes, {{.Conflicts}} new conflicts.",
		map[string]any{"At": at, "Files": r.Applied, "N": r.Changes, "Sent": r.Exported, "Conflicts": r.Conflicts}))
	for _, s := range r.Skipped {
		b.WriteString("\n")
		b.WriteString(i18n.L("Skipped {{.File}}: {{.Reason}}", map[string]any{"File": s.Path, "Reason": s.Message()}))
	}
	serverSummary(&b, r)
	if failed != "" {
		b.WriteString("\n")
		b.WriteString(i18n.L("It stopped with an error: {{.Err}}", map[string]any{"Err": failed}))
	}
	return b.String()
}

func (p *syncPanel) pick() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		p.folder.SetText(u.Path())
	}, p.u.win)
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// syncNow saves the folder and syncs off the interface goroutine.
func (p *syncPanel) syncNow() {
	if p.server.chosen() {
		p.server.syncNow()
		return
	}
	dir := strings.TrimSpace(p.folder.Text)
	if dir == "" {
		setMsg(p.msg, i18n.L("Choose the sync folder first."), true)
		return
	}
	if err := p.u.svc.Sync.SetSyncFolder(dir); err != nil {
		setMsg(p.msg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	p.run(func() (*ksync.Result, error) { return p.u.svc.Sync.Sync(dir) })
}

// run starts a sync through the window's syncer, which shows its progress
// here and its result.
func (p *syncPanel) run(sync func() (*ksync.Result, error)) {
	p.wg.Add(1)
	if !p.u.syncs().start(sync, p.wg.Done) {
		p.wg.Done() // one is under way; the button was disabled anyway
	}
}

// setBusy shows a sync under way (from any source) or its end.
func (p *syncPanel) setBusy(on bool) {
	if !on {
		p.busy.Stop()
		p.busy.Hide()
		p.now.Enable()
		p.choose.Enable()
		return
	}
	p.now.Disable()
	p.choose.Disable()
	p.busy.Show()
	p.busy.Start()
	setMsg(p.msg, i18n.L("Syncing…"), false)
}

// finished shows a sync's end and reloads the result and conflicts.
func (p *syncPanel) finished(res *ksync.Result, err error) {
	p.setBusy(false)
	if err != nil {
		setMsg(p.msg, i18n.L("Sync failed: {{.Err}}", map[string]any{"Err": err.Error()}), true)
	} else {
		setMsg(p.msg, i18n.L("Synced."), false)
	}
	p.load()
}

func (p *syncPanel) loadConflicts() {
	list, err := p.u.svc.Sync.SyncConflicts()
	p.conflicts.RemoveAll()
	if err != nil {
		p.title.SetText(err.Error())
		return
	}
	if len(list) == 0 {
		p.title.SetText(i18n.L("No conflicts."))
		return
	}
	p.title.SetText(i18n.L("Conflicts to resolve: {{.N}}", map[string]any{"N": len(list)}))
	for i, c := range list {
		if i == maxConflictRows {
			p.conflicts.Add(note(i18n.L("{{.N}} more: see kehu sync conflicts.", map[string]any{"N": len(list) - i})))
			break
		}
		p.conflicts.Add(p.conflictRow(c))
	}
}

// conflictRow says what was kept and what was lost, with buttons to keep
// the store's value or (for customers) to take the lost one.
func (p *syncPanel) conflictRow(c *ksync.Conflict) fyne.CanvasObject {
	// Two lines of one line each (what, then both values), not a wrapped
	// label: wrapped labels under-report their height inside the settings
	// scroll, which then cannot reach the last rows.
	head, values := p.describeParts(c)
	text := container.NewVBox()
	for _, t := range []string{head, values} {
		if t != "" {
			l := widget.NewLabel(t)
			l.Truncation = fyne.TextTruncateEllipsis
			text.Add(l)
		}
	}
	dismiss := widget.NewButton(i18n.L("Keep"), func() {
		if err := p.u.svc.Sync.DismissConflict(c.Key()); err != nil {
			setMsg(p.msg, err.Error(), true)
		}
		p.loadConflicts()
	})
	buttons := container.NewHBox(dismiss)
	if p.u.svc.Sync.CanUseLoser(c) {
		take := widget.NewButton(i18n.L("Use lost value"), func() {
			if err := p.u.svc.Sync.KeepLoser(c); err != nil {
				setMsg(p.msg, err.Error(), true)
			} else if p.u.customers != nil {
				p.u.customers.reload()
			}
			if c.Entity == "setting" || c.Entity == "rate" {
				if st := p.u.settings; st != nil && st.root != nil {
					st.load() // the company name or rate table shown beside
				}
			}
			p.loadConflicts()
		})
		buttons.Add(take)
	}
	return container.NewBorder(nil, nil, nil, container.NewCenter(buttons), text)
}

func (p *syncPanel) describe(c *ksync.Conflict) string {
	name, exists := p.u.svc.Sync.ConflictName(c)
	if !exists && name == c.ID && c.Entity == "customer" {
		name = i18n.L("Deleted customer {{.ID}}", map[string]any{"ID": c.ID})
	}
	if c.Field == "_parent" {
		return i18n.L("A {{.Record}} added on another computer belongs to a deleted customer; it is hidden.", map[string]any{"Record": i18n.L(c.Entity)})
	}
	field := ksync.ConflictField(c)
	return i18n.L("{{.Name}} · {{.Field}}: kept “{{.Kept}}”, lost “{{.Lost}}”", map[string]any{
		"Name": name, "Field": field, "Kept": ksync.ConflictShown(c, c.Winner), "Lost": ksync.ConflictShown(c, c.Loser)})
}

// describeParts is a conflict in two lines: what lost (record or setting,
// and field), then the value kept and the value lost.
func (p *syncPanel) describeParts(c *ksync.Conflict) (head, values string) {
	if c.Field == "_parent" {
		return p.describe(c), ""
	}
	name, exists := p.u.svc.Sync.ConflictName(c)
	if !exists && name == c.ID && c.Entity == "customer" {
		name = i18n.L("Deleted customer {{.ID}}", map[string]any{"ID": c.ID})
	}
	head = name
	if c.Entity != "setting" { // a setting has one value: its name says it
		head += " · " + ksync.ConflictField(c)
	}
	return head, i18n.L("Kept “{{.Kept}}”, lost “{{.Lost}}”", map[string]any{
		"Kept": ksync.ConflictShown(c, c.Winner), "Lost": ksync.ConflictShown(c, c.Loser)})
}
