// Kehu is a desktop CRM for small companies. With no command it opens the
// window; with a command (see docs/CLI.md) it works headless.
package main

import (
	"os"

	"github.com/kehu-crm/kehu/app/cli"
	"github.com/kehu-crm/kehu/views"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, window))
}

// window opens the window. kehu.exe is a console program, so that commands
// keep their output and exit code in cmd and PowerShell; a double-click
// would leave an empty console behind the window, so it is closed first.
func window(dataDir, lang string) int {
	hideOwnConsole()
	return views.Run(dataDir, lang)
}
