package complaints

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// AttachmentsDir is the folder holding complaint attachments.
func (s *Service) AttachmentsDir() string { return filepath.Join(s.c.Dir(), "attachments") }

// copyAttachments stores the files at paths as the complaint id's
// attachments (encrypted in an encrypted folder) and returns their names;
// on an error none of them stays.
func (s *Service) copyAttachments(id string, paths []string) ([]string, error) {
	store, done := s.c.Use()
	defer done()
	var names []string
	for _, p := range paths {
		if strings.TrimSpace(p) == "" {
			continue
		}
		name := id + "-" + filepath.Base(p)
		if err := s.copyAttachment(p, name); err != nil {
			for _, n := range names {
				store.RemoveAttachment(n)
			}
			return nil, fmt.Errorf("attachment %s: %w", p, err)
		}
		names = append(names, name)
	}
	return names, nil
}

func (s *Service) copyAttachment(from, name string) error {
	store, done := s.c.Use()
	defer done()
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	return store.WriteAttachment(name, in)
}

// ErrNoSuchAttachment means a complaint does not list the attachment asked for.
var ErrNoSuchAttachment = errors.New("the complaint has no such attachment")

// SaveAttachment writes the attachment name of complaint id, as it was
// attached (decrypted in an encrypted folder, through data's one reader
// OpenAttachment), to the file out, streamed and atomically.
func (s *Service) SaveAttachment(id, name, out string) error {
	store, done := s.c.Use()
	defer done()
	c, err := store.Complaint(id)
	if err != nil {
		return err
	}
	if !slices.Contains(c.Attachments, name) {
		return fmt.Errorf("%s: %w", name, ErrNoSuchAttachment)
	}
	rc, err := store.OpenAttachment(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return core.WriteFileAtomic(out, func(w io.Writer) error {
		_, err := io.Copy(w, rc)
		return err
	})
}

// CheckAttachments reads every complaint attachment and returns, translated,
// one line per attachment that is missing or whose size or SHA-256 no
// longer matches its record; empty means all are whole.
func (s *Service) CheckAttachments() ([]string, error) {
	store, done := s.c.Use()
	defer done()
	ps, err := store.CheckAttachments()
	var out []string
	for _, p := range ps {
		d := map[string]any{"Name": p.Name, "Complaint": p.Complaint}
		switch {
		case p.Kind == model.AttachmentMissing && p.Complaint == "":
			out = append(out, i18n.L("The attachment {{.Name}} is missing: its file is gone from the attachments folder. Restore it from a backup.", d))
		case p.Kind == model.AttachmentMissing:
			out = append(out, i18n.L("The attachment {{.Name}} of complaint {{.Complaint}} is missing: its file is gone from the attachments folder. Restore it from a backup.", d))
		case p.Complaint == "":
			out = append(out, i18n.L("The attachment {{.Name}} was altered: its size or SHA-256 no longer matches its record. Restore it from a backup.", d))
		default:
			out = append(out, i18n.L("The attachment {{.Name}} of complaint {{.Complaint}} was altered: its size or SHA-256 no longer matches its record. Restore it from a backup.", d))
		}
	}
	return out, err
}
