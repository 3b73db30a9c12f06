package data

import (
	"encoding/binary"
	"time"
)

// Key prefixes: one byte per entity or index. Every key of the store starts with
// one of these, so a prefix scan never crosses entities. Never reuse a retired byte.
const (
	pMeta        byte = 'm' // m|name                       → meta value (schema version …)
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
	pMember      byte = 'e' // e|batch id|sep|customer id   → Member JSON

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
	pSync     byte = 'V' // V|kind|…  sync state: field registers, export mark, applied files (changelog.go)
	pConflict byte = 'J' // J|entity|sep|id|sep|field|sep|losing stamp  → Conflict JSON

	// A scratch key an import writes and drops at once, to make Badger
	// flush its memtable before streaming (data/bulk_stream.go).
	pFlush byte = 'F'

	// The customer rollup transposed (data/rollup_customer.go): one customer's
	// months side by side, so its first and last purchase month and its total
	// are one short prefix read.
	pCustMonth byte = 'C' // C|customer id|sep|YYYY-MM → amount, orders (2×8 bytes big-endian)
	// The tier-customer rollup transposed likewise: a customer's months under
	// the tier and region its sales were written with.
	pTierCustMonth byte = 'T' // T|tier\0region\0customer id|sep|YYYY-MM → as C

	// Packed sales (data/sale_pack.go): a big import's sales, about a
	// thousand to a value.
	pSalePack       byte = 'S' // S|first sale id                    → packed sales
	pPackByCustomer byte = 'H' // H|customer id|sep|first sale id    → empty
	pSaleGone       byte = 'G' // G|sale id                          → empty (the packed copy is gone)

	// Reserved: complaints 'w' (history, unused: the history lives in the
	// complaint record).
)

// sep separates a variable-length part from the id that follows it. NUL cannot
// occur in normalised text (Normalize strips control characters), so "ab"+"c"
// and "a"+"bc" never collide.
const sep byte = 0

var metaSchema = []byte{pMeta, 's', 'c', 'h', 'e', 'm', 'a'}

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
