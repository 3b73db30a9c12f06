//go:build !windows

package cli

import "io"

// osCSVBOM reports whether CSV written to w needs a BOM: never outside
// Windows, where UTF-8 is what every program expects.
func osCSVBOM(w io.Writer, file bool) bool { return false }
