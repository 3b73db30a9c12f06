// Package cli is Kehu's command line: it parses arguments, calls the use cases
// in app and prints tables, CSV or JSON. It has no logic of its own.
package cli

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// Window opens the desktop window on a data folder and returns the exit code.
// main passes views.Run, so this package never imports the window.
type Window func(dataDir, lang string) int

// Exit codes.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// exit ends the process when a signal arrives; tests never send one.
var exit = os.Exit

// ctx is one run of the command line: the global flags and the open store.
type ctx struct {
	stdout, stderr io.Writer
	data           string // --data; "" means app.DefaultDataDir
	format         string // table, csv or json
	help           bool
	svc            *app.Service
	stop           func()           // ends the signal watch
	now            func() time.Time // the business clock, from MainAt's caller
}

// Main runs the command line on the wall clock (see MainAt).
func Main(args []string, stdout, stderr io.Writer, window Window) int {
	return MainAt(time.Now, args, stdout, stderr, window)
}

// MainAt runs the command line with now as the business clock (the day of
// a sale, the current month of reports) and returns the process exit code:
// 0 success, 1 error, 2 usage error. With no command it calls window.
func MainAt(now func() time.Time, args []string, stdout, stderr io.Writer, window Window) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, oneLine(i18n.L("Internal error: {{.Err}}. Please report this to support.", map[string]any{"Err": fmt.Sprint(r)})))
			code = exitError
		}
	}()
	if now == nil {
		now = time.Now
	}
	c := &ctx{stdout: stdout, stderr: stderr, format: formatTable, now: now}
	rest, lang, err := c.globals(args)
	if err == nil && len(rest) == 0 && !c.help {
		return window(c.data, lang)
	}
	// Headless, stderr carries only Kehu's own one-line messages: libraries
	// log through the standard logger (in the kehu binary, which links the
	// window, fyne logs "Error parsing user locale C" under LANG=C in a
	// scheduled job), so that is silenced for the run.
	defer log.SetOutput(log.Writer())
	log.SetOutput(io.Discard)
	i18n.Setup(lang)
	if err == nil && lang != "" && !strings.HasPrefix(lang, "zh") && !strings.HasPrefix(lang, "en") {
		err = usageErr("", "Unknown language {{.Lang}}: use --lang zh or --lang en.", map[string]any{"Lang": lang})
	}
	if err == nil && c.format != formatTable && c.format != formatCSV && c.format != formatJSON && !isExport(rest) {
		err = usageErr("", "Unknown format {{.Format}}: use --format table, csv or json.", map[string]any{"Format": c.format})
	}
	defer c.close(&code)
	if err == nil {
		err = c.dispatch(rest)
	}
	return c.report(err)
}

// globals takes --data, --lang, --format and --help out of args, wherever
// they are, in both "--flag value" and "--flag=value" forms.
func (c *ctx) globals(args []string) (rest []string, lang string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		switch name {
		case "help", "h":
			c.help = true
			continue
		case "data", "lang", "format":
		default:
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, lang, usageErr("", "The flag --{{.Flag}} needs a value.", map[string]any{"Flag": name})
			}
			i++
			value = args[i]
		}
		if strings.TrimSpace(value) == "" {
			return nil, lang, usageErr("", "The flag --{{.Flag}} needs a value.", map[string]any{"Flag": name})
		}
		switch name {
		case "data":
			c.data = value
		case "lang":
			lang = strings.ToLower(value)
		case "format":
			c.format = strings.ToLower(value)
		}
	}
	// macOS may pass a process serial number to programs opened from Finder.
	if len(rest) > 0 && strings.HasPrefix(rest[0], "-psn_") {
		rest = rest[1:]
	}
	return rest, lang, nil
}

// service opens the data folder on first use and watches for Ctrl-C, so an
// interrupted command still closes the store cleanly.
func (c *ctx) service() (*app.Service, error) {
	if c.svc != nil {
		return c.svc, nil
	}
	dir, err := c.dir()
	if err != nil {
		return nil, err
	}
	svc, err := c.open(dir) // backup_password.go: asks an encrypted folder's password
	if err != nil {
		return nil, err
	}
	c.svc = svc
	sig := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sig:
			svc.Close()
			fmt.Fprintln(c.stderr, i18n.L("Interrupted; the data folder was closed safely."))
			exit(exitInterrupted)
		case <-done:
		}
	}()
	c.stop = func() { signal.Stop(sig); close(done) }
	return svc, nil
}

// close closes the store; a failure to close turns success into an error.
func (c *ctx) close(code *int) {
	if c.svc == nil {
		return
	}
	c.stop()
	if err := c.svc.Close(); err != nil && *code == exitOK {
		*code = c.report(err)
	}
	c.svc = nil
}

// failure is an error whose text is already translated for the user.
type failure struct {
	msg  string
	code int
}

func (f *failure) Error() string { return f.msg }

// fail is an error (exit 1) with a translated message.
func fail(key string, data ...any) error {
	return &failure{msg: i18n.L(key, data...), code: exitError}
}

// usageErr is a usage error (exit 2): the translated message and where to
// read the usage of cmd.
func usageErr(cmd, key string, data ...any) error {
	hint := i18n.L("Run 'kehu --help' for the commands and flags.")
	if cmd != "" {
		hint = i18n.L("Run 'kehu {{.Cmd}} --help' for its usage.", map[string]any{"Cmd": cmd})
	}
	return &failure{msg: i18n.L(key, data...) + " " + hint, code: exitUsage}
}

// report prints err as one line on stderr and returns the exit code.
func (c *ctx) report(err error) int {
	if err == nil {
		return exitOK
	}
	var (
		f   *failure
		le  *model.LockedError
		amb *customers.AmbiguousError
		msg string
	)
	code := exitError
	switch {
	case errors.As(err, &f):
		msg, code = f.msg, f.code
	case errors.As(err, &le):
		msg = i18n.L("Kehu is already open on this data folder: {{.Dir}}", map[string]any{"Dir": le.Dir})
	case errors.As(err, &amb):
		names := make([]string, len(amb.Candidates))
		for i, r := range amb.Candidates {
			names[i] = model.Shorten(r.Name) + " (" + r.ID + ")"
		}
		msg = i18n.L("{{.Ref}} matches {{.N}} customers: {{.Names}}. Give the id instead.",
			map[string]any{"Ref": model.Shorten(amb.Ref), "N": len(amb.Candidates), "Names": strings.Join(names, ", ")})
	default:
		var ok bool
		if msg, ok = app.FolderMessage(err); !ok {
			msg = i18n.L("Failed: {{.Err}}. Check the data folder (--data) and try again.", map[string]any{"Err": err.Error()})
		}
	}
	fmt.Fprintln(c.stderr, oneLine(msg))
	return code
}
