package customers

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/kehu-crm/kehu/data/model"
)

// Problem is one finding of Validate. Msg is English and doubles as the
// translation key; the interface shows it next to Field.
type Problem struct {
	Field string // field name, or "contacts[2].email"
	Msg   string
	Warn  bool // a warning saves anyway; an error does not
}

func (p Problem) Error() string { return p.Field + ": " + p.Msg }

// Problems is a list of findings.
type Problems []Problem

// Errors returns only the findings that block saving.
func (ps Problems) Errors() Problems {
	var e Problems
	for _, p := range ps {
		if !p.Warn {
			e = append(e, p)
		}
	}
	return e
}

// For returns the first finding about a field, if any.
func (ps Problems) For(field string) (Problem, bool) {
	i := slices.IndexFunc(ps, func(p Problem) bool { return p.Field == field })
	if i < 0 {
		return Problem{}, false
	}
	return ps[i], true
}

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "; ")
}

var (
	phoneRe = regexp.MustCompile(`^[0-9+\-() ]+(转|ext\.?|x)?[0-9 ]*$`)
	taxRe   = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{18}$`)
)

// Validate checks a customer: a missing name or an unknown code is an error;
// a malformed email, phone or tax id is a warning, because the record is still
// worth keeping while someone finds the right value. What no record may hold
// (data.CheckRecord: lengths, control characters, ranges) is an error too.
func Validate(c *model.Customer) Problems {
	var ps Problems
	errf := func(field, msg string) { ps = append(ps, Problem{Field: field, Msg: msg}) }
	warn := func(field, msg string) { ps = append(ps, Problem{Field: field, Msg: msg, Warn: true}) }

	if model.Normalize(c.Name) == "" {
		errf("name", "A customer needs a name.")
	}
	for _, f := range Fields {
		if f.Enum != "" {
			if v := f.Get(c); v != "" && !slices.Contains(f.Codes, v) {
				errf(f.Name, "Unknown value: choose one from the list.")
			}
		}
	}
	if c.Email != "" && !validEmail(c.Email) {
		warn("email", "This does not look like an email address (name@example.com).")
	}
	if c.Phone != "" && !validPhone(c.Phone) {
		warn("phone", "This does not look like a phone number (digits, +, -, spaces).")
	}
	if c.TaxID != "" && !taxRe.MatchString(strings.ToUpper(strings.TrimSpace(c.TaxID))) {
		warn("tax_id", "A unified social credit code has 18 digits and capital letters.")
	}
	if c.ReferredBy != "" && c.ReferredBy == c.ID {
		errf("referred_by", "A customer cannot refer itself.")
	}
	var ie *model.InvalidError
	if errors.As(model.CheckRecord(c), &ie) {
		if _, dup := ps.For(ie.Field); !dup {
			errf(ie.Field, ie.Msg)
		}
	}
	for i, ct := range c.Contacts {
		field := func(name string) string { return fmt.Sprintf("contacts[%d].%s", i, name) }
		if strings.TrimSpace(ct.Name) == "" {
			errf(field("name"), "A contact needs a name.")
		}
		if ct.Role != "" && !slices.Contains(model.ContactRoles, ct.Role) {
			errf(field("role"), "Unknown value: choose one from the list.")
		}
		if ct.Email != "" && !validEmail(ct.Email) {
			warn(field("email"), "This does not look like an email address (name@example.com).")
		}
		if ct.Phone != "" && !validPhone(ct.Phone) {
			warn(field("phone"), "This does not look like a phone number (digits, +, -, spaces).")
		}
	}
	return ps
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == strings.TrimSpace(s) && strings.Contains(a.Address[strings.LastIndex(a.Address, "@"):], ".")
}

func validPhone(s string) bool {
	n := len(model.NormalizePhone(s))
	return phoneRe.MatchString(strings.TrimSpace(s)) && n >= 5 && n <= 20
}
