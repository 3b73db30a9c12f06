package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The bounds of a record's values. They are the same whichever way a record
// arrives — the window, the command line, an import, folder or server sync,
// a restore — because every way calls CheckRecord.
const (
	MinYear   = 1900               // earliest year of a date
	MaxYear   = 2100               // latest year of a date
	MaxAmount = 10_000_000_000_000 // |amount| in minor units (10^13: 100 billion yuan)
	MaxIDLen  = 64                 // bytes of an id (a ULID has 26)
	// MaxNameLen bounds names and other one-line fields, in characters: a
	// company name is rarely over 50, and a name goes into index keys,
	// which Badger caps at 64 KB.
	MaxNameLen = 300
	MaxLineLen = 2000     // characters of an address, a website, a target
	MaxTextLen = 16 << 20 // bytes of a note, a summary, a complaint's text
	MaxList    = 1000     // tags, contacts, attachments or history entries of a record
	MaxShown   = 80       // characters of a value an error message repeats
)

// ErrInvalidRecord is what every *InvalidError is (errors.Is).
var ErrInvalidRecord = errors.New("invalid record")

// InvalidError says which field of a record is wrong and why. Msg is English
// and doubles as the translation key; Value is the offending value cut to
// MaxShown characters, for the message.
type InvalidError struct {
	Kind  string // KindCustomer, KindSale, …
	ID    string // the record's id, cut ("" for a new one)
	Field string // "name", "contacts[2].email", "amount"
	Msg   string
	Value string
	Err   error // the store's own error for it, if it has one (ErrBadDate …)
}

func (e *InvalidError) Error() string {
	s := e.Kind
	if e.ID != "" {
		s += " " + e.ID
	}
	s += ": " + e.Field + ": " + e.Msg
	if e.Value != "" {
		s += " (" + e.Value + ")"
	}
	return s
}

// Is makes errors.Is(err, ErrInvalidRecord) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalidRecord }

// Unwrap gives the store's own error for the problem, such as ErrBadDate.
func (e *InvalidError) Unwrap() error { return e.Err }

// Shorten cuts s to MaxShown characters, ending it with "…" when cut, so that
// an error message never repeats a field of megabytes; bytes that are not
// UTF-8 (a damaged sync line's id) are shown as U+FFFD.
func Shorten(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	n := 0
	for i := range s {
		if n == MaxShown {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// CheckRecord is the one validation of a record about to be stored, whatever
// way it arrived: rec is a *Customer, *Interaction, *Sale, *Complaint,
// *Action, *Goal, *Survey or *Assessment. It returns nil or an
// *InvalidError (errors.Is(err, ErrInvalidRecord)) naming the first wrong
// field. It checks what no record may hold, so that a stored record can
// always be shown, reported, summed and deleted: dates within MinYear–MaxYear,
// amounts within ±MaxAmount, known enumeration codes, well-formed ids (1 to
// MaxIDLen bytes, printable, no spaces), text without NUL or other control
// characters and within its length (MaxNameLen, MaxLineLen, MaxTextLen), and
// lists within MaxList. A record's own rules (a customer needs a name, a
// sale a date and a customer …) stay with its use case: a zero value (an
// empty string, a zero time, 0) always passes, so that a partial record —
// the fields one sync change carries, decoded into the record's type — is
// checked by the same function.
func CheckRecord(rec any) error {
	v := &checker{}
	switch r := rec.(type) {
	case *Customer:
		v.kind, v.rid = KindCustomer, r.ID
		v.customer(r)
	case *Interaction:
		v.kind, v.rid = KindInteraction, r.ID
		v.id("id", r.ID, false)
		v.id("customer_id", r.CustomerID, false)
		v.enum("kind", r.Kind, InteractionKinds, false)
		v.time("date", r.Date)
		v.name("staff", r.Staff)
		v.name("contact", r.Contact)
		v.text("summary", r.Summary)
		v.date("follow_up", r.FollowUp)
		v.date("follow_up_done", r.FollowUpDone)
	case *Sale:
		return CheckSale(r)
	case *Complaint:
		v.kind, v.rid = KindComplaint, r.ID
		v.complaint(r)
	case *Action:
		v.kind, v.rid = "action", r.ID
		v.id("id", r.ID, false)
		v.id("customer_id", r.CustomerID, false)
		v.text("text", r.Text)
		v.name("owner", r.Owner)
		v.date("due", r.Due)
		v.enumWith(ErrBadStatus, "status", r.Status, ActionStatuses, false)
		v.enum("kind", r.Kind, []string{"winback"}, false)
		v.time("created", r.Created)
		v.time("updated", r.Updated)
	case *Goal:
		v.kind, v.rid = "goal", r.ID
		v.id("id", r.ID, false)
		v.id("customer_id", r.CustomerID, false)
		v.text("text", r.Text)
		v.line("target", r.Target)
		v.date("date", r.Date)
		v.name("owner", r.Owner)
		v.time("created", r.Created)
	case *Survey:
		v.kind, v.rid = "survey", r.ID
		v.id("id", r.ID, false)
		v.id("customer_id", r.CustomerID, false)
		v.date("date", r.Date)
		v.score("score", r.Score, false)
		v.text("comment", r.Comment)
		v.time("created", r.Created)
	case *Assessment:
		v.kind, v.rid = "assessment", r.ID
		v.id("id", r.ID, false)
		v.id("customer_id", r.CustomerID, false)
		v.date("date", r.Date)
		for i, s := range r.Scores {
			v.score(fmt.Sprintf("scores[%d]", i), s, false)
		}
		v.name("by", r.By)
		v.text("note", r.Note)
		v.time("created", r.Created)
	default:
		return fmt.Errorf("CheckRecord: %T is not a record", rec)
	}
	return v.err
}

// CheckSale is CheckRecord for a sale, without boxing it in an interface:
// an import checks a million of them.
func CheckSale(s *Sale) error {
	v := checker{kind: KindSale, rid: s.ID}
	v.id("id", s.ID, false)
	v.id("customer_id", s.CustomerID, false)
	v.date("date", s.Date)
	v.name("product", s.Product)
	v.amount("quantity", s.Quantity)
	v.amount("amount", s.Amount)
	v.currency("currency", s.Currency)
	v.text("note", s.Note)
	v.id("batch", s.Batch, false)
	v.enum("tier", s.Tier, Tiers, false)
	v.name("region", s.Region)
	v.time("created", s.Created)
	v.time("updated", s.Updated)
	return v.err
}

// CheckJSON decodes a record of kind (KindCustomer, KindInteraction,
// KindSale, KindComplaint) from JSON strictly — a field of the wrong JSON
// type, such as a string where a number or a boolean belongs, is an error —
// and checks it with CheckRecord. It is for records that arrive as JSON
// (sync files, server rows, backups).
func CheckJSON(kind string, b []byte) error {
	var rec any
	switch kind {
	case KindCustomer:
		rec = new(Customer)
	case KindInteraction:
		rec = new(Interaction)
	case KindSale:
		rec = new(Sale)
	case KindComplaint:
		rec = new(Complaint)
	default:
		return fmt.Errorf("CheckJSON: unknown kind %q", kind)
	}
	if err := json.Unmarshal(b, rec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &InvalidError{Kind: kind, Field: te.Field, Msg: "This value has the wrong type."}
		}
		return &InvalidError{Kind: kind, Field: "", Msg: "This is not a readable record.", Value: Shorten(err.Error())}
	}
	return CheckRecord(rec)
}

// eventKinds are ComplaintEventKind and "reopened", the kind of a status
// change back to in_progress.
var eventKinds = append(slices.Clip(ComplaintEventKind), "reopened")

// checker keeps the first problem found.
type checker struct {
	kind, rid string
	err       error
	named     map[string]bool // the fields checked, when not nil (uncheckedFields)
}

// saw records that field is checked, when named is on.
func (v *checker) saw(field string) {
	if v.named != nil {
		v.named[field] = true
	}
}

func (v *checker) fail(field, msg, value string) { v.failWith(nil, field, msg, value) }

func (v *checker) failWith(cause error, field, msg, value string) {
	if v.err == nil {
		v.err = &InvalidError{Kind: v.kind, ID: Shorten(quoteControls(v.rid)), Field: field, Msg: msg, Value: Shorten(quoteControls(value)), Err: cause}
	}
}

func (v *checker) customer(c *Customer) {
	v.id("id", c.ID, false)
	v.name("name", c.Name)
	v.name("short_name", c.ShortName)
	v.enum("type", c.Type, Types, false)
	for _, f := range []struct{ n, s string }{{"industry", c.Industry}, {"province", c.Province}, {"city", c.City},
		{"phone", c.Phone}, {"email", c.Email}, {"tax_id", c.TaxID}, {"owner", c.Owner}} {
		v.name(f.n, f.s)
	}
	v.line("address", c.Address)
	v.line("website", c.Website)
	v.enum("tier", c.Tier, Tiers, false)
	v.enum("stage", c.Stage, Stages, false)
	v.enum("loyalty", c.Loyalty, LoyaltyStages, false)
	v.enum("fit", c.Fit, FitLevels, false)
	v.enum("source", c.Source, Sources, false)
	v.id("referred_by", c.ReferredBy, false)
	v.list("tags", len(c.Tags))
	for i, t := range c.Tags {
		v.name(fmt.Sprintf("tags[%d]", i), t)
	}
	v.text("notes", c.Notes)
	v.amount("revenue", c.Revenue)
	v.currency("currency", c.Currency)
	v.list("contacts", len(c.Contacts))
	for i, ct := range c.Contacts {
		f := func(n string) string { return fmt.Sprintf("contacts[%d].%s", i, n) }
		v.name(f("name"), ct.Name)
		v.name(f("title"), ct.Title)
		v.enum(f("role"), ct.Role, ContactRoles, false)
		v.name(f("phone"), ct.Phone)
		v.name(f("email"), ct.Email)
		v.name(f("wechat"), ct.WeChat)
	}
	v.time("created", c.Created)
	v.time("updated", c.Updated)
	if v.named == nil {
		// A field added to CustomerFields without a line above still gets
		// a limit: an enumeration's codes, else a line's or the notes'.
		for _, f := range uncheckedFields() {
			switch {
			case f.Enum != "":
				v.enum(f.Name, f.Get(c), f.Codes, false)
			case f.Multi:
				v.text(f.Name, f.Get(c))
			default:
				v.line(f.Name, f.Get(c))
			}
		}
	}
}

func (v *checker) complaint(c *Complaint) {
	v.id("id", c.ID, false)
	v.id("customer_id", c.CustomerID, false)
	v.name("contact", c.Contact)
	v.enum("channel", c.Channel, Channels, false)
	v.enum("category", c.Category, Categories, false)
	v.enum("severity", c.Severity, Severities, false)
	v.text("text", c.Text)
	v.list("attachments", len(c.Attachments))
	for i, a := range c.Attachments {
		v.name(fmt.Sprintf("attachments[%d]", i), a)
	}
	v.name("assignee", c.Assignee)
	v.enum("status", c.Status, ComplaintStatuses, false)
	v.time("opened_at", c.OpenedAt)
	v.time("acknowledged_at", c.AcknowledgedAt)
	v.time("resolved_at", c.ResolvedAt)
	v.time("closed_at", c.ClosedAt)
	v.text("resolution", c.Resolution)
	v.score("satisfaction", c.Satisfaction, true)
	v.list("history", len(c.History))
	for i, e := range c.History {
		f := func(n string) string { return fmt.Sprintf("history[%d].%s", i, n) }
		v.time(f("at"), e.At)
		v.name(f("who"), e.Who)
		v.enum(f("kind"), e.Kind, eventKinds, false)
		v.text(f("from"), e.From)
		v.text(f("to"), e.To)
		v.text(f("note"), e.Note)
	}
}

// id checks an id: empty only when not required; else 1 to MaxIDLen bytes
// of printable characters without spaces (ids go into keys and commands).
func (v *checker) id(field, s string, required bool) {
	v.saw(field)
	switch {
	case s == "":
		if required {
			v.fail(field, "This id is missing.", "")
		}
	case len(s) > MaxIDLen:
		v.fail(field, "This id is too long.", s)
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsGraphic(r) || unicode.IsSpace(r) }):
		v.fail(field, "This id holds spaces, control characters or broken characters.", s)
	}
}

func (v *checker) name(field, s string) { v.textN(field, s, MaxNameLen) }

func (v *checker) line(field, s string) { v.textN(field, s, MaxLineLen) }

func (v *checker) text(field, s string) {
	v.saw(field)
	if len(s) > MaxTextLen {
		v.fail(field, "This text is too long (at most 16 MB).", s)
		return
	}
	v.textN(field, s, -1)
}

// textN checks that s is UTF-8 without NUL and other control characters
// (tabs and line breaks are fine: a cell of a spreadsheet may hold them) and
// of at most max characters (-1: no count).
func (v *checker) textN(field, s string, max int) {
	v.saw(field)
	if max >= 0 && len(s) > max && utf8.RuneCountInString(s) > max {
		if max == MaxNameLen {
			v.fail(field, "This is too long (at most 300 characters).", s)
		} else {
			v.fail(field, "This is too long (at most 2000 characters).", s)
		}
		return
	}
	if !utf8.ValidString(s) {
		v.fail(field, "This holds bytes that are not text.", s)
		return
	}
	bad := func(r rune) bool {
		if r == '\t' || r == '\n' || r == '\r' {
			return false
		}
		return r < 0x20 || r == 0x7F
	}
	if strings.ContainsFunc(s, bad) {
		v.fail(field, "This holds control characters (such as NUL); remove them.", s)
	}
}

// quoteControls shows control characters as \x00 so that the message can be
// printed.
func quoteControls(s string) string {
	q := strings.ToValidUTF8(Shorten(s), "\uFFFD")
	if !strings.ContainsFunc(q, func(r rune) bool { return r < 0x20 || r == 0x7F }) {
		return q
	}
	s = fmt.Sprintf("%+q", Shorten(q))
	return s[1 : len(s)-1]
}

func (v *checker) enum(field, s string, codes []string, required bool) {
	v.enumWith(nil, field, s, codes, required)
}

func (v *checker) enumWith(cause error, field, s string, codes []string, required bool) {
	v.saw(field)
	if s == "" && !required || slices.Contains(codes, s) {
		return
	}
	v.failWith(cause, field, "Unknown value: choose one from the list.", s)
}

func (v *checker) list(field string, n int) {
	v.saw(field)
	if n > MaxList {
		v.fail(field, "This list is too long (at most 1000 entries).", "")
	}
}

func (v *checker) amount(field string, n int64) {
	v.saw(field)
	if n > MaxAmount || n < -MaxAmount {
		v.fail(field, "This amount is out of range (at most 100,000,000,000.00 either way).", fmt.Sprint(n))
	}
}

func (v *checker) score(field string, n int, zeroOK bool) {
	if n < 1 && !(zeroOK && n == 0) || n > 5 {
		v.failWith(ErrBadScore, field, "A score is a whole number from 1 to 5.", fmt.Sprint(n))
	}
}

// currency checks a currency code: empty (the base currency) or three
// capital letters (ISO 4217).
func (v *checker) currency(field, s string) {
	v.saw(field)
	if s == "" {
		return
	}
	if len(s) != 3 || strings.ContainsFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' }) {
		v.failWith(ErrBadCurrency, field, "A currency is a three-letter code such as CNY or USD.", s)
	}
}

// date checks a YYYY-MM-DD date ("" allowed: the caller requires it when it
// must be there).
func (v *checker) date(field, s string) {
	if s == "" {
		return
	}
	t, err := time.Parse(time.DateOnly, s)
	if len(s) != 10 || err != nil {
		v.failWith(ErrBadDate, field, "This is not a date (YYYY-MM-DD).", s)
		return
	}
	v.year(field, t.Year(), s)
}

// time checks a moment: the zero time (not set) or within the years.
func (v *checker) time(field string, t time.Time) {
	v.saw(field)
	if !t.IsZero() {
		v.year(field, t.Year(), t.Format(time.RFC3339))
	}
}

func (v *checker) year(field string, y int, shown string) {
	if y < MinYear || y > MaxYear {
		v.failWith(ErrBadDate, field, "This date is out of range (1900 to 2100).", shown)
	}
}
