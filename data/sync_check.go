package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"
)

// CheckSyncChange checks a change that arrived from another device (a sync
// file, a server row) before anything of its batch is applied, with the
// bounds an import applies: a known entity, a well-formed id and stamp,
// _exists a boolean, every field of the JSON type its record declares
// (numbers within int64), dates within years 1900–2100, amounts within
// ±10¹³ minor units, enumerations known, no NUL in any value.
//
// It checks the fields a change carries, one by one: an edit carries only
// the fields it changed. When the shared record validation (CheckRecord,
// being written for the imports) lands, the record kinds' field checks here
// are to become a call of it on the decoded partial record.
func CheckSyncChange(ch *SyncChange) error {
	if !validKind(ch.Entity) {
		return fmt.Errorf("unknown entity %q", Shorten80(ch.Entity))
	}
	if !syncID(ch.Entity, ch.ID) {
		return fmt.Errorf("%s: malformed id %q", ch.Entity, Shorten80(ch.ID))
	}
	if _, _, err := parseStamp(ch.Stamp); err != nil || ch.Stamp == "" {
		return fmt.Errorf("%s %s: malformed stamp %q", ch.Entity, ch.ID, Shorten80(ch.Stamp))
	}
	if len(ch.Fields) == 0 {
		return fmt.Errorf("%s %s: a change without fields", ch.Entity, ch.ID)
	}
	partial := map[string]json.RawMessage{}
	for f, fc := range ch.Fields {
		if f == "" || len(f) > 64 || !utf8.ValidString(f) {
			return fmt.Errorf("%s %s: malformed field name %q", ch.Entity, ch.ID, Shorten80(f))
		}
		if fc.Base != "" {
			if _, _, err := parseStamp(fc.Base); err != nil {
				return fmt.Errorf("%s %s: field %s: malformed stamp %q", ch.Entity, ch.ID, f, Shorten80(fc.Base))
			}
		}
		if bytes.Contains(bytes.ToLower(fc.Value), []byte(`\u0000`)) {
			return fmt.Errorf("%s %s: field %s holds a NUL character", ch.Entity, ch.ID, f)
		}
		v := bytes.TrimSpace(fc.Value)
		if f == fieldExists {
			if s := string(v); s != "true" && s != "false" {
				return fmt.Errorf("%s %s: _exists is %q, not true or false", ch.Entity, ch.ID, Shorten80(s))
			}
			continue
		}
		if len(v) > 0 && string(v) != "null" {
			partial[f] = v
		}
	}
	var rec any
	switch ch.Entity {
	case KindCustomer:
		rec = new(Customer)
	case KindSale:
		rec = new(Sale)
	case KindInteraction:
		rec = new(Interaction)
	case KindComplaint:
		rec = new(Complaint)
	default:
		return nil // settings, rates, attachments: their appliers check their values
	}
	b, err := json.Marshal(partial)
	if err != nil {
		return fmt.Errorf("%s %s: %w", ch.Entity, ch.ID, err)
	}
	if err := json.Unmarshal(b, rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("%s %s: field %s: a %s where a %s belongs", ch.Entity, ch.ID, te.Field, te.Value, te.Type)
		}
		return fmt.Errorf("%s %s: %w", ch.Entity, ch.ID, err)
	}
	c := &fieldCheck{has: partial}
	switch r := rec.(type) {
	case *Customer:
		c.enum("tier", r.Tier, Tiers)
		c.enum("stage", r.Stage, Stages)
		c.enum("type", r.Type, Types)
		c.enum("source", r.Source, Sources)
		c.enum("loyalty", r.Loyalty, LoyaltyStages)
		c.enum("fit", r.Fit, FitLevels)
		c.ref("referred_by", r.ReferredBy)
		c.amount("revenue", r.Revenue)
		c.name("name", r.Name)
		c.time("created", r.Created)
		c.time("updated", r.Updated)
		for _, ct := range r.Contacts {
			c.enum("contacts", ct.Role, ContactRoles)
		}
	case *Sale:
		c.day("date", r.Date)
		c.ref("customer_id", r.CustomerID)
		c.amount("amount", r.Amount)
		c.amount("quantity", r.Quantity)
		c.enum("tier", r.Tier, Tiers)
		c.name("product", r.Product)
		if c.has["currency"] != nil && r.Currency != "" && !currencyCode(r.Currency) {
			c.fail("currency", r.Currency)
		}
		c.time("created", r.Created)
		c.time("updated", r.Updated)
	case *Interaction:
		c.enum("kind", r.Kind, InteractionKinds)
		c.ref("customer_id", r.CustomerID)
		c.time("date", r.Date)
		c.day("follow_up", r.FollowUp)
		c.day("follow_up_done", r.FollowUpDone)
	case *Complaint:
		c.ref("customer_id", r.CustomerID)
		c.enum("channel", r.Channel, Channels)
		c.enum("category", r.Category, Categories)
		c.enum("severity", r.Severity, Severities)
		c.enum("status", r.Status, ComplaintStatuses)
		c.time("opened_at", r.OpenedAt)
		for _, e := range r.History {
			c.enum("history", e.Kind, ComplaintEventKind)
			c.time("history", e.At)
		}
	}
	if c.err != nil {
		return fmt.Errorf("%s %s: %w", ch.Entity, ch.ID, c.err)
	}
	return nil
}

// The bounds of a synced value (the import's; see CheckSyncChange).
const (
	syncMinYear   = 1900
	syncMaxYear   = 2100
	syncMaxAmount = 10_000_000_000_000 // minor units
	syncMaxIDLen  = 64
	syncMaxName   = 300 // characters
)

type fieldCheck struct {
	has map[string]json.RawMessage
	err error
}

func (c *fieldCheck) fail(field, v string) {
	if c.err == nil {
		c.err = fmt.Errorf("field %s: %q is not allowed here", field, Shorten80(v))
	}
}

func (c *fieldCheck) enum(field, v string, codes []string) {
	if c.has[field] != nil && v != "" && !slices.Contains(codes, v) {
		c.fail(field, v)
	}
}

func (c *fieldCheck) ref(field, v string) {
	if c.has[field] != nil && v != "" && !recordID(v) {
		c.fail(field, v)
	}
}

func (c *fieldCheck) amount(field string, v int64) {
	if c.has[field] != nil && (v > syncMaxAmount || v < -syncMaxAmount) {
		c.fail(field, fmt.Sprint(v))
	}
}

func (c *fieldCheck) name(field, v string) {
	if c.has[field] != nil && utf8.RuneCountInString(v) > syncMaxName {
		c.fail(field, v)
	}
}

func (c *fieldCheck) day(field, v string) {
	if c.has[field] == nil || v == "" {
		return
	}
	if !ValidDate(v) {
		c.fail(field, v)
		return
	}
	c.year(field, v, int(v[0]-'0')*1000+int(v[1]-'0')*100+int(v[2]-'0')*10+int(v[3]-'0'))
}

func (c *fieldCheck) time(field string, t time.Time) {
	if c.has[field] != nil && !t.IsZero() {
		c.year(field, t.Format(time.RFC3339), t.Year())
	}
}

func (c *fieldCheck) year(field, v string, y int) {
	if y < syncMinYear || y > syncMaxYear {
		c.fail(field, v)
	}
}

// recordID is a record's id as Kehu makes them, or a person could type:
// 1 to 64 bytes of printable characters, no spaces.
func recordID(id string) bool {
	if id == "" || len(id) > syncMaxIDLen || !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// syncID checks the id of a synced change by its entity's rules.
func syncID(kind, id string) bool {
	switch kind {
	case KindAttachment:
		return safeName(id) && len(id) <= 255
	case KindSetting, KindRate:
		return id != "" && len(id) <= 128 && utf8.ValidString(id) && !bytes.ContainsAny([]byte(id), "\x00\n\r")
	}
	return recordID(id)
}

// currencyCode is three capital letters (ISO 4217).
func currencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Shorten80 cuts a value to 80 characters for a message.
func Shorten80(s string) string {
	n := 0
	for i := range s {
		if n == 80 {
			return s[:i] + "…"
		}
		n++
	}
	if !utf8.ValidString(s) {
		return fmt.Sprintf("%q", []byte(s))
	}
	return s
}
