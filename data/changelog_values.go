package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/dgraph-io/badger/v4"
)

// Values the change log covers besides records: the team's settings, the
// exchange-rate table and complaint attachments. They are not JSON records
// (a setting is one string), so the recorder, which diffs records, does not
// see them; their writers log them with logValue in the same transaction,
// and applying merges them field by field like records (last writer by HLC
// wins), then writes them back here with materialiseValue.
const (
	KindSetting    = "setting"    // id: the setting's name; field "value" (null: unset)
	KindRate       = "rate"       // id: CURRENCY/YYYY-MM-DD; field "rate" (null: removed)
	KindAttachment = "attachment" // id: the file name under attachments/; fields sha256, size (immutable)
)

// ValueKinds lists the kinds of logged values that are not records.
var ValueKinds = []string{KindSetting, KindRate, KindAttachment}

// teamSettings are the settings a team shares; the others (the sync folder
// and its last result, backup_keep, the rollups' bookkeeping) belong to one
// computer, as do the window size and language, which live in Fyne's
// preferences. The names of the app's settings are repeated here because
// data knows nothing of app.
var teamSettings = map[string]bool{
	SettingBaseCurrency: true,
	SettingCompanyName:  true,
	"winback_months":    true, // app.SettingWinBackMonths
	"complaint_targets": true, // app.SettingComplaintTargets
}

// TeamSetting reports whether a setting travels with sync.
func TeamSetting(name string) bool { return teamSettings[name] }

func isValueKind(k string) bool {
	for _, x := range ValueKinds {
		if k == x {
			return true
		}
	}
	return false
}

// logValue logs one change of a value in the logged transaction txn: the
// fields that differ from the registers', with the stamp they replace.
// Outside a logged transaction (sync applying changes) it does nothing.
func logValue(txn *badger.Txn, kind, id string, fields map[string]json.RawMessage) error {
	v, ok := recorders.Load(txn)
	if !ok {
		return nil
	}
	r := v.(*recorder)
	if err := r.s.seedClock(txn); err != nil {
		return err
	}
	dev, err := deviceID(txn)
	if err != nil {
		return err
	}
	regs, err := loadRegs(txn, kind, id)
	if err != nil {
		return err
	}
	changed := map[string]json.RawMessage{}
	for f, v := range fields {
		old, ok := regs[f]
		if ok && !bytes.Equal(old.Value, v) || !ok && string(v) != "null" {
			changed[f] = v
		}
	}
	if len(changed) == 0 {
		return nil
	}
	hlc := r.s.hlc.tick()
	ch := model.SyncChange{Entity: kind, ID: id, Stamp: stamp(hlc, dev), Fields: make(map[string]model.FieldChange, len(changed))}
	for f, v := range changed {
		old := regs[f]
		ch.Fields[f] = model.FieldChange{Value: v, Base: old.Stamp}
		regs[f] = register{Stamp: ch.Stamp, Base: old.Stamp, Value: v}
	}
	if err := saveRegs(txn, kind, id, regs); err != nil {
		return err
	}
	return putJSON(txn, changeKey(hlc), ch)
}

// jsonString is s as JSON, null when s is "".
func jsonString(s string) json.RawMessage {
	if s == "" {
		return jsonNull
	}
	b, _ := json.Marshal(s)
	return b
}

// logSetting logs a team setting's new value.
func logSetting(txn *badger.Txn, name, value string) error {
	if !teamSettings[name] {
		return nil
	}
	return logValue(txn, KindSetting, name, map[string]json.RawMessage{"value": jsonString(value)})
}

func rateID(currency, date string) string { return currency + "/" + date }

// logRate logs a rate set or removed (value "").
func logRate(txn *badger.Txn, currency, date, value string) error {
	return logValue(txn, KindRate, rateID(currency, date), map[string]json.RawMessage{"rate": jsonString(value)})
}

// materialiseValue writes a merged value back from its registers.
func (a *applier) materialiseValue(kind, id string) error {
	regs, err := loadRegs(a.txn, kind, id)
	if err != nil {
		return err
	}
	var v string
	switch kind {
	case KindSetting:
		if !teamSettings[id] {
			return nil // a setting this Kehu does not share: leave it
		}
		if r, ok := regs["value"]; ok && string(r.Value) != "null" {
			if err := json.Unmarshal(r.Value, &v); err != nil {
				return err
			}
		}
		if id == SettingBaseCurrency {
			return a.baseCurrency(regs["value"], v)
		}
		return setSetting(a.txn, id, v)
	case KindRate:
		cur, date, ok := strings.Cut(id, "/")
		if c, err := model.NormalizeCurrency(cur); !ok || err != nil || c != cur || !model.ValidDate(date) {
			return fmt.Errorf("bad rate %q", id)
		}
		if r, ok := regs["rate"]; ok && string(r.Value) != "null" {
			if err := json.Unmarshal(r.Value, &v); err != nil {
				return err
			}
			if _, err := model.ParseRate(v); err != nil {
				return err
			}
		}
		if v == "" {
			err = a.txn.Delete(rateKey(cur, date))
		} else {
			err = putJSON(a.txn, rateKey(cur, date), v)
		}
		if err != nil {
			return err
		}
		// The rollups hold converted amounts: the next report rebuilds them.
		return setSetting(a.txn, settingRollupsStale, "true")
	}
	return nil // attachments: the file was written before the transaction
}

// baseCurrency takes the team's base currency, unless this folder already
// holds sales in another one: its rates and rollups are in its own base
// currency, so the other value is kept as a conflict for people to settle.
func (a *applier) baseCurrency(r register, v string) error {
	if v == "" {
		v = model.DefaultBaseCurrency
	}
	old, err := baseCurrency(a.txn)
	if err != nil || old == v {
		return err
	}
	if !hasSales(a.txn) {
		return setSetting(a.txn, SettingBaseCurrency, v)
	}
	return a.conflict(KindSetting, SettingBaseCurrency, "value", register{Value: jsonString(old)}, r)
}
