package views

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// serverRow is Settings → Sync's PostgreSQL server: when its URL is set,
// "Sync now" pushes to and pulls from it instead of using the folder. The
// field shows the saved URL with its password as ****; given back
// unchanged, the saved password stays.
type serverRow struct {
	p   *syncPanel
	url *keyEntry
	row fyne.CanvasObject
}

func newServerRow(p *syncPanel) *serverRow {
	r := &serverRow{p: p, url: newEntry()}
	r.url.SetPlaceHolder("postgres://USER:PASSWORD@HOST:5432/DATABASE")
	r.row = container.NewVBox(
		note(i18n.L("Or, for larger teams, a PostgreSQL database every computer reaches. When its URL is set, Sync now uses it instead of the folder; Kehu makes its tables on first use.")),
		container.NewBorder(nil, nil, widget.NewLabel(i18n.L("PostgreSQL server")), nil, r.url))
	return r
}

// load shows the saved URL, password masked.
func (r *serverRow) load() {
	u, err := r.p.u.svc.Sync.SyncURL()
	if err != nil {
		setMsg(r.p.msg, err.Error(), true)
	}
	r.url.SetText(ksync.MaskURL(u))
}

func (r *serverRow) chosen() bool { return strings.TrimSpace(r.url.Text) != "" }

// syncNow saves the URL (a bad one is refused here, before any network)
// and syncs through the server.
func (r *serverRow) syncNow() {
	svc := r.p.u.svc
	if err := svc.Sync.SetSyncURL(r.url.Text); err != nil {
		setMsg(r.p.msg, i18n.L("Could not save: {{.Err}}", map[string]any{"Err": err.Error()}), true)
		return
	}
	u, err := svc.Sync.SyncURL() // the saved one, also when the field shows it masked
	if err != nil {
		setMsg(r.p.msg, err.Error(), true)
		return
	}
	r.p.run(func() (*ksync.Result, error) { return svc.Sync.SyncServer(context.Background(), u) })
}

// serverSummary adds, to a sync's summary, the server it went through.
func serverSummary(b *strings.Builder, r *ksync.Result) {
	if r.Server != "" {
		b.WriteString("\n")
		b.WriteString(i18n.L("Through the PostgreSQL server {{.Server}}.", map[string]any{"Server": r.Server}))
	}
	if r.Plain {
		b.WriteString("\n")
		b.WriteString(i18n.L(ksync.PlainConnectionMsg, map[string]any{"Server": r.Server}))
	}
}
