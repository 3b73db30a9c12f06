// Package model is Kehu's domain vocabulary, the records and rules every
// layer shares: the record types (Customer, Sale, Complaint, Assessment…),
// the enumerations and their stable codes (Tiers, Stages, Channels…), the
// errors callers test with errors.Is/As (ErrNotFound, LockedError…), the
// one validation of a record (CheckRecord), Normalize* for matching and
// keys, ids (NewID), pure money helpers (ParseMoney, FormatMoney, AddAmount,
// ConvertAmount) and the table of editable customer fields (CustomerFields).
//
// It holds no storage: it imports neither Badger nor package data, which
// stores these records (data) and is used by app and views alike.
package model
