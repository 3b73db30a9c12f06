package app

import (
	"io"

	"github.com/kehu-crm/kehu/app/core"
)

// WriteFileAtomic writes a file through a temporary file in the same folder,
// renamed over path only once complete (core.WriteFileAtomic, which the
// feature packages call); the window and the command line call it here.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	return core.WriteFileAtomic(path, write)
}
