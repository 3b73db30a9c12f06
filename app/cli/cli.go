// Package cli is Kehu's command line: it parses arguments, calls the use cases
// in app and prints tables, CSV or JSON. It has no logic of its own.
package cli

import "io"

// Window opens the desktop window on a data folder and returns the exit code.
// main passes views.Run, so this package never imports the window.
type Window func(dataDir, lang string) int

// Main runs the command line and returns the process exit code: 0 success,
// 1 error, 2 usage error. With no command it calls window.
func Main(args []string, stdout, stderr io.Writer, window Window) int {
	return window("", "")
}
