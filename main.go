// Kehu is a desktop CRM for small companies. With no command it opens the
// window; with a command (see ../shared/CLI.md) it works headless.
package main

import (
	"os"

	"github.com/kehu-crm/kehu/app/cli"
	"github.com/kehu-crm/kehu/views"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, views.Run))
}
