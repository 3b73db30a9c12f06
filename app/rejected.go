package app

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-crm/kehu/app/importer"
)

// writeRejected writes the rows an import could not take beside the source
// file — its columns plus a reason — as UTF-8 with a BOM, so Excel on a
// Chinese Windows opens it as it is, the user fixes the rows and imports them
// again. It writes a temporary file and renames it, never half a file.
func writeRejected(t *importer.Table, rows []importer.Row, issues []RowIssue, tr func(string) string) (string, error) {
	ext := filepath.Ext(t.File)
	path := strings.TrimSuffix(t.File, ext) + ".rejected.csv"
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kehu-rejected-*.csv")
	if err != nil {
		return "", fmt.Errorf("write rejected rows beside %s: %w", t.File, err)
	}
	defer os.Remove(tmp.Name())
	tmp.WriteString("\ufeff")
	w := csv.NewWriter(tmp)
	w.UseCRLF = true
	w.Write(append(append([]string{tr("Line")}, t.Header...), tr("Reason")))
	for i, r := range rows {
		rec := append([]string{fmt.Sprint(r.Line)}, r.Cells...)
		rec = append(rec, tr(issues[i].Msg))
		w.Write(append(rec, r.Extra...)) // cells past the header, kept after the reason
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}
