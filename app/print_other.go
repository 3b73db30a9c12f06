//go:build !windows

package app

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// lp is the print command, a variable so tests can name a missing one.
var lp = "lp"

func printFile(path string) error {
	out, err := exec.Command(lp, "--", path).CombinedOutput()
	if errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("%w (%s is not installed)", ErrNoPrintPath, lp)
	}
	if err != nil {
		// lp refuses when no printer is set up ("no default destination").
		return fmt.Errorf("%w (%s: %v)", ErrNoPrintPath, lp, strings.TrimSpace(string(out)))
	}
	return nil
}
