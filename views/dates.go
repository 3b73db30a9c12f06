package views

import (
	"errors"
	"strings"

	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data/model"
)

// Every date field and period filter of the window reads its text with
// data/model's ParseDate and ParsePeriod, the readings the command line and
// the import share, and shows the forms they take as its hint.

// dateHint is a date field's placeholder.
func dateHint() string { return i18n.L("e.g. 2026-12-20, 12/20, tomorrow, +7") }

// periodHint is a period filter's placeholder.
func periodHint() string { return i18n.L("e.g. 2026-01, 2026/1, 2026Q1") }

// errBadDate is the message under a date field that reads as no date.
func errBadDate() error {
	return errors.New(i18n.L("Not a date: write 2026-12-20, 2026/12/20, 2026年12月20日, 12/20 (this year), today, tomorrow or +7 (days from today)."))
}

// errBadPeriod is the message of a period filter that reads as no period.
func errBadPeriod(text string) error {
	return errors.New(i18n.L("{{.Value}} is not a period: write a month (2026-01, 2026/1, 2026年1月), a quarter (2026Q1) or a year (2026).", map[string]any{"Value": text}))
}

// parseDate reads a date typed in the window as YYYY-MM-DD, counting 12/20,
// 明天 and +7 from the service's clock.
func (u *UI) parseDate(text string) (string, error) {
	d, err := model.ParseDate(text, u.svc.Now())
	if err != nil {
		return "", errBadDate()
	}
	return d, nil
}

// parseOptionalDate is parseDate with a blank field read as "".
func (u *UI) parseOptionalDate(text string) (string, error) {
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	return u.parseDate(text)
}

// dateField makes e a date field: the hint, and a validator that marks a
// text no date reading takes (a blank one too unless optional).
func (u *UI) dateField(e *keyEntry, optional bool) {
	e.SetPlaceHolder(dateHint())
	e.Validator = func(s string) error {
		if optional {
			_, err := u.parseOptionalDate(s)
			return err
		}
		_, err := u.parseDate(s)
		return err
	}
}

// normPeriod reads a period typed in the window as the reports take it:
// "2026-01", "2026-Q1" or "2026"; "" stays "".
func (u *UI) normPeriod(text string) (string, error) {
	p, err := model.NormalizePeriod(text, u.svc.Now())
	if err != nil {
		return "", errBadPeriod(strings.TrimSpace(text))
	}
	return p, nil
}
