package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// FuzzArgs runs the command line on arbitrary arguments (the input split at
// NUL): it must never panic (Main turns a panic into "Internal error") and
// exit only 0, 1 or 2. The data folder and the working directory are
// temporary, and slashes are taken out of the arguments, so whatever files
// a command writes land there; demo is left out (it writes 307 customers).
func FuzzArgs(f *testing.F) {
	for _, s := range []string{
		"", "--help", "version", "check", "check\x00--repair", "customer\x00list\x00--format\x00json\x00--limit\x00-1",
		"customer\x00add\x00--name\x00宝岛\x00--tier\x00Z", "customer\x00set\x00宝岛\x00tier=A\x00=\x00notes=\x00",
		"customer\x00show\x00", "customer\x00delete\x00nobody", "import\x00customers\x00missing.csv\x00--map\x00\"=,=\"",
		"import\x00undo\x00x\x00--force", "export\x00customers\x00--out\x00x.xlsx\x00--encoding\x00gb18030",
		"report\x00sales\x00--by\x00week\x00--from\x002025-13", "chart\x00sales\x00--out\x00c.png\x00--width\x000",
		"complaint\x00add\x00--customer\x00x\x00--category\x00quality", "complaint\x00update\x00x\x00--satisfaction\x009",
		"rate\x00set\x00USD\x002025-01-01\x00-1", "settings\x00set\x00base_currency\x00", "--data", "--lang\x00xx\x00check",
		"--format=yaml\x00customer\x00list", "--\x00customer", "-psn_0_123", "customer\x00add\x00--name=😀\u202e\x00--revenue\x001e309",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	wd, err := os.Getwd()
	if err != nil {
		f.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { os.Chdir(wd) })
	data := dir + string(os.PathSeparator) + "数据 folder"
	f.Fuzz(func(t *testing.T, s string) {
		var args []string
		if s != "" {
			args = strings.Split(strings.NewReplacer("/", "_", "\\", "_").Replace(s), "\x00")
		}
		for _, a := range args {
			if strings.Contains(a, "demo") {
				return
			}
		}
		args = append(args, "--data", data)
		var out, errb bytes.Buffer
		code := Main(args, &out, &errb, func(string, string) int { return 0 })
		if code < 0 || code > 2 {
			t.Fatalf("%q: exit %d", args, code)
		}
		if strings.Contains(errb.String(), "Internal error") {
			t.Fatalf("%q: %s", args, errb.String())
		}
		if code != 0 && strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 && !strings.Contains(strings.Join(args, " "), "help") {
			t.Fatalf("%q: more than one line on stderr: %q", args, errb.String())
		}
	})
}
