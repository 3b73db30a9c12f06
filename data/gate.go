package data

import (
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// gate lets an import stream its records straight into Badger's tree
// (bulk_stream.go) with no transaction open: Badger's stream writer blocks
// writes and, when it finishes, replaces the oracle that numbers
// transactions, so a transaction begun before and ended after would trip
// Badger's watermark check. Every transaction of the store goes through the
// gate; an import closes it when it is free. Closing never waits long: if a
// transaction stays open (a long export, or one nested in another), the
// import gives up and writes through transactions instead, so a nested
// transaction waits at most that long and never deadlocks.
type gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	active int
	closed bool
}

func (g *gate) init() {
	g.mu.Lock()
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
	g.mu.Unlock()
}

func (g *gate) enter() {
	g.init()
	g.mu.Lock()
	for g.closed {
		g.cond.Wait()
	}
	g.active++
	g.mu.Unlock()
}

func (g *gate) leave() {
	g.mu.Lock()
	g.active--
	if g.active == 0 {
		g.cond.Broadcast()
	}
	g.mu.Unlock()
}

// close shuts the gate once no transaction is open, waiting at most wait;
// it reports whether it did.
func (g *gate) close(wait time.Duration) bool {
	g.init()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.closed = true
	expired := false
	t := time.AfterFunc(wait, func() {
		g.mu.Lock()
		expired = true
		g.cond.Broadcast()
		g.mu.Unlock()
	})
	defer t.Stop()
	for g.active > 0 && !expired {
		g.cond.Wait()
	}
	if g.active > 0 {
		g.closed = false
		g.cond.Broadcast()
		return false
	}
	return true
}

func (g *gate) open() {
	g.mu.Lock()
	g.closed = false
	g.cond.Broadcast()
	g.mu.Unlock()
}

// view is db.View through the gate.
func (s *Store) view(fn func(txn *badger.Txn) error) error {
	s.gate.enter()
	defer s.gate.leave()
	return s.db.View(fn)
}

// dbUpdate is db.Update through the gate.
func (s *Store) dbUpdate(fn func(txn *badger.Txn) error) error {
	s.gate.enter()
	defer s.gate.leave()
	return s.db.Update(fn)
}

// Stamp is the store's read timestamp: it grows with every committed write,
// so a cache of something derived from the store is valid while it stays
// the same. It is a cheap read and, unlike Version, returns an error rather
// than touching the tables once the store is closed.
func (s *Store) Stamp() (uint64, error) {
	var ts uint64
	err := s.view(func(txn *badger.Txn) error {
		ts = txn.ReadTs()
		return nil
	})
	return ts, err
}
