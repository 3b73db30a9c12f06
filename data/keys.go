package data

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/kehu-crm/kehu/data/model"
)

// The key schema. Every key of the store starts with one of the prefix bytes
// below, so a prefix scan never crosses entities; every sub-key, name and key
// builder is in this file, and keys_test.go pins their bytes (the on-disk
// format: changing one loses what old folders hold). Never reuse a retired byte.
//
// Each line reads: prefix|key parts → value encoding. Values marked JSON
// are encoding/json of the record type (model.go), written and read by the
// file named with the prefix; "empty" is an index entry with no value.
// Record files: m schema.go, hlc.go, device_home.go, attach_file.go;
// c n p t o u g customer.go (bulk.go, bulk_stream.go for imports);
// x f interaction.go, followup_*.go; b e batch.go; k q complaint.go;
// a h sale.go; S H G sale_pack*.go, bulk_stream_packs.go; r sale_rollup.go;
// C T rollup_customer.go; y z setting.go; d i j s v assessment.go,
// action.go, goal.go, survey.go; l V J changelog*.go, hlc.go, sync_keys.go;
// F bulk_stream.go. Check (check*.go) reads them all.
const (
	pMeta        byte = 'm' // m|name                       → meta value (the meta… names below)
	pCustomer    byte = 'c' // c|id                         → Customer JSON
	pInteraction byte = 'x' // x|customer id|sep|id         → Interaction JSON
	pIdxName     byte = 'n' // n|normalised name|sep|id     → empty
	pIdxPhone    byte = 'p' // p|normalised phone|sep|id    → empty
	pIdxTier     byte = 't' // t|tier|sep|id                → empty
	pIdxOwner    byte = 'o' // o|normalised owner|sep|id    → empty
	pIdxUpdated  byte = 'u' // u|updated unix nanos (8 bytes big-endian)|id → empty
	pIdxFollowUp byte = 'f' // f|follow-up date YYYY-MM-DD|sep|customer id|sep|interaction id → empty
	pIdxTaxID    byte = 'g' // g|tax id (upper case)|sep|id      → empty
	pBatch       byte = 'b' // b|batch id                   → Batch JSON
	pMember      byte = 'e' // e|batch id|sep|customer id   → Member JSON, or an id list (encodeCustomerList bulk.go, encodeSaleList batch.go)

	pComplaint            byte = 'k' // k|id                   → Complaint JSON (history inside)
	pIdxComplaintCustomer byte = 'q' // q|customer id|sep|id   → empty

	pSale           byte = 'a' // a|id                                        → Sale JSON
	pSaleByCustomer byte = 'h' // h|customer id|sep|date YYYY-MM-DD|sep|sale id → empty
	pRollup         byte = 'r' // r|YYYY-MM|sep|dimension|sep|value           → amount, orders (2×8 bytes big-endian)
	pRate           byte = 'y' // y|currency|sep|date YYYY-MM-DD              → rate JSON string ("7.2345")
	pSetting        byte = 'z' // z|name                                      → value JSON string

	// Key accounts and relationship assessment (data/assessment.go …): records
	// owned by a customer, under prefix|customer id|sep|id, deleted with it.
	pAssessment byte = 'd' // d|customer id|sep|id → Assessment JSON
	pAction     byte = 'i' // i|customer id|sep|id → Action JSON
	pGoal       byte = 'j' // j|customer id|sep|id → Goal JSON
	pSurvey     byte = 's' // s|customer id|sep|id → Survey JSON
	pIdxDue     byte = 'v' // v|due YYYY-MM-DD|sep|customer id|sep|action id → empty (open actions only)

	// Sync (data/changelog.go): upper case, the lower-case letters being
	// nearly all taken.
	pChange   byte = 'l' // l|HLC (8 bytes big-endian)                     → Change JSON (this device's change log)
	pSync     byte = 'V' // V|sub-key|…  sync state, one sub-key byte per kind (the s… constants below)
	pConflict byte = 'J' // J|entity|sep|id|sep|field|sep|losing stamp  → Conflict JSON

	// A scratch key an import writes and drops at once, to make Badger
	// flush its memtable before streaming (data/bulk_stream.go).
	pFlush byte = 'F'

	// The customer rollup transposed (data/rollup_customer.go): one customer's
	// months side by side, so its first and last purchase month and its total
	// are one short prefix read.
	pCustMonth byte = 'C' // C|customer id → its months: month index 4 bytes, amount, orders 8 bytes each, big-endian (encodeHistory); C|id|sep|YYYY-MM names one month in deltas and Check
	// The tier-customer rollup transposed likewise: a customer's months under
	// the tier and region its sales were written with.
	pTierCustMonth byte = 'T' // T|tier\0region\0customer id → as C

	// Packed sales (data/sale_pack.go): a big import's sales, up to 64 to a
	// value when streamed (bulk_stream_packs.go), up to packSize (1000) when
	// written in a transaction (sale_pack_write.go).
	pSalePack       byte = 'S' // S|first sale id                    → packed sales (encodePack, sale_pack.go)
	pPackByCustomer byte = 'H' // H|customer id|sep|first sale id    → empty
	pSaleGone       byte = 'G' // G|sale id                          → empty (the packed copy is gone)

	// Reserved: complaints 'w' (history, unused: the history lives in the
	// complaint record).
)

// sep separates a variable-length part from the id that follows it. NUL cannot
// occur in normalised text (Normalize strips control characters), so "ab"+"c"
// and "a"+"bc" never collide.
const sep byte = 0

func customerKey(id string) []byte { return append([]byte{pCustomer}, id...) }

// indexKey builds prefix|value|sep|id.
func indexKey(prefix byte, value, id string) []byte {
	k := make([]byte, 0, 2+len(value)+len(id))
	k = append(k, prefix)
	k = append(k, value...)
	k = append(k, sep)
	return append(k, id...)
}

// indexPrefix is what every key of one index value starts with.
func indexPrefix(prefix byte, value string) []byte {
	k := append([]byte{prefix}, value...)
	return append(k, sep)
}

// updatedKey builds u|nanos|id; big-endian so keys sort by time.
func updatedKey(t time.Time, id string) []byte {
	k := make([]byte, 9, 9+len(id))
	k[0] = pIdxUpdated
	binary.BigEndian.PutUint64(k[1:], uint64(t.UnixNano()))
	return append(k, id...)
}

func interactionPrefix(customerID string) []byte {
	k := append([]byte{pInteraction}, customerID...)
	return append(k, sep)
}

func interactionKey(customerID, id string) []byte {
	return append(interactionPrefix(customerID), id...)
}

// followUpKey builds f|date|sep|customer id|sep|interaction id.
func followUpKey(date, customerID, id string) []byte {
	k := indexKey(pIdxFollowUp, date, customerID)
	k = append(k, sep)
	return append(k, id...)
}

// lastPart returns what follows the last separator: the id of an index key.
func lastPart(k []byte) string {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == sep {
			return string(k[i+1:])
		}
	}
	return ""
}

func batchKey(id string) []byte { return append([]byte{pBatch}, id...) }

func memberKey(batch, customer string) []byte { return indexKey(pMember, batch, customer) }

// Sub-keys of pSync (V|kind|…): the second byte names what the key holds.
const (
	sRegister  byte = 'r' // V|r|entity|sep|id          → a record's field registers (changelog.go)
	sApplied   byte = 'a' // V|a|device|sep|file        → empty: that file of that device is applied (changelog_apply.go)
	sPending   byte = 'p' // V|p|customer id|sep|entity|sep|id → empty: waits for its customer (changelog_apply.go)
	sExport    byte = 'x' // V|x                        → HLC of the last exported change, 8 bytes big-endian (changelog.go)
	sHLC       byte = 'h' // V|h                        → largest HLC seen from another device, 8 bytes big-endian (hlc.go)
	sLogAll    byte = 'B' // V|B                        → empty: every record was logged once (changelog_bootstrap.go)
	sLogValues byte = 'T' // V|T                        → empty: settings and rates were logged once (changelog_attach.go)
	sSignKey   byte = 'k' // V|k|device                 → this device's ed25519 seed (sync_keys.go)
	sPinKey    byte = 'K' // V|K|device                 → another device's pinned ed25519 public key (sync_keys.go)
)

// Names under pMeta (m|name): facts about the store itself, not records;
// syncBookkeeping (changelog.go) counts metaDevice with the sync state.
var (
	metaSchema    = []byte{pMeta, 's', 'c', 'h', 'e', 'm', 'a'}                // → schema version, 4 bytes big-endian (schema.go)
	metaDevice    = []byte{pMeta, 'd', 'e', 'v', 'i', 'c', 'e'}                // → this device's id (hlc.go)
	metaHome      = []byte{pMeta, 'h', 'o', 'm', 'e'}                          // → the folder the device id was made in (device_home.go)
	metaAttachKey = []byte{pMeta, 'a', 't', 't', 'a', 'c', 'h', 'k', 'e', 'y'} // → attachments' wrapped file key (attach_file.go)
)

// Single keys under pSync.
var (
	registerPrefix = []byte{pSync, sRegister}
	exportMark     = []byte{pSync, sExport}
	syncHLC        = []byte{pSync, sHLC} // so a restarted clock starts past every stamp seen (the local largest is the last log key)
	logAllMark     = []byte{pSync, sLogAll}
	logValuesMark  = []byte{pSync, sLogValues}
)

// flushKey is written and dropped to make Badger flush its memtable (the
// stream writer needs it empty); nothing stays under it (bulk_stream.go).
var flushKey = []byte{pFlush}

// rollupPrefixes are the key prefixes of every rollup.
var rollupPrefixes = []byte{pRollup, pCustMonth, pTierCustMonth}

// Setting names: z|name → value JSON string (setting.go).
const (
	SettingBaseCurrency = "base_currency" // the currency reports are in; default DefaultBaseCurrency
	SettingCompanyName  = "company_name"  // shown on printed reports
	settingRollupsStale = "rollups_stale" // set while the rollups are being rebuilt
	// settingRollupsLayout records which rollups a store keeps, so a store
	// from before the combined ones gets them on the next EnsureRollups
	// (sale_rollup_filter.go: rollupsLayout).
	settingRollupsLayout = "rollups_layout"
)

// settingKey builds z|name.
func settingKey(name string) []byte { return append([]byte{pSetting}, name...) }

// rateKey builds y|currency|sep|date; dates YYYY-MM-DD sort as text.
func rateKey(currency, date string) []byte { return indexKey(pRate, currency, date) }

// complaintKey builds k|id.
func complaintKey(id string) []byte { return append([]byte{pComplaint}, id...) }

// ownedKey builds prefix|customer id|sep|id: a record belonging to a
// customer, so its records are one prefix scan and go with it.
func ownedKey(prefix byte, customerID, id string) []byte { return indexKey(prefix, customerID, id) }

// dueKey builds v|due|sep|customer id|sep|action id, nil when not indexed.
func dueKey(a *model.Action) []byte {
	if a.Status != "open" || a.Due == "" {
		return nil
	}
	k := indexKey(pIdxDue, a.Due, a.CustomerID)
	k = append(k, sep)
	return append(k, a.ID...)
}

func saleKey(id string) []byte { return append([]byte{pSale}, id...) }

// saleByCustomerKey builds h|customer id|sep|date|sep|sale id.
func saleByCustomerKey(s *model.Sale) []byte {
	k := indexKey(pSaleByCustomer, s.CustomerID, s.Date)
	k = append(k, sep)
	return append(k, s.ID...)
}

// packKey is S|id of the pack's first sale.
func packKey(first string) []byte { return append([]byte{pSalePack}, first...) }

// packByCustomerKey is H|customer id|sep|first sale id: the pack holds sales of
// the customer.
func packByCustomerKey(customerID, first string) []byte {
	return indexKey(pPackByCustomer, customerID, first)
}

// goneKey is G|sale id: the packed copy of the sale is no longer the sale.
func goneKey(id string) []byte { return append([]byte{pSaleGone}, id...) }

// rollupKey builds r|YYYY-MM|sep|dimension|sep|value.
func rollupKey(month, dim, value string) []byte {
	k := make([]byte, 0, 10+len(dim)+len(value))
	k = append(k, pRollup)
	k = append(k, month...)
	k = append(k, sep)
	k = append(k, dim...)
	k = append(k, sep)
	return append(k, value...)
}

func rollupDimPrefix(month, dim string) []byte { return rollupKey(month, dim, "") }

// appendRollupPrefix appends r|month|sep|dim|sep, as rollupKey makes it.
func appendRollupPrefix(k []byte, month, dim string) []byte {
	k = append(k, pRollup)
	k = append(k, month...)
	k = append(k, sep)
	k = append(k, dim...)
	return append(k, sep)
}

// tierCustomerValue is the value part of a T key: NUL separates tier,
// region and customer id (ids, tiers and provinces have no control characters).
func tierCustomerValue(tier, region, customer string) string {
	return tier + "\x00" + region + "\x00" + customer
}

func historyKey(customerID string) []byte { return append([]byte{pCustMonth}, customerID...) }

// tierHistoryKey is the key of a customer's history under a tier and region.
func tierHistoryKey(tier, region, customerID string) []byte {
	return append([]byte{pTierCustMonth}, tierCustomerValue(tier, region, customerID)...)
}

// tierCustMonthKey names one month of it, as custMonthKey does.
func tierCustMonthKey(tier, region, customerID, month string) []byte {
	return append(append(tierHistoryKey(tier, region, customerID), sep), month...)
}

// custMonthKey names one month of a customer's history in a rollup delta
// and in Check's lines: C|customer id|sep|YYYY-MM.
func custMonthKey(customerID, month string) []byte {
	k := make([]byte, 0, 9+len(customerID))
	k = append(append(append(k, pCustMonth), customerID...), sep)
	return append(k, month...)
}

// changeKey builds l|HLC, 8 bytes big-endian so the log sorts by time.
func changeKey(hlc uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{pChange}, hlc)
}

// registerKey builds V|r|entity|sep|id.
func registerKey(kind, id string) []byte {
	k := append([]byte{pSync, sRegister}, kind...)
	k = append(k, sep)
	return append(k, id...)
}

// conflictKey builds J|entity|sep|id|sep|field|sep|losing stamp.
func conflictKey(kind, id, field, loser string) []byte {
	k := append([]byte{pConflict}, kind...)
	k = append(append(k, sep), id...)
	k = append(append(k, sep), field...)
	return append(append(k, sep), loser...)
}

// appliedKey builds V|a|device|sep|file.
func appliedKey(device, file string) []byte {
	k := append([]byte{pSync, sApplied}, device...)
	return append(append(k, sep), file...)
}

// pendingKey marks a record whose customer is missing here (not arrived yet,
// or deleted): it waits in its registers and is written when its customer is.
// V|p|customer id|sep|entity|sep|id.
func pendingKey(customerID, kind, id string) []byte {
	k := append([]byte{pSync, sPending}, customerID...)
	k = append(append(k, sep), kind...)
	return append(append(k, sep), id...)
}

// signKeyKey builds V|k|device, pinKey V|K|device (sync_keys.go).
func signKeyKey(device string) []byte { return append([]byte{pSync, sSignKey}, device...) }
func pinKey(device string) []byte     { return append([]byte{pSync, sPinKey}, device...) }

// kindPrefix is the record prefix of a synced kind: c, x, a, else k.
func kindPrefix(kind string) byte {
	switch kind {
	case model.KindCustomer:
		return pCustomer
	case model.KindInteraction:
		return pInteraction
	case model.KindSale:
		return pSale
	}
	return pComplaint
}

// recordKey is the key of a record a batch entry may name.
func recordKey(kind, id string) ([]byte, error) {
	switch kind {
	case model.KindCustomer:
		return customerKey(id), nil
	case model.KindSale:
		return saleKey(id), nil
	}
	return nil, fmt.Errorf("change log: no batch entries for %q", kind)
}

// splitRegisterKey reads kind and id from a register key after its prefix.
func splitRegisterKey(k []byte) (kind, id string, ok bool) {
	for i, b := range k {
		if b == sep {
			return string(k[:i]), string(k[i+1:]), true
		}
	}
	return "", "", false
}

// parseRollupKey splits a rollup key; ok is false for a malformed one.
func parseRollupKey(k []byte) (month, dim, value string, ok bool) {
	if len(k) < 10 || k[0] != pRollup || k[8] != sep {
		return "", "", "", false
	}
	rest := k[9:]
	for i, b := range rest {
		if b == sep {
			return string(k[1:8]), string(rest[:i]), string(rest[i+1:]), true
		}
	}
	return "", "", "", false
}
