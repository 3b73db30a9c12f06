//go:build !windows && !darwin

package views

// nativeDialogs: on Linux Fyne's own dialog is used (sqweek/dialog would
// need GTK's headers to build).
const nativeDialogs = false

func nativeFile(save bool, title, dir, name string, exts []string) (string, error) {
	return "", nil
}
