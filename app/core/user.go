package core

import (
	"os"
	"os/user"
	"strings"
)

// CurrentUser is who a record names when the caller names nobody (the
// author of an assessment, of a complaint's history entry): the operating
// system's user name, without a Windows domain.
func CurrentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndexAny(name, `\/`); i >= 0 { // DOMAIN\user on Windows
			name = name[i+1:]
		}
		return name
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}
