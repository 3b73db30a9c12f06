package sync

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DropFarFiles removes, from this device's own folder in the chosen
// sync folder, the files it wrote while its clock was far ahead: check
// --repair has logged their records again, dated now, and the others hold
// those files for ever (each sync would list them again). Only files named
// as Kehu names its own, ending past the skew limit, are removed.
func (s *Service) DropFarFiles() error {
	store, done := s.c.Use()
	defer done()
	dir, err := s.SyncFolder()
	if err != nil || dir == "" {
		return err
	}
	dev, err := store.DeviceID()
	if err != nil {
		return err
	}
	own := filepath.Join(dir, dev)
	files, err := os.ReadDir(own)
	if err != nil {
		return nil // no folder of ours (or it is unreachable now): nothing to tidy
	}
	limit := store.SkewLimit()
	for _, f := range files {
		var from, to uint64
		name := f.Name()
		if !f.Type().IsRegular() || !strings.HasSuffix(name, ".jsonl") {
			continue
		}
		if _, err := fmt.Sscanf(name, "%016x-%016x.jsonl", &from, &to); err != nil || batchName(from, to)+".jsonl" != name || to <= limit {
			continue
		}
		if err := os.Remove(filepath.Join(own, name)); err != nil {
			return fmt.Errorf("sync folder %s: %w", dir, err)
		}
	}
	return nil
}
