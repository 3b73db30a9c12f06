package app

import "runtime/debug"

// Version is Kehu's version; a release build sets it with
// -ldflags "-X github.com/kehu-crm/kehu/app.Version=…". Keep it equal to
// Version in FyneApp.toml.
var Version = "0.1.0"

// commit is the source revision when the build could not record one itself
// (a build outside a git checkout): -ldflags "-X github.com/kehu-crm/kehu/app.commit=…".
var commit = ""

// Commit is the source revision the binary was built from: the first 12
// characters of the git commit, with "-dirty" when the work tree had
// uncommitted changes; "" when unknown (go test, go run of a file).
func Commit() string {
	rev, dirty := commit, false
	if bi, ok := debug.ReadBuildInfo(); ok && rev == "" {
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				dirty = kv.Value == "true"
			}
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// VersionLine is what `kehu version` prints and the About dialog shows:
// "kehu 0.1.0", with the commit in brackets when known.
func VersionLine() string {
	s := "kehu " + Version
	if c := Commit(); c != "" {
		s += " (" + c + ")"
	}
	return s
}
