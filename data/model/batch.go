package model

import (
	"errors"
	"time"
)

// Batch states. A batch is written pending, its chunks follow, and "done" is
// written last: a pending batch found at open was interrupted and is rolled
// back, so an import is all there or not there at all.
const (
	BatchPending    = "pending"
	BatchDone       = "done"
	BatchUndoing    = "undoing"
	BatchUndone     = "undone"
	BatchRolledBack = "rolled_back"
)

// Batch is one import: what was read and what it did.
type Batch struct {
	ID           string    `json:"id"`
	Kind         string    `json:"kind"` // customers, sales
	File         string    `json:"file"`
	At           time.Time `json:"at"`
	State        string    `json:"state"`
	Rows         int       `json:"rows"`
	New          int       `json:"new"`
	Merged       int       `json:"merged"`
	Rejected     int       `json:"rejected"`
	Blank        int       `json:"blank"`
	RejectedFile string    `json:"rejected_file,omitempty"`
	// A sales import counts its sales in New and the customers it created here.
	CustomersCreated int `json:"customers_created,omitempty"`
	// DeferRollups: a big sales import sums its rollup changes in memory and
	// writes each key once before its commit (rollup_defer.go).
	DeferRollups bool `json:"defer_rollups,omitempty"`
}

// Change is one customer a batch writes: a new record (Before nil) or a merge.
type Change struct {
	Before *Customer
	After  *Customer
}

// ErrBatchState means a batch is not in the state the operation needs.
var ErrBatchState = errors.New("batch is not in a state for this")
