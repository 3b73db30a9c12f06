package model

import "encoding/json"

// The entities the change log covers.
const (
	KindCustomer    = "customer"
	KindInteraction = "interaction"
	KindSale        = "sale"
	KindComplaint   = "complaint"
)

// Kinds lists the entities the change log covers.
var Kinds = []string{KindCustomer, KindInteraction, KindSale, KindComplaint}

// FieldChange is one field's new value; Base is the stamp of the value it
// replaced on the writing device, "" when there was none.
type FieldChange struct {
	Value json.RawMessage `json:"v"`
	Base  string          `json:"b,omitempty"`
}

// SyncChange is one entry of the change log: the fields of one record that one
// write changed, all with one stamp.
type SyncChange struct {
	Entity string                 `json:"e"`
	ID     string                 `json:"id"`
	Stamp  string                 `json:"s"`
	Fields map[string]FieldChange `json:"f"`
}
