package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ExportsDir is the folder inside the data folder where Kehu writes what it
// cannot write beside its source, such as the rejected rows of a file in a
// read-only folder.
const ExportsDir = "exports"

// CreateTemp makes the rejected-rows file's temporary; a test (of this
// package or of an import's) replaces it to play a read-only folder where
// permissions do not stop the user (root).
var CreateTemp = os.CreateTemp

// WriteRejected writes the rows an import could not take — its columns plus
// a reason — and after them the rows it took with a warning (the full list
// the screen and the command line summarise), as UTF-8 with a BOM, so Excel
// on a Chinese Windows opens it as it is, the user fixes the rows and imports
// them again. It goes beside the source file; when that folder cannot be
// written, into the exports folder of the data folder, else the temp folder:
// the file never stops an import. It writes a temporary file and renames it,
// never half a file. The path returned says where it went. dataDir is the
// open data folder ("" for none).
func WriteRejected(dataDir string, t *Table, rows []Row, issues []RowIssue, tr func(string) string) (string, error) {
	name := filepath.Base(t.File)
	name = strings.TrimSuffix(name, filepath.Ext(name)) + ".rejected.csv"
	dirs := []string{filepath.Dir(t.File)}
	if dataDir != "" {
		dirs = append(dirs, filepath.Join(dataDir, ExportsDir))
	}
	dirs = append(dirs, os.TempDir())
	var errs []error
	for i, dir := range dirs {
		if i > 0 {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		path := filepath.Join(dir, name)
		err := writeRejectedAt(path, t, rows, issues, tr)
		if err == nil {
			return path, nil
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("write the rejected rows of %s: %w", t.File, errors.Join(errs...))
}

func writeRejectedAt(path string, t *Table, rows []Row, issues []RowIssue, tr func(string) string) error {
	tmp, err := CreateTemp(filepath.Dir(path), ".kehu-rejected-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	tmp.WriteString("\ufeff")
	w := csv.NewWriter(tmp)
	w.UseCRLF = true
	w.Write(append(append([]string{tr("Line")}, t.Header...), tr("Reason")))
	for i, r := range rows {
		rec := append([]string{fmt.Sprint(r.Line)}, r.Cells...)
		rec = append(rec, issueText(issues[i], tr))
		w.Write(append(rec, r.Extra...)) // cells past the header, kept after the reason
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// issueText is the reason column of an issue: a rejection's message, or a
// warning's with its column and value.
func issueText(r RowIssue, tr func(string) string) string {
	if !r.Warning {
		return tr(r.Msg)
	}
	s := tr("Imported with a warning") + ": "
	if r.Column != "" {
		s += r.Column + ": "
	}
	if r.Value != "" {
		s += fmt.Sprintf("%q ", r.Value)
	}
	return s + tr(r.Msg)
}
