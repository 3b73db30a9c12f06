package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/i18n"
)

// runBackup writes a backup of the data folder to --out (a file, or a folder
// to put a dated file in).
func runBackup(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "backup"
	if err := noArgs(cmd, pos); err != nil {
		return err
	}
	out := strings.TrimSpace(flags["out"])
	if out == "" {
		return usageErr(cmd, "Give the file to write with --out FILE (a name ending in .kehubak, or a folder).")
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		out = filepath.Join(out, backup.FileName(c.now()))
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	m, err := svc.Backup.Write(out)
	if err != nil {
		return fail("Could not write {{.File}}: {{.Err}}. Check that the folder exists and has room, then try again.",
			map[string]any{"File": out, "Err": err.Error()})
	}
	fmt.Fprintln(c.stdout, backupSummary("Backed up {{.Customers}} customers, {{.Sales}} sales and {{.Complaints}} complaints to {{.File}}.", m, out))
	return nil
}

// backupSummary fills a sentence with a manifest's counts, and says when
// the file is encrypted.
func backupSummary(key string, m *backup.Manifest, file string) string {
	s := i18n.L(key, map[string]any{"Customers": m.Counts.Customers, "Sales": m.Counts.Sales,
		"Complaints": m.Counts.Complaints, "File": file, "Date": m.CreatedAt.Local().Format("2006-01-02 15:04")})
	if m.Encrypted {
		s += " " + i18n.L("The backup is encrypted: it opens with the password the data folder had when it was made.")
	}
	return s
}

// runRestore replaces the data folder by a backup. The window or another
// command having the folder open makes it exit 1 with nothing changed.
func runRestore(c *ctx, flags map[string]string, pos []string) error {
	const cmd = "restore"
	if len(pos) != 1 {
		return usageErr(cmd, "Give the backup file to restore: kehu restore FILE [--force].")
	}
	file := pos[0]
	m, err := backup.Read(file)
	if err != nil {
		return &failure{msg: backup.Message(err, file), code: exitError}
	}
	pw := ""
	if m.Encrypted {
		if pw, err = c.password(envPassword, i18n.L("Password of the backup {{.File}}: ", map[string]any{"File": file})); err != nil {
			return err
		}
	}
	dir, err := c.dir()
	if err != nil {
		return err
	}
	if m, err = backup.Restore(dir, file, pw, flags["force"] == "true"); err != nil {
		var le *model.LockedError
		if errors.As(err, &le) {
			return err // report's message: close the other Kehu
		}
		at := file
		if errors.Is(err, model.ErrNotEmpty) {
			at = dir
		}
		return &failure{msg: backup.Message(err, at), code: exitError}
	}
	fmt.Fprintln(c.stdout, backupSummary("Restored {{.Customers}} customers, {{.Sales}} sales and {{.Complaints}} complaints from {{.File}} (made {{.Date}}).", m, file))
	return nil
}

// runEncrypt encrypts a plain data folder with a new password.
func runEncrypt(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("encrypt", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if svc.Encrypted() {
		return fail("The data folder is already encrypted; kehu password changes its password.")
	}
	pw, err := c.newPassword()
	if err != nil {
		return err
	}
	if err := svc.Backup.Encrypt(pw); err != nil {
		return &failure{msg: backup.Message(err, svc.Dir()), code: exitError}
	}
	fmt.Fprintln(c.stdout, i18n.L("The data folder is now encrypted. Keep the password safe: without it nobody, not even Kehu's support, can open the data."))
	return nil
}

// runDecrypt turns encryption off.
func runDecrypt(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("decrypt", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if !svc.Encrypted() {
		return fail("The data folder is not encrypted.")
	}
	if err := svc.Backup.Decrypt(""); err != nil {
		return &failure{msg: backup.Message(err, svc.Dir()), code: exitError}
	}
	fmt.Fprintln(c.stdout, i18n.L("The data folder is no longer encrypted."))
	return nil
}

// runPassword changes an encrypted folder's password.
func runPassword(c *ctx, flags map[string]string, pos []string) error {
	if err := noArgs("password", pos); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if !svc.Encrypted() {
		return fail("The data folder is not encrypted: kehu encrypt sets a password.")
	}
	pw, err := c.newPassword()
	if err != nil {
		return err
	}
	if err := svc.Backup.ChangePassword("", pw); err != nil {
		return &failure{msg: backup.Message(err, svc.Dir()), code: exitError}
	}
	fmt.Fprintln(c.stdout, i18n.L("Password changed. Backups made before keep the password they were made with."))
	return nil
}
