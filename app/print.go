package app

import "errors"

// ErrNoPrintPath means the system has no way to print the file: on Windows
// no program is registered to print PDF files; elsewhere there is no `lp`
// (CUPS) or no printer it can use.
var ErrNoPrintPath = errors.New("no program or printer to print this file")

// PrintFile sends a file to the system's print path: ShellExecute "print"
// on Windows (the PDF reader prints it), `lp` on macOS and Linux
// (print_*.go). Its errors wrap ErrNoPrintPath when there is none.
func PrintFile(path string) error { return printFile(path) }
