package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kehu-crm/kehu/app/i18n"
	ksync "github.com/kehu-crm/kehu/app/sync"
)

func printSyncHelp(w io.Writer) {
	writeAligned(w, [][]string{
		{"  DIR", i18n.L("a folder every computer reaches: a network share, a Nutstore, Dropbox or OneDrive folder, a USB stick")},
	}, nil, false)
}

// syncDir is the one DIR argument of a sync command, which must exist.
func syncDir(cmd string, pos []string) (string, error) {
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return "", usageErr(cmd, "Give the sync folder: kehu {{.Cmd}} DIR.", map[string]any{"Cmd": cmd})
	}
	if fi, err := os.Stat(pos[0]); err != nil || !fi.IsDir() {
		return "", fail("The sync folder {{.Dir}} does not exist or is not a folder: create it or check the path.", map[string]any{"Dir": pos[0]})
	}
	return pos[0], nil
}

func runSyncExport(c *ctx, flags map[string]string, pos []string) error {
	dir, err := syncDir("sync export", pos)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	res, err := svc.Sync.SyncExport(dir)
	if err != nil {
		return fail("Sync export to {{.Dir}} failed: {{.Err}}", map[string]any{"Dir": dir, "Err": err.Error()})
	}
	if c.format == formatJSON {
		files := res.Written
		if files == nil {
			files = []string{}
		}
		b, _ := json.Marshal(map[string]any{"device": res.Device, "exported": res.Exported, "files": files})
		fmt.Fprintln(c.stdout, string(b))
		return nil
	}
	fmt.Fprintln(c.stdout, i18n.L("Exported {{.N}} changes in {{.Files}} files to {{.Dir}} (device {{.Device}}).",
		map[string]any{"N": res.Exported, "Files": len(res.Written), "Dir": dir, "Device": res.Device}))
	return nil
}

func runSyncImport(c *ctx, flags map[string]string, pos []string) error {
	dir, err := syncDir("sync import", pos)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	res, err := svc.Sync.SyncImport(dir)
	if err != nil {
		return fail("Sync import from {{.Dir}} failed: {{.Err}}", map[string]any{"Dir": dir, "Err": err.Error()})
	}
	skipped := make([]map[string]string, 0, len(res.Skipped))
	for _, s := range res.Skipped {
		fmt.Fprintln(c.stderr, i18n.L("skipped {{.File}}: {{.Reason}}", map[string]any{"File": s.Path, "Reason": s.Message()}))
		skipped = append(skipped, map[string]string{"file": s.Path, "reason": s.Message()})
	}
	if c.format == formatJSON {
		b, _ := json.Marshal(map[string]any{"device": res.Device, "applied": res.Applied, "changes": res.Changes,
			"conflicts": res.Conflicts, "skipped": skipped})
		fmt.Fprintln(c.stdout, string(b))
		return nil
	}
	fmt.Fprintln(c.stdout, i18n.L("Applied {{.Files}} files ({{.N}} changes) from {{.Dir}}; {{.Conflicts}} new conflicts, {{.Skipped}} files skipped.",
		map[string]any{"Files": res.Applied, "N": res.Changes, "Dir": dir, "Conflicts": res.Conflicts, "Skipped": len(res.Skipped)}))
	if res.Conflicts > 0 {
		fmt.Fprintln(c.stdout, i18n.L("See them with: kehu sync conflicts"))
	}
	return nil
}

var syncConflictColumns = []Column{
	{Key: "entity", Label: "Record"},
	{Key: "id", Label: "ID"},
	{Key: "field", Label: "Field"},
	{Key: "kept", Label: "Kept value"},
	{Key: "lost", Label: "Lost value"},
	{Key: "lost_by", Label: "Lost change"},
	{Key: "found", Label: "Found"},
}

func runSyncConflicts(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("sync conflicts", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	list, err := svc.Sync.SyncConflicts()
	if err != nil {
		return err
	}
	t := &Table{Cols: syncConflictColumns}
	for _, k := range list {
		t.Rows = append(t.Rows, []any{i18n.L(k.Entity), k.ID, k.Field, ksync.ConflictShown(k, k.Winner), ksync.ConflictShown(k, k.Loser),
			k.LostBy, k.Found.Format("2006-01-02T15:04:05Z07:00")})
	}
	return t.write(c.stdout, c.format)
}

func runSyncDismiss(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "sync dismiss"
	if len(pos) != 3 {
		return usageErr(cmd, "Give the conflict's id, field and lost change, as kehu sync conflicts lists them.")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	list, err := svc.Sync.SyncConflicts()
	if err != nil {
		return err
	}
	for _, k := range list {
		if k.ID == pos[0] && k.Field == pos[1] && k.LostBy == pos[2] {
			return svc.Sync.DismissConflict(k.Key())
		}
	}
	return fail("No such conflict: see kehu sync conflicts.")
}

func runSyncNow(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "sync now"
	if len(pos) > 1 {
		return usageErr(cmd, "Give at most one sync folder.")
	}
	if done, err := syncNowServer(c, flags, pos); done { // sync_pg.go
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	chosen, err := svc.Sync.SyncFolder()
	if err != nil {
		return err
	}
	dir := chosen
	if len(pos) == 1 {
		if dir, err = syncDir(cmd, pos); err != nil {
			return err
		}
	}
	if dir == "" {
		return usageErr(cmd, "Give the sync folder: kehu {{.Cmd}} DIR.", map[string]any{"Cmd": cmd})
	}
	if chosen == "" {
		if err := svc.Sync.SetSyncFolder(dir); err != nil {
			return err
		}
	}
	res, err := svc.Sync.Sync(dir)
	for _, s := range res.Skipped {
		fmt.Fprintln(c.stderr, i18n.L("skipped {{.File}}: {{.Reason}}", map[string]any{"File": s.Path, "Reason": s.Message()}))
	}
	if err != nil {
		return fail("Sync through {{.Dir}} failed: {{.Err}}", map[string]any{"Dir": dir, "Err": err.Error()})
	}
	if c.format == formatJSON {
		b, _ := json.Marshal(map[string]any{"device": res.Device, "applied": res.Applied, "changes": res.Changes,
			"conflicts": res.Conflicts, "skipped": len(res.Skipped), "exported": res.Exported})
		fmt.Fprintln(c.stdout, string(b))
		return nil
	}
	fmt.Fprintln(c.stdout, i18n.L("Applied {{.Files}} files ({{.N}} changes) from {{.Dir}}; {{.Conflicts}} new conflicts, {{.Skipped}} files skipped.",
		map[string]any{"Files": res.Applied, "N": res.Changes, "Dir": dir, "Conflicts": res.Conflicts, "Skipped": len(res.Skipped)}))
	fmt.Fprintln(c.stdout, i18n.L("Exported {{.N}} changes in {{.Files}} files to {{.Dir}} (device {{.Device}}).",
		map[string]any{"N": res.Exported, "Files": len(res.Written), "Dir": dir, "Device": res.Device}))
	return nil
}

// runSetSyncSeal sets the team's sync key, or chooses plain sync (yes/no),
// and says what that means.
func runSetSyncSeal(c *ctx, name, value string) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	if name == ksync.SettingSyncKey {
		if err := svc.Sync.SetSyncKey(value); err != nil {
			return fail("Could not change {{.Name}}: {{.Err}}.", map[string]any{"Name": name, "Err": err.Error()})
		}
		fmt.Fprintln(c.stdout, i18n.L("The team's sync key is set on this computer: what it syncs is sealed with it (AES-256-GCM), and it opens what the others sealed. Enter the same key on every computer of the team."))
		return nil
	}
	on := value == "yes"
	if !on && value != "no" {
		return usageErr("settings set", "Give sync_plain yes or no.")
	}
	if err := svc.Sync.SetPlainSync(on); err != nil {
		return fail("Could not change {{.Name}}: {{.Err}}.", map[string]any{"Name": name, "Err": err.Error()})
	}
	if on {
		fmt.Fprintln(c.stdout, i18n.L(ksync.PlainSyncMsg))
	} else {
		fmt.Fprintln(c.stdout, i18n.L("Plain sync is off: an encrypted folder syncs only with the team's sync key."))
	}
	return nil
}
