package app

import "testing"

func TestVersionLine(t *testing.T) {
	if got := VersionLine(); got[:len("kehu "+Version)] != "kehu "+Version {
		t.Errorf("VersionLine %q", got)
	}
}
