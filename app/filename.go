package app

import (
	"path/filepath"
	"strings"
)

// reservedNames are the device names Windows keeps for itself in every
// folder, with any extension: a file "CON.csv" or "nul.xlsx" cannot be
// made (https://learn.microsoft.com/windows/win32/fileio/naming-a-file).
var reservedNames = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// FileNameProblem is why Windows cannot have a file named as path's last
// element: a reserved device name (CON, NUL, COM1 …) or a character it
// forbids (':' most often, typed as in "报表 10:30.csv"); "" when it can. It
// is checked on every platform, since the files travel to Windows.
func FileNameProblem(path string) (why string, ok bool) {
	base := filepath.Base(path)
	if i := strings.LastIndexAny(base, `\/`); i >= 0 {
		base = base[i+1:]
	}
	stem, _, _ := strings.Cut(base, ".")
	if reservedNames[strings.ToUpper(strings.TrimRight(stem, " "))] {
		return "reserved", false
	}
	if strings.ContainsAny(base, `:*?"<>|`) {
		return "char", false
	}
	return "", true
}
