// Package sync moves a data folder's changes to the team's other computers
// and back: through a shared folder (files of batches of changes) or a
// PostgreSQL server (rows of the same batches, signed per device), sealed
// with the team's sync key when the folder is encrypted. It also lists the
// conflicts a sync found and writes a lost value back on request.
package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data"
)

// Service syncs one open data folder. It is safe for concurrent use.
type Service struct {
	c  *core.Core
	ed Editors

	// FileBytes caps a file's size (and a server row's); 0 means
	// fileBytes. Tests set it low to see a batch split.
	FileBytes int
}

// Editors are how a lost value of a customer or a sale is written back
// (KeepLoser): through the feature that checks and stores the record.
type Editors struct {
	UpdateCustomer func(*model.Customer) error
	UpdateSale     func(*model.Sale) error
}

// New is the sync of the folder c holds.
func New(c *core.Core, ed Editors) *Service { return &Service{c: c, ed: ed} }

// Sync through a shared folder (a network share, a Nutstore, Dropbox or
// OneDrive folder, a USB stick). Each device writes its own changes as new
// files under DIR/<device id>/ and never touches another device's files, so
// a folder-syncing client never sees two writers of one file. A file is
//
//	{"kehu_sync":1,"device":"…","from":"…","to":"…"}   header
//	{"e":"customer","id":"…","s":"…","f":{…}}          one change a line
//	{"end":true,"count":N,"sha256":"…"}                 trailer
//
// The trailer's SHA-256 covers every byte before it, so a file cut short by
// a half-finished copy, or edited by hand, is reported and skipped (and
// tried again at the next sync: the rest may still be on its way).

// Format is the version of the sync files this Kehu writes and reads.
const Format = 1

// syncFileChanges is the most changes one file holds, so that applying a
// file fits in one Badger transaction.
const syncFileChanges = 500

// fileBytes caps a file's size: attachments travel inside the files,
// and a folder-syncing client copes better with many files of a few MB
// than with one of hundreds. One change bigger than this gets a file alone.
const fileBytes = 32 << 20

// PlainConnectionMsg says that a server connection was not encrypted.
const PlainConnectionMsg = "The connection to {{.Server}} is not encrypted (sslmode=disable in the URL): names, notes and every change cross the network in clear. Remove sslmode=disable once the server offers TLS."

// Conflict is a value that lost to a concurrent change.
type Conflict = data.Conflict

// SkippedFile is a file of the sync folder that was not applied, and why
// (an English message key for i18n.L with Data).
type SkippedFile struct {
	Path   string
	Reason string
	Data   map[string]any
}

// Result says what a sync did.
type Result struct {
	At        time.Time     `json:"at"`
	Device    string        `json:"device"`
	Server    string        `json:"server,omitempty"` // a PostgreSQL hub, without its password
	Exported  int           `json:"exported"`         // changes written
	Written   []string      `json:"written"`          // files written
	Applied   int           `json:"applied"`          // files applied
	Changes   int           `json:"changes"`          // changes in the files applied
	Conflicts int           `json:"conflicts"`        // conflicts found
	Held      int           `json:"held,omitempty"`   // batches held: from a clock far ahead (also in Skipped)
	Plain     bool          `json:"plain,omitempty"`  // the server connection was not encrypted (sslmode=disable)
	Skipped   []SkippedFile `json:"skipped"`
}

type syncHeader struct {
	Format int    `json:"kehu_sync"`
	Device string `json:"device"`
	From   string `json:"from"`
	To     string `json:"to"`
	Sealed bool   `json:"sealed,omitempty"` // one line: the changes sealed with the team's sync key
}

type syncTrailer struct {
	End    bool   `json:"end"`
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
}

// DeviceID is this data folder's device id.
func (s *Service) DeviceID() (string, error) {
	st, done := s.c.Use()
	defer done()
	return st.DeviceID()
}

// SyncExport writes this device's changes since its last export to new
// files in dir/<device>/ and moves the export mark past them.
func (s *Service) SyncExport(dir string) (*Result, error) {
	res := &Result{At: s.c.Now()}
	return res, s.syncExport(dir, res)
}

func (s *Service) syncExport(dir string, res *Result) error {
	store, done := s.c.Use()
	defer done()
	dev, err := store.DeviceID()
	if err != nil {
		return err
	}
	res.Device = dev
	own := filepath.Join(dir, dev)
	mark, err := store.ExportMark()
	if err != nil {
		return err
	}
	seal, err := s.syncSealer() // sync_seal.go
	if err != nil {
		return err
	}
	return s.outgoing(mark, func(from, to uint64, list []data.LoggedChange) error {
		if err := os.MkdirAll(own, 0o700); err != nil { // the user's only: the files hold customers
			return fmt.Errorf("sync folder %s: %w", dir, err)
		}
		name := batchName(from, to) + ".jsonl"
		if err := writeSyncFile(filepath.Join(own, name), dev, from, to, list, seal); err != nil {
			return err
		}
		if err := store.SetExportMark(to); err != nil {
			return err
		}
		res.Exported += len(list)
		res.Written = append(res.Written, filepath.Join(dev, name))
		return nil
	})
}

// outgoing hands this device's changes after HLC mark to send, oldest
// first, in batches of at most syncFileChanges (a file, a server row), with
// the first and last HLC of each. Every transport sends through it.
func (s *Service) outgoing(mark uint64, send func(from, to uint64, list []data.LoggedChange) error) error {
	store, done := s.c.Use()
	defer done()
	// Records no change has logged yet (an older Kehu's, the demo's) go
	// out as created.
	if _, err := store.LogExisting(); err != nil {
		return err
	}
	if err := store.LogExistingValues(); err != nil {
		return err
	}
	if err := store.AdoptChanges(); err != nil { // a copied folder's changes, device_home.go
		return err
	}
	for {
		list, err := store.ChangesSince(mark, syncFileChanges)
		if err != nil || len(list) == 0 {
			return err
		}
		if list, err = s.transport(list); err != nil {
			return err
		}
		from, to := list[0].HLC, list[len(list)-1].HLC
		if err := send(from, to, list); err != nil {
			return err
		}
		mark = to
	}
}

// transport gives the changes as they travel (attachments with their
// bytes), as many of list as fit in one file or server row.
func (s *Service) transport(list []data.LoggedChange) ([]data.LoggedChange, error) {
	store, done := s.c.Use()
	defer done()
	size, limit := 0, s.FileBytes
	if limit <= 0 {
		limit = fileBytes
	}
	for i := range list {
		b, err := store.TransportJSON(list[i])
		if err != nil {
			return nil, err
		}
		if len(b) > MaxFileBytes-1024 { // no reader would take it: the attachment goes without its bytes
			b = list[i].JSON
		}
		if size += len(b) + 1; size > limit && i > 0 {
			return list[:i], nil
		}
		list[i].JSON = b
	}
	return list, nil
}

// batchName names a batch of changes by its first and last HLC, so names
// sort oldest first.
func batchName(from, to uint64) string { return fmt.Sprintf("%016x-%016x", from, to) }

// writeSyncFile writes a file under a temporary name and renames it, so the
// folder never shows a half-written file of ours.
// With a sealer, the changes are one sealed line (base64), bound to the
// header.
func writeSyncFile(path, dev string, from, to uint64, list []data.LoggedChange, seal *sealer) error {
	var b bytes.Buffer
	h, err := json.Marshal(syncHeader{Format: Format, Device: dev, From: fmt.Sprintf("%016x", from), To: fmt.Sprintf("%016x", to), Sealed: seal != nil})
	if err != nil {
		return err
	}
	b.Write(h)
	b.WriteByte('\n')
	lines := len(list)
	if seal != nil {
		var plain bytes.Buffer
		for i, c := range list {
			if i > 0 {
				plain.WriteByte('\n')
			}
			plain.Write(c.JSON)
		}
		box, err := seal.seal(plain.Bytes(), h)
		if err != nil {
			return err
		}
		b.WriteString(base64.StdEncoding.EncodeToString(box))
		b.WriteByte('\n')
		lines = 1
	} else {
		for _, c := range list {
			b.Write(c.JSON)
			b.WriteByte('\n')
		}
	}
	b.Write(Trailer(b.Bytes(), lines))
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// SyncImport applies the other devices' files in dir that this device has
// not applied yet, each in one transaction. Files that are not Kehu sync
// files, are cut short or damaged are listed in Skipped, never applied.
func (s *Service) SyncImport(dir string) (*Result, error) {
	res := &Result{At: s.c.Now()}
	return res, s.syncImport(dir, res)
}

func (s *Service) syncImport(dir string, res *Result) error {
	store, done := s.c.Use()
	defer done()
	dev, err := store.DeviceID()
	if err != nil {
		return err
	}
	res.Device = dev
	top, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	// Whatever happens, the caches are read again: some files may have
	// been applied before an error.
	defer s.c.Changed(applied)
	for _, e := range top {
		name := e.Name()
		path := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, "."), name == dev:
			continue
		case !e.IsDir() || !data.ValidDevice(name):
			res.skip(path, "Not a Kehu sync file or device folder.", nil)
			continue
		}
		if err := s.importDevice(dir, name, res); err != nil {
			return err
		}
	}
	return nil
}

// Message is the reason in the interface's language.
func (f SkippedFile) Message() string { return i18n.L(f.Reason, f.Data) }

func (r *Result) skip(path, reason string, d map[string]any) {
	r.Skipped = append(r.Skipped, SkippedFile{Path: path, Reason: reason, Data: d})
}

func (s *Service) importDevice(dir, dev string, res *Result) error {
	store, release := s.c.Use()
	defer release()
	files, err := os.ReadDir(filepath.Join(dir, dev))
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	names := make([]string, 0, len(files))
	typeOf := make(map[string]os.FileMode, len(files))
	for _, f := range files {
		if !strings.HasPrefix(f.Name(), ".") {
			names = append(names, f.Name())
			typeOf[f.Name()] = f.Type() // from the directory: links are not followed
		}
	}
	sort.Strings(names) // oldest first: names start with the HLC
	for _, name := range names {
		path := filepath.Join(dir, dev, name)
		if !strings.HasSuffix(name, ".jsonl") {
			res.skip(path, "Not a Kehu sync file or device folder.", nil)
			continue
		}
		if !typeOf[name].IsRegular() { // never opened: a pipe would block, /dev/zero never end
			res.skip(path, notRegularMsg, nil)
			continue
		}
		done, err := store.Applied(dev, name)
		if err != nil {
			return err
		}
		if done {
			continue
		}
		changes, reason, d := readSyncFile(path, dev, s.syncOpener())
		if reason != "" {
			res.skip(path, reason, d)
			continue
		}
		s.applyBatch(dev, name, path, changes, res)
	}
	return nil
}

// applyBatch applies one batch of another device's changes (a file, a
// server row) in one transaction, named so applying it again does nothing.
// A batch that cannot be applied is reported as skipped at where; nothing
// of it is applied.
func (s *Service) applyBatch(dev, name, where string, changes []model.SyncChange, res *Result) bool {
	store, done := s.c.Use()
	defer done()
	r, err := store.ApplyChanges(dev, name, changes)
	var ahead *model.ClockAheadError
	if errors.As(err, &ahead) {
		res.skip(where, clockWrongMsg, map[string]any{"Device": dev, "At": ahead.At.Format("2006-01-02 15:04"), "Hours": int(model.MaxClockSkew.Hours())})
		res.Held++
		return false
	}
	if errors.Is(err, model.ErrNoRate) {
		res.skip(where, "A sale in another currency has no exchange rate here: add the rate, then sync again ({{.Err}}).", map[string]any{"Err": err.Error()})
		return false
	}
	if err != nil {
		res.skip(where, "Could not apply the file, so nothing of it was applied: {{.Err}}.", map[string]any{"Err": err.Error()})
		return false
	}
	if !r.Already {
		res.Applied++
		res.Changes += r.Changes
		res.Conflicts += r.Conflicts
	}
	return true
}

// clockWrongMsg reports a batch held because it is stamped more than
// data.MaxClockSkew ahead of this computer's clock.
const clockWrongMsg = "Held, not applied: from a computer whose clock is wrong (device {{.Device}}, a change dated {{.At}} UTC, more than {{.Hours}} hours ahead of this computer). Set that computer's date and time right and run “kehu check --repair” there: its changes then come again. If this computer's clock is the wrong one, set it right."

// applied is what applying other devices' changes may touch.
const applied = core.Customers | core.Sales | core.Complaints | core.Accounts | core.Settings

// Trailer is the end line of a sync file whose lines before it are
// body, holding count changes.
func Trailer(body []byte, count int) []byte {
	sum := sha256.Sum256(body)
	t, _ := json.Marshal(syncTrailer{End: true, Count: count, SHA256: hex.EncodeToString(sum[:])})
	return append(t, '\n')
}
