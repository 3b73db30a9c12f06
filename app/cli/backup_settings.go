package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/i18n"
)

// runSetBackupKeep sets how many automatic backups the window keeps.
func runSetBackupKeep(c *ctx, v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > 1000 {
		return usageErr("settings set", "backup_keep is a whole number from 0 (no automatic backups) to 1000, not {{.Value}}.", map[string]any{"Value": strconv.Quote(v)})
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if err := svc.Backup.SetKeep(n); err != nil {
		return fail("Could not change {{.Name}}: {{.Err}}.", map[string]any{"Name": backup.SettingKeep, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.Name}} is now {{.Value}}.", map[string]any{"Name": backup.SettingKeep, "Value": n}))
	return nil
}

// backupSettingRows are settings list's rows for backups and encryption.
func backupSettingRows(svc *app.Service) [][]any {
	keep, _ := svc.Backup.Keep()
	enc := "off"
	if svc.Encrypted() {
		enc = "on"
	}
	return [][]any{{backup.SettingKeep, "", strconv.Itoa(keep)}, {"encryption", "", enc}}
}
