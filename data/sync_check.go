package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/kehu-crm/kehu/data/model"
)

// CheckSyncChange checks a change that arrived from another device (a sync
// file, a server row) before anything of its batch is applied, with the
// bounds an import applies: a known entity, a well-formed id and stamp,
// _exists a boolean, every field of the JSON type its record declares
// (numbers within int64), dates within years 1900–2100, amounts within
// ±10¹³ minor units, enumerations known, no NUL in any value.
//
// An edit carries only the fields it changed: they are decoded into the
// record's type and checked by CheckRecord, the validation every way a
// record arrives goes through.
func CheckSyncChange(ch *model.SyncChange) error {
	if !validKind(ch.Entity) {
		return fmt.Errorf("unknown entity %q", model.Shorten(ch.Entity))
	}
	if !syncID(ch.Entity, ch.ID) {
		return fmt.Errorf("%s: malformed id %q", ch.Entity, model.Shorten(ch.ID))
	}
	if _, _, err := parseStamp(ch.Stamp); err != nil || ch.Stamp == "" {
		return fmt.Errorf("%s %s: malformed stamp %q", ch.Entity, ch.ID, model.Shorten(ch.Stamp))
	}
	if len(ch.Fields) == 0 {
		return fmt.Errorf("%s %s: a change without fields", ch.Entity, ch.ID)
	}
	partial := map[string]json.RawMessage{}
	for f, fc := range ch.Fields {
		if f == "" || len(f) > 64 || !utf8.ValidString(f) {
			return fmt.Errorf("%s %s: malformed field name %q", ch.Entity, ch.ID, model.Shorten(f))
		}
		if fc.Base != "" {
			if _, _, err := parseStamp(fc.Base); err != nil {
				return fmt.Errorf("%s %s: field %s: malformed stamp %q", ch.Entity, ch.ID, f, model.Shorten(fc.Base))
			}
		}
		if bytes.Contains(bytes.ToLower(fc.Value), []byte(`\u0000`)) {
			return fmt.Errorf("%s %s: field %s holds a NUL character", ch.Entity, ch.ID, f)
		}
		v := bytes.TrimSpace(fc.Value)
		if f == fieldExists {
			if s := string(v); s != "true" && s != "false" {
				return fmt.Errorf("%s %s: _exists is %q, not true or false", ch.Entity, ch.ID, model.Shorten(s))
			}
			continue
		}
		if len(v) > 0 && string(v) != "null" {
			partial[f] = v
		}
	}
	switch ch.Entity {
	case model.KindCustomer, model.KindSale, model.KindInteraction, model.KindComplaint:
	default:
		return nil // settings, rates, attachments: their appliers check their values
	}
	b, err := json.Marshal(partial)
	if err != nil {
		return fmt.Errorf("%s %s: %w", ch.Entity, ch.ID, err)
	}
	// The fields decoded into the record's type are checked as every record
	// is (CheckRecord): the zero values of the fields it lacks pass.
	err = model.CheckJSON(ch.Entity, b)
	if ie := (*model.InvalidError)(nil); errors.As(err, &ie) {
		ie.ID = model.Shorten(ch.ID)
	}
	return err
}

// syncID checks the id of a synced change by its entity's rules.
func syncID(kind, id string) bool {
	switch kind {
	case KindAttachment:
		return safeName(id) && len(id) <= 255
	case KindSetting, KindRate:
		return id != "" && len(id) <= 128 && utf8.ValidString(id) && !bytes.ContainsAny([]byte(id), "\x00\n\r")
	}
	return model.ValidRecordID(id)
}
