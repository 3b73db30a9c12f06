package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"golang.org/x/term"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/backup"
	"github.com/kehu-crm/kehu/app/i18n"
)

// Where the command line reads passwords when not from the terminal.
const (
	envPassword    = "KEHU_PASSWORD"     // opens an encrypted folder or backup
	envNewPassword = "KEHU_NEW_PASSWORD" // kehu encrypt / kehu password
)

// dir is the data folder: --data, else app.DefaultDataDir.
func (c *ctx) dir() (string, error) {
	if c.data != "" {
		return c.data, nil
	}
	return app.DefaultDataDir()
}

// open opens the data folder, with its password when it is encrypted.
func (c *ctx) open(dir string) (*app.Service, error) {
	if !app.Encrypted(dir) {
		return app.OpenWith(dir, app.Options{Now: c.now})
	}
	pw, err := c.password(envPassword, i18n.L("Password of the data folder {{.Dir}}: ", map[string]any{"Dir": dir}))
	if err != nil {
		return nil, err
	}
	svc, err := app.OpenWith(dir, app.Options{Password: pw, Now: c.now})
	if errors.Is(err, model.ErrWrongPassword) || errors.Is(err, model.ErrKeyFileMissing) {
		return nil, &failure{msg: backup.Message(err, dir), code: exitError}
	}
	return svc, err
}

// password reads a password from the environment variable env, else from
// the terminal without echo. A script without the variable fails at once
// rather than waiting for input that never comes.
func (c *ctx) password(env, prompt string) (string, error) {
	if pw := os.Getenv(env); pw != "" {
		return pw, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", fail("A password is needed: set {{.Env}} or run kehu in a terminal to type it.", map[string]any{"Env": env})
	}
	fmt.Fprint(c.stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	if len(b) == 0 {
		return "", fail("The password is empty.")
	}
	return string(b), nil
}

// newPassword reads a new password: KEHU_NEW_PASSWORD, else typed twice.
func (c *ctx) newPassword() (string, error) {
	if pw := os.Getenv(envNewPassword); pw != "" {
		return checkNewPassword(pw)
	}
	pw, err := c.password(envNewPassword, i18n.L("New password: "))
	if err != nil {
		return "", err
	}
	again, err := c.password(envNewPassword, i18n.L("The new password again: "))
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", fail("The two passwords differ; nothing was changed.")
	}
	return checkNewPassword(pw)
}

// checkNewPassword refuses a password too short to be one.
func checkNewPassword(pw string) (string, error) {
	if len([]rune(strings.TrimSpace(pw))) < backup.MinPasswordLen {
		return "", fail("The password needs at least {{.N}} characters.", map[string]any{"N": backup.MinPasswordLen})
	}
	return pw, nil
}
