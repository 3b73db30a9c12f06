package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

// The PostgreSQL hub on the command line: sync push, sync pull, and sync
// now --url (or with sync_url / KEHU_SYNC_URL set and no DIR).

var syncPGCommands = []*command{
	{name: "sync push", args: "[--url postgres://USER:PASSWORD@HOST:5432/DATABASE]",
		about: "Send this computer's changes the PostgreSQL server does not have yet.",
		flags: map[string]bool{"url": true}, more: printSyncPGHelp, run: runSyncPush},
	{name: "sync pull", args: "[--url postgres://USER:PASSWORD@HOST:5432/DATABASE]",
		about: "Apply the other computers' changes from the PostgreSQL server (each batch whole or not at all).",
		flags: map[string]bool{"url": true}, more: printSyncPGHelp, run: runSyncPull},
}

// init lists them after sync now in --help.
func init() {
	i := slices.IndexFunc(commands, func(c *command) bool { return c.name == "sync now" }) + 1
	commands = slices.Insert(commands, i, syncPGCommands...)
}

func urlHelp() []string {
	return []string{"  --url", i18n.L("the PostgreSQL database every computer reaches; else KEHU_SYNC_URL, else the setting sync_url. Its tables are made on first use.")}
}

func printSyncPGHelp(w io.Writer) { writeAligned(w, [][]string{urlHelp()}, nil, false) }

func printSyncNowHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  DIR", i18n.L("a folder every computer reaches: a network share, a Nutstore, Dropbox or OneDrive folder, a USB stick")},
		urlHelp(),
	}, nil, false)
	fmt.Fprintln(w, i18n.L("With --url, or with no DIR while a server is set, sync now pushes to the server, then pulls."))
}

// serverErr is a failure of the server as one line: its own sentence, or
// a usage error when no server is given anywhere.
func serverErr(cmd string, err error) error {
	var se *ksync.ServerError
	switch {
	case errors.As(err, &se):
		return &failure{msg: se.Error(), code: exitError}
	case errors.Is(err, ksync.ErrNoSyncURL):
		return usageErr(cmd, "Give the server: --url postgres://USER:PASSWORD@HOST:5432/DATABASE, or set sync_url or KEHU_SYNC_URL.")
	}
	return fail("Sync failed: {{.Err}}", map[string]any{"Err": err.Error()})
}

func printSkipped(c *ctx, res *ksync.Result) []map[string]string {
	skipped := make([]map[string]string, 0, len(res.Skipped))
	for _, s := range res.Skipped {
		fmt.Fprintln(c.stderr, i18n.L("skipped {{.File}}: {{.Reason}}", map[string]any{"File": s.Path, "Reason": s.Message()}))
		skipped = append(skipped, map[string]string{"file": s.Path, "reason": s.Message()})
	}
	return skipped
}

func printPushed(c *ctx, res *ksync.Result) {
	fmt.Fprintln(c.stdout, i18n.L("Pushed {{.N}} changes in {{.Rows}} rows to {{.Server}} (device {{.Device}}).",
		map[string]any{"N": res.Exported, "Rows": len(res.Written), "Server": res.Server, "Device": res.Device}))
}

func printPulled(c *ctx, res *ksync.Result) {
	fmt.Fprintln(c.stdout, i18n.L("Pulled {{.Rows}} rows ({{.N}} changes) from {{.Server}}; {{.Conflicts}} new conflicts, {{.Skipped}} rows skipped.",
		map[string]any{"Rows": res.Applied, "N": res.Changes, "Server": res.Server, "Conflicts": res.Conflicts, "Skipped": len(res.Skipped)}))
	if res.Conflicts > 0 {
		fmt.Fprintln(c.stdout, i18n.L("See them with: kehu sync conflicts"))
	}
}

func runSyncPush(c *ctx, flags map[string]string, pos []string) error {
	return syncServer(c, "sync push", flags, pos, func(svc *app.Service, url string) (*ksync.Result, error) {
		return svc.Sync.SyncPush(context.Background(), url)
	}, true, false)
}

func runSyncPull(c *ctx, flags map[string]string, pos []string) error {
	return syncServer(c, "sync pull", flags, pos, func(svc *app.Service, url string) (*ksync.Result, error) {
		return svc.Sync.SyncPull(context.Background(), url)
	}, false, true)
}

// syncNowServer runs sync now through the server when --url is given, or
// no DIR is and a server is set; done is false when the folder is meant.
func syncNowServer(c *ctx, flags map[string]string, pos []string) (done bool, err error) {
	const cmd = "sync now"
	if flags["url"] != "" && len(pos) > 0 {
		return true, usageErr(cmd, "Give a sync folder or --url, not both.")
	}
	if flags["url"] == "" {
		if len(pos) > 0 {
			return false, nil
		}
		svc, err := c.service()
		if err != nil {
			return true, err
		}
		if _, err := svc.Sync.ResolveSyncURL(""); errors.Is(err, ksync.ErrNoSyncURL) {
			return false, nil
		}
	}
	return true, syncServer(c, cmd, flags, pos, func(svc *app.Service, url string) (*ksync.Result, error) {
		return svc.Sync.SyncServer(context.Background(), url)
	}, true, true)
}

func syncServer(c *ctx, cmd string, flags map[string]string, pos []string,
	do func(*app.Service, string) (*ksync.Result, error), push, pull bool) error {
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	res, err := do(svc, flags["url"])
	if res != nil && res.Plain {
		fmt.Fprintln(c.stderr, i18n.L(ksync.PlainConnectionMsg, map[string]any{"Server": res.Server}))
	}
	skipped := printSkipped(c, res)
	if err != nil {
		return serverErr(cmd, err)
	}
	if c.format == formatJSON {
		m := map[string]any{"device": res.Device, "server": res.Server}
		if push {
			m["pushed"], m["rows_pushed"] = res.Exported, len(res.Written)
		}
		if pull {
			m["rows_pulled"], m["changes"], m["conflicts"], m["skipped"] = res.Applied, res.Changes, res.Conflicts, skipped
		}
		b, _ := json.Marshal(m)
		fmt.Fprintln(c.stdout, string(b))
		return nil
	}
	if push {
		printPushed(c, res)
	}
	if pull {
		printPulled(c, res)
	}
	return nil
}

// runSetSyncURL sets (or with "" clears) the server URL.
func runSetSyncURL(c *ctx, v string) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	if err := svc.Sync.SetSyncURL(v); err != nil {
		return serverErr("settings set", err)
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.Name}} is now {{.Value}}.", map[string]any{"Name": ksync.SettingSyncURL, "Value": ksync.ServerName(v)}))
	return nil
}
