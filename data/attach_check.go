package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// attachRecord is what the store says of one attachment: the complaint
// listing it and, once logged (logAttachments), its SHA-256 and size.
type attachRecord struct {
	Complaint string
	SHA256    string // "" when no record of its bytes was kept
	Size      int64
}

// attachmentRecords lists every attachment the store knows of, by name:
// those its complaints list and those whose bytes sync logged.
func attachmentRecords(txn *badger.Txn) (map[string]*attachRecord, error) {
	out := map[string]*attachRecord{}
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pComplaint}})
	for it.Rewind(); it.Valid(); it.Next() {
		var c struct {
			ID          string   `json:"id"`
			Attachments []string `json:"attachments"`
		}
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &c) }); err != nil {
			it.Close()
			return nil, fmt.Errorf("complaint %s: %w", it.Item().Key()[1:], err)
		}
		for _, n := range c.Attachments {
			out[n] = &attachRecord{Complaint: c.ID}
		}
	}
	it.Close()
	prefix := registerKey(KindAttachment, "")
	it = txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		name := string(it.Item().Key()[len(prefix):])
		var regs registers
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &regs) }); err != nil {
			return nil, fmt.Errorf("attachment %s: %w", name, err)
		}
		r := out[name]
		if r == nil {
			r = &attachRecord{}
			out[name] = r
		}
		_ = json.Unmarshal(regs["sha256"].Value, &r.SHA256)
		_ = json.Unmarshal(regs["size"].Value, &r.Size)
	}
	return out, nil
}

// CheckAttachments reads every attachment the store knows of through
// OpenAttachment and compares its size and SHA-256 with its record: a file
// that is gone is missing; one whose bytes differ, or that no longer
// decrypts, is altered. An attachment with no record of its bytes is only
// checked for being there and readable. The problems come sorted by name.
func (s *Store) CheckAttachments() ([]model.AttachmentProblem, error) {
	if s.dir == "" {
		return nil, nil
	}
	recs, err := s.attachmentRecords()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(recs))
	for n := range recs {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []model.AttachmentProblem
	for _, n := range names {
		r := recs[n]
		sum, size, err := s.attachFiles().sum(n)
		kind := ""
		switch {
		case errors.Is(err, os.ErrNotExist):
			kind = model.AttachmentMissing
		case errors.Is(err, model.ErrAttachmentDamaged):
			kind = model.AttachmentAltered
		case err != nil && !safeName(n):
			kind = model.AttachmentMissing // a name no file can have
		case err != nil:
			return nil, fmt.Errorf("attachment %s: %w", n, err)
		case r.SHA256 != "" && (sum != r.SHA256 || size != r.Size):
			kind = model.AttachmentAltered
		}
		if kind != "" {
			out = append(out, model.AttachmentProblem{Name: n, Complaint: r.Complaint, Kind: kind})
		}
	}
	return out, nil
}

// encryptClearAttachments encrypts the attachments a folder holds in clear
// although it is encrypted (an older Kehu wrote them so): each encrypted
// file is written and synced before its clear one is removed, so a crash
// in between leaves both, and the next open removes the clear one.
func (s *Store) encryptClearAttachments() error {
	ents, err := os.ReadDir(filepath.Join(s.dir, AttachmentsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	clear := false
	for _, e := range ents {
		clear = clear || (e.Type().IsRegular() && filepath.Ext(e.Name()) != attachExt && e.Name()[0] != '.')
	}
	if !clear {
		return nil
	}
	recs, err := s.attachmentRecords()
	if err != nil {
		return err
	}
	a, plain := s.attachFiles(), attachFiles{dir: s.dir}
	for n := range recs {
		if !safeName(n) {
			continue
		}
		if err := moveAttachment(plain, a, n); err != nil {
			return err
		}
	}
	return nil
}

// moveAttachment copies the attachment name from one folder's files to
// another's (converting it between clear and encrypted) and then removes
// it from the first; nothing happens when from has no such file. A file
// already in to is kept (an earlier, interrupted move wrote it) once it
// reads back equal to the source.
func moveAttachment(from, to attachFiles, name string) error {
	if from.path(name) == to.path(name) {
		return nil
	}
	if err := copyAttachment(from, to, name); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	return os.Remove(from.path(name))
}

// copyAttachment writes the attachment name of from into to, converting it;
// an error wraps os.ErrNotExist when from has no such file. A file already
// in to must read the same as from's.
func copyAttachment(from, to attachFiles, name string) error {
	rc, err := from.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	err = to.write(name, rc)
	if !errors.Is(err, os.ErrExist) {
		return err
	}
	sumFrom, nFrom, err := from.sum(name)
	if err != nil {
		return err
	}
	sumTo, nTo, err := to.sum(name)
	if err != nil || sumTo != sumFrom || nTo != nFrom {
		return fmt.Errorf("attachment %s: two different files hold it", name)
	}
	return nil
}

// convertAttachments writes the store's attachments as the files to holds
// them (encrypting or decrypting them; to is usually the same folder, under
// another key) and returns the paths of the old files, for the caller to
// remove once the converted store is in place. An attachment that is
// missing or does not decrypt stays as it is (check names it).
func (s *Store) convertAttachments(to attachFiles) ([]string, error) {
	from := s.attachFiles()
	if bytes.Equal(from.key, to.key) && from.dir == to.dir {
		return nil, nil
	}
	recs, err := s.attachmentRecords()
	if err != nil {
		return nil, err
	}
	var old []string
	for n := range recs {
		if !safeName(n) {
			continue
		}
		err := copyAttachment(from, to, n)
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, model.ErrAttachmentDamaged) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("attachment %s: %w", n, err)
		}
		old = append(old, from.path(n))
	}
	return old, nil
}

// attachmentRecords reads every attachment's record in one view.
func (s *Store) attachmentRecords() (recs map[string]*attachRecord, err error) {
	err = s.view(func(txn *badger.Txn) error {
		recs, err = attachmentRecords(txn)
		return err
	})
	return recs, err
}
