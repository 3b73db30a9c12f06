package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Complaint attachments travel as "attachment" changes: the log and the
// registers hold a file's name, size and SHA-256 only; the bytes are read
// from the attachments folder when the change leaves (TransportJSON, as
// base64 in a "data" field, so a sync file or a database row carries
// them alike) and written to the receiver's attachments folder before the
// change is applied, only once they match the checksum (ApplyChanges). An
// attachment is immutable: its name starts with its complaint's id, and a
// file already there is never overwritten.

// AttachmentsDir is the folder under a data folder holding attachments.
const AttachmentsDir = "attachments"

// fieldData carries an attachment's bytes in transit; it is never stored.
const fieldData = "data"

// logAttachments logs the files of a new complaint; a name whose file is
// missing is not logged (there is nothing to send).
func (s *Store) logAttachments(txn *badger.Txn, names []string) error {
	if s.dir == "" {
		return nil
	}
	for _, n := range names {
		sum, size, err := s.attachFiles().sum(n)
		if errors.Is(err, os.ErrNotExist) || !safeName(n) {
			continue
		}
		if err != nil {
			return fmt.Errorf("attachment %s: %w", n, err)
		}
		sz, _ := json.Marshal(size)
		if err := logValue(txn, KindAttachment, n, map[string]json.RawMessage{"sha256": jsonString(sum), "size": sz}); err != nil {
			return err
		}
	}
	return nil
}

var attachmentMark = []byte(`"e":"` + KindAttachment + `"`)

// TransportJSON is a logged change as it travels: an attachment's with its
// bytes when the file is here and still matches its checksum (else as it
// is: the receiver lists the name without a file).
func (s *Store) TransportJSON(lc LoggedChange) ([]byte, error) {
	if !bytes.Contains(lc.JSON, attachmentMark) || s.dir == "" {
		return lc.JSON, nil
	}
	var ch model.SyncChange
	if err := json.Unmarshal(lc.JSON, &ch); err != nil {
		return nil, err
	}
	if ch.Entity != KindAttachment || !safeName(ch.ID) {
		return lc.JSON, nil
	}
	var want string
	if err := json.Unmarshal(ch.Fields["sha256"].Value, &want); err != nil {
		return lc.JSON, nil
	}
	rc, err := s.OpenAttachment(ch.ID)
	if errors.Is(err, os.ErrNotExist) {
		return lc.JSON, nil
	}
	if err != nil {
		return nil, fmt.Errorf("attachment %s: %w", ch.ID, err)
	}
	b, err := io.ReadAll(rc) // a sync file's size cap bounds it (app.syncFileBytes)
	rc.Close()
	if errors.Is(err, model.ErrAttachmentDamaged) {
		return lc.JSON, nil // altered since: sent without its bytes, as a missing one
	}
	if err != nil {
		return nil, fmt.Errorf("attachment %s: %w", ch.ID, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want {
		return lc.JSON, nil
	}
	ch.Fields[fieldData] = model.FieldChange{Value: jsonString(base64.StdEncoding.EncodeToString(b))}
	return json.Marshal(ch)
}

// safeName is a plain file name: no folder, nothing hidden.
func safeName(n string) bool {
	return n != "" && !strings.ContainsAny(n, `/\:`) && !strings.HasPrefix(n, ".") && filepath.Base(n) == n
}

// receiveAttachments writes the bytes the attachment changes carry to the
// attachments folder, each only when it matches its SHA-256, and takes
// them out of the changes. A checksum that does not match fails the whole
// set: nothing of it is applied.
func (s *Store) receiveAttachments(changes []model.SyncChange) error {
	for i := range changes {
		ch := &changes[i]
		fc, ok := ch.Fields[fieldData]
		if ch.Entity != KindAttachment || !ok {
			continue
		}
		delete(ch.Fields, fieldData)
		if !safeName(ch.ID) {
			return fmt.Errorf("attachment %q: not a file name", ch.ID)
		}
		var enc, want string
		if err := json.Unmarshal(fc.Value, &enc); err != nil {
			return fmt.Errorf("attachment %s: %w", ch.ID, err)
		}
		_ = json.Unmarshal(ch.Fields["sha256"].Value, &want)
		b, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			return fmt.Errorf("attachment %s: %w", ch.ID, err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want {
			return fmt.Errorf("attachment %s: its bytes do not match their SHA-256", ch.ID)
		}
		if s.dir == "" {
			continue
		}
		if err := s.WriteAttachment(ch.ID, bytes.NewReader(b)); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("attachment %s: %w", ch.ID, err)
		}
	}
	return nil
}

// LogExistingValues logs, once per data folder, the team settings, the
// exchange rates and the complaint attachments written before they were
// logged (by an older Kehu), so that the first export carries them too.
func (s *Store) LogExistingValues() error {
	var done bool
	if err := s.view(func(txn *badger.Txn) error {
		v, err := rawValue(txn, logValuesMark)
		done = v != nil
		return err
	}); err != nil || done {
		return err
	}
	var files []string
	if err := s.EachComplaint(func(c *model.Complaint) error {
		files = append(files, c.Attachments...)
		return nil
	}); err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		for name := range teamSettings {
			v, err := getSetting(txn, name)
			if err != nil {
				return err
			}
			if err := logSetting(txn, name, v); err != nil {
				return err
			}
		}
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pRate}})
		var rates []model.Rate
		for it.Rewind(); it.Valid(); it.Next() {
			cur, date, ok := strings.Cut(string(it.Item().Key()[1:]), string(rune(sep)))
			r := model.Rate{Currency: cur, Date: date}
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &r.Value) }); ok && err == nil {
				rates = append(rates, r)
			}
		}
		it.Close()
		for _, r := range rates {
			if err := logRate(txn, r.Currency, r.Date, r.Value); err != nil {
				return err
			}
		}
		var fresh []string
		for _, f := range files {
			if _, ok, err := getRegister(txn, KindAttachment, f, "sha256"); err != nil {
				return err
			} else if !ok {
				fresh = append(fresh, f)
			}
		}
		if err := s.logAttachments(txn, fresh); err != nil {
			return err
		}
		return txn.Set(logValuesMark, nil)
	})
}
