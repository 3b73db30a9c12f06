package core

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes a file through a temporary file in the same folder,
// renamed over path only once complete, so a failed export never leaves half
// a file (nor harms the file it would replace). The file is readable by the
// user only, where the OS allows.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = fmt.Errorf("folder %s: %w", dir, pe.Err) // not the temporary name
		}
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 256<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	// CreateTemp made it readable by the user only (0600 where the OS has
	// modes), and so it stays: exports, charts and backups hold customers.
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
