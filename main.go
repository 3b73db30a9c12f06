// Kehu is a desktop CRM for small companies. With no command it opens the
// window; with a command (see docs/CLI.md) it works headless.
package main

import (
	"os"
	"time"

	"github.com/kehu-crm/kehu/app/cli"
	"github.com/kehu-crm/kehu/views"
)

func main() {
	now := clock() // the wall clock; clock_testaids.go can fix it
	window := func(dataDir, lang string) int { return openWindow(dataDir, lang, now) }
	os.Exit(cli.MainAt(now, os.Args[1:], os.Stdout, os.Stderr, window))
}

// openWindow opens the window. kehu.exe is a console program, so that
// commands keep their output and exit code in cmd and PowerShell; a
// double-click would leave an empty console behind the window, so it is
// closed first.
func openWindow(dataDir, lang string, now func() time.Time) int {
	hideOwnConsole()
	return views.Run(dataDir, lang, now)
}
