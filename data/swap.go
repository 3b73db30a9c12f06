package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"
)

// The data folder is the user's: Kehu's store is only some of the files in
// it (storeFile). A restore, a change of encryption or the demo builds a new
// store in a staging folder inside the data folder and then moves the store
// files alone: the old ones into a retired folder, the new ones into their
// place. Everything else — attachments, backups, kehu.log, the user's own
// notes and exports — never moves. The folder itself is never renamed, so a
// file open in another program or a folder that is a link does not matter.
//
// The swap is all or nothing across a kill at any moment: readyMark, written
// once the new store is whole, decides it. Without it, the next open removes
// the staging folder (the old store never moved); with it, the next open
// finishes the swap (finishSwap is idempotent), so the new store is never
// deleted while it is the only copy.
const (
	stagingName = "kehu.new"    // the new store while it is built
	retiredName = "kehu.old"    // the old store's files while the new ones move in
	readyMark   = "kehu.ready"  // in stagingName: the new store is whole, the swap goes forward
	movedMark   = "kehu.moving" // in stagingName: the old store's files are all in retiredName
)

// storeFile reports whether name, a file in the data folder, is part of the
// store: Badger's files and the key file. Only these move in a swap.
func storeFile(name string) bool {
	switch filepath.Ext(name) {
	case ".vlog", ".sst", ".mem":
		return true
	}
	switch name {
	case "MANIFEST", "MANIFEST-REWRITE", "KEYREGISTRY", "REWRITE-KEYREGISTRY", "DISCARD",
		model.KeyFileName, model.KeyFileName + ".new", model.KeyFileName + ".tmp":
		return true
	}
	return false
}

// newStaging makes the empty staging folder of dir, which the caller has
// locked or open, after any swap a crash interrupted is finished.
func newStaging(dir string) (string, error) {
	if err := recoverLocked(dir); err != nil {
		return "", err
	}
	staging := filepath.Join(dir, stagingName)
	if err := os.Mkdir(staging, 0o700); err != nil {
		return "", fmt.Errorf("make %s: %w", staging, err)
	}
	return staging, nil
}

// swapIn puts the whole, closed store in dir's staging folder in the place of
// dir's store; the caller holds dir's lock. Past readyMark a failure leaves
// the swap to be finished by the next open, never undone.
func swapIn(dir string) error {
	staging := filepath.Join(dir, stagingName)
	syncDir(staging)
	if err := writeMark(filepath.Join(staging, readyMark)); err != nil {
		removeAll(staging)
		return fmt.Errorf("replace the store: %w", err)
	}
	return finishSwap(dir)
}

// finishSwap moves the old store's files into the retired folder, then the
// new ones into dir, then removes both folders. Each step checks what is
// already done, so a second run after a crash completes the first.
func finishSwap(dir string) error {
	staging, retired := filepath.Join(dir, stagingName), filepath.Join(dir, retiredName)
	if _, err := os.Stat(filepath.Join(staging, movedMark)); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(retired, 0o700); err != nil {
			return fmt.Errorf("replace the store: %w", err)
		}
		if err := moveFiles(dir, retired, storeFile); err != nil {
			return fmt.Errorf("replace the store: move the old store aside: %w", err)
		}
		syncDir(retired)
		syncDir(dir)
		if err := writeMark(filepath.Join(staging, movedMark)); err != nil {
			return fmt.Errorf("replace the store: %w", err)
		}
	}
	if err := moveFiles(staging, dir, storeFile); err != nil {
		return fmt.Errorf("replace the store: move the new store in: %w", err)
	}
	syncDir(dir)
	if err := removeAll(retired); err != nil {
		return fmt.Errorf("remove the old store: %w", err)
	}
	if err := removeAll(staging); err != nil {
		return fmt.Errorf("remove the staging folder: %w", err)
	}
	return nil
}

// beforeRename, set by tests, stops a swap before a given rename as a
// kill would.
var beforeRename func() error

// moveFiles renames the files of from that match into to.
func moveFiles(from, to string, match func(string) bool) error {
	ents, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() || !match(e.Name()) {
			continue
		}
		if beforeRename != nil {
			if err := beforeRename(); err != nil {
				return err
			}
		}
		if err := os.Rename(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// writeMark writes an empty marker file and syncs it and its folder.
func writeMark(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	syncDir(filepath.Dir(path))
	return err
}

// syncDir makes renames in dir durable where the OS can (not on Windows,
// whose renames are durable with the files' metadata). Best effort.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// recoverSwap finishes or undoes what a crash interrupted in dir before it
// opens: a swap (finishSwap or removing an unfinished staging folder), the
// folders an older Kehu set beside dir, and backups/*.tmp (never whole: a
// backup file is renamed into place complete).
func recoverSwap(dir string) error {
	if err := recoverLegacy(dir); err != nil {
		return err
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if !pending(dir) {
		return nil
	}
	lock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer lock.Close()
	return recoverLocked(dir)
}

// pending reports whether dir holds anything recoverLocked would act on,
// so a plain open needs no lock of its own.
func pending(dir string) bool {
	for _, n := range []string{stagingName, retiredName} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, BackupsDir, ".*.tmp"))
	return len(tmps) > 0
}

// recoverLocked is recoverSwap's work inside dir, with dir locked.
func recoverLocked(dir string) error {
	staging, retired := filepath.Join(dir, stagingName), filepath.Join(dir, retiredName)
	if _, err := os.Stat(filepath.Join(staging, readyMark)); err == nil {
		if err := finishSwap(dir); err != nil {
			return fmt.Errorf("finish replacing the store of %s: %w", dir, err)
		}
	}
	// No readyMark: the new store was never whole and the old one never
	// moved. A retired folder then is only there if the old store is also
	// in dir (finishSwap removes it before the staging folder); should dir
	// have lost its store, the retired one is put back rather than removed.
	if HoldsStore(retired) && !HoldsStore(dir) {
		if err := moveFiles(retired, dir, storeFile); err != nil {
			return fmt.Errorf("put back the store of %s: %w", dir, err)
		}
	}
	for _, d := range []string{staging, retired} {
		if err := removeAll(d); err != nil {
			return fmt.Errorf("remove %s: %w", d, err)
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, BackupsDir, ".*.tmp"))
	for _, t := range tmps {
		if err := os.Remove(t); err != nil {
			return fmt.Errorf("remove the unfinished backup %s: %w", t, err)
		}
	}
	return nil
}

// Older Kehu versions swapped whole folders: the new store was built beside
// dir (dir.restore-*, dir.convert-*) and the old folder renamed aside
// (dir.before-restore-*).
const asideInfix = ".before-restore-"

var legacyInfixes = []string{".restore-", ".convert-"}

// recoverLegacy finishes such a swap: with no store in dir the newest
// folder set aside goes back in place (the new store never arrived); with
// one, the folders set aside and the unfinished new stores beside it are
// removed (none is then the only copy of anything). With no store anywhere
// but in a new store beside dir, nothing is removed.
func recoverLegacy(dir string) error {
	dir = filepath.Clean(dir)
	asides, err := legacyDirs(dir, asideInfix)
	if err != nil {
		return err
	}
	slices.Sort(asides)
	if len(asides) > 0 && !HoldsStore(dir) {
		newest := asides[len(asides)-1]
		os.Remove(dir) // only if empty: never anything written since
		if err := os.Rename(newest, dir); err != nil {
			return fmt.Errorf("put back the data a restore set aside in %s: %w", newest, err)
		}
		asides = asides[:len(asides)-1]
	}
	if !HoldsStore(dir) {
		return nil
	}
	for _, in := range legacyInfixes {
		more, err := legacyDirs(dir, in)
		if err != nil {
			return err
		}
		asides = append(asides, more...)
	}
	for _, a := range asides {
		if err := removeAll(a); err != nil {
			return err
		}
	}
	return nil
}

// legacyDirs lists the folders beside dir an older Kehu named dir+infix+a
// number or a time (os.MkdirTemp's digits, "20060102-150405.000"): a
// folder of the user's that only starts the same way is not one of them.
func legacyDirs(dir, infix string) ([]string, error) {
	found, err := filepath.Glob(dir + infix + "*")
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, f := range found {
		tail := strings.TrimPrefix(filepath.Base(f), filepath.Base(dir)+infix)
		if tail == "" || strings.Trim(tail, "0123456789-.") != "" {
			continue
		}
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			dirs = append(dirs, f)
		}
	}
	return dirs, nil
}
