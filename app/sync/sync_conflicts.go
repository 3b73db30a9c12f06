package sync

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/accounts"
	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/i18n"
	"github.com/kehu-crm/kehu/data"
)

// How the conflicts list names what lost: the record or setting, its field,
// and whether its lost value can be written back.

// settingLabels name the team settings (sync carries them).
var settingLabels = map[string]string{
	data.SettingBaseCurrency:      "Base currency",
	data.SettingCompanyName:       "Company name",
	accounts.SettingWinBackMonths: "Win-back (客户再生)",
	complaints.SettingTargets:     "Complaint service times",
}

// errInvalid is what KeepLoser gives for a record it cannot write back.
var errInvalid = errors.New("invalid customer")

// recordFields name the fields of sales, interactions and complaints.
var recordFields = map[string]string{
	"date": "Date", "product": "Product", "quantity": "Quantity", "amount": "Amount",
	"currency": "Currency", "note": "Note", "summary": "Summary", "kind": "Kind",
	"text": "Description", "status": "Status", "severity": "Severity",
	"category": "Category", "assignee": "Assignee",
}

// ConflictField names a conflict's field for people, in the interface's
// language; a field without a label keeps its name.
func ConflictField(c *Conflict) string {
	switch c.Entity {
	case model.KindCustomer:
		if f, ok := model.FieldByName(c.Field); ok {
			return i18n.L(f.Label)
		}
	case data.KindSetting:
		return i18n.L("Value")
	case data.KindRate:
		return i18n.L("Exchange rates")
	default:
		if l, ok := recordFields[c.Field]; ok {
			return i18n.L(l)
		}
	}
	return c.Field
}

// ConflictShown shows one of a conflict's values (its Winner or Loser) as
// ConflictValue does, a sale's amount as money ("300.00", not fen).
func ConflictShown(c *Conflict, v json.RawMessage) string {
	var n int64
	if c.Entity == model.KindSale && c.Field == "amount" && json.Unmarshal(v, &n) == nil {
		return model.FormatMoney(n)
	}
	return ConflictValue(v)
}

// conflictOwner is the customer a record of a customer belongs to, from the
// store or, for a record deleted here, from the sync registers.
func (s *Service) conflictOwner(c *Conflict) string {
	store, done := s.c.Use()
	defer done()
	var id string
	switch c.Entity {
	case model.KindSale:
		if r, err := store.Sale(c.ID); err == nil {
			return r.CustomerID
		}
	case model.KindComplaint:
		if r, err := store.Complaint(c.ID); err == nil {
			return r.CustomerID
		}
	}
	if v, err := store.SyncedValue(c.Entity, c.ID, "customer_id"); err == nil {
		_ = json.Unmarshal(v, &id)
	}
	return id
}

// customerName is a customer's name, also when it is deleted here; "" if
// unknown.
func (s *Service) customerName(id string) (string, bool) {
	store, done := s.c.Use()
	defer done()
	if cu, err := store.Customer(id); err == nil {
		return cu.Name, true
	}
	var name string
	if v, err := store.SyncedValue(model.KindCustomer, id, "name"); err == nil {
		_ = json.Unmarshal(v, &name)
	}
	return name, false
}

// conflictTitle names a conflict's record or setting for people; other
// than a customer's, a record is named by its customer and kind.
func (s *Service) conflictTitle(c *Conflict) string {
	switch c.Entity {
	case data.KindSetting:
		if l, ok := settingLabels[c.ID]; ok {
			return i18n.L(l)
		}
		return c.ID
	case data.KindRate:
		cur, date, _ := strings.Cut(c.ID, "/")
		return i18n.L("Rate of {{.Currency}} from {{.Date}}", map[string]any{"Currency": cur, "Date": date})
	case model.KindSale, model.KindInteraction, model.KindComplaint:
		if name, _ := s.customerName(s.conflictOwner(c)); name != "" {
			return name + " · " + i18n.L(c.Entity)
		}
		return i18n.L(c.Entity) + " " + c.ID
	}
	return c.ID
}

// CanUseLoser reports whether KeepLoser can write a conflict's lost value
// back: for a customer still here, a sale still here, a team setting or an
// exchange rate. Interactions and complaints are edited by hand.
func (s *Service) CanUseLoser(c *Conflict) bool {
	store, done := s.c.Use()
	defer done()
	switch {
	case c.Field == "_parent":
		return false
	case c.Entity == model.KindCustomer:
		_, ok := s.customerName(c.ID)
		return ok
	case c.Entity == model.KindSale:
		_, err := store.Sale(c.ID)
		return err == nil && c.Field != "customer_id"
	case c.Entity == data.KindSetting:
		return data.TeamSetting(c.ID)
	}
	return c.Entity == data.KindRate
}

// keepLoserValue writes back the lost value of a setting, a rate or a sale
// (KeepLoser does customers).
func (s *Service) keepLoserValue(c *Conflict) error {
	store, done := s.c.Use()
	defer done()
	var v string
	if string(c.Loser) != "null" {
		if err := json.Unmarshal(c.Loser, &v); err != nil && c.Entity != model.KindSale {
			return fmt.Errorf("conflict of %s %s: %w", c.Entity, c.ID, err)
		}
	}
	var err error
	switch c.Entity {
	case data.KindSetting:
		if c.ID == data.SettingBaseCurrency {
			err = store.SetBaseCurrency(v)
		} else {
			err = store.SetSetting(c.ID, strings.TrimSpace(v))
		}
		s.c.Changed(core.Settings)
	case data.KindRate:
		cur, date, _ := strings.Cut(c.ID, "/")
		err = store.SetRate(cur, date, v)
		s.c.Changed(core.Sales)
	case model.KindSale:
		var sale *model.Sale
		if sale, err = store.Sale(c.ID); err == nil {
			if err = setJSONField(sale, c.Field, c.Loser); err == nil {
				err = s.ed.UpdateSale(sale)
			}
		}
	default:
		return fmt.Errorf("conflict of a %s: %w", c.Entity, errInvalid)
	}
	if err != nil {
		return err
	}
	return store.DismissConflict(c.Key())
}

// setJSONField sets one top-level JSON field of a record (null removes it).
func setJSONField(rec any, field string, v json.RawMessage) error {
	m := map[string]json.RawMessage{}
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if len(v) == 0 || string(v) == "null" {
		delete(m, field)
	} else {
		m[field] = v
	}
	if b, err = json.Marshal(m); err != nil {
		return err
	}
	return json.Unmarshal(b, rec)
}
