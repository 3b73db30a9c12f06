package data

import "github.com/kehu-crm/kehu/data/model"

// Deferred rollups. A sales import writing its rollup changes with every
// chunk rewrote the same month × customer keys hundreds of times (a million
// sales: most of the import's time). A big one instead sums them in memory
// (SalesCache) and writes each key once, after its last chunk and before its
// commit. Until then the rollups lack the pending batch's sales, and that is
// how the batch is taken back if it is cut off: a pending batch marked
// DeferRollups deletes its sales without touching the rollups and rebuilds
// them from the sales, since it may have written any part of its sum. While
// the import runs it holds rollupMu, so a rebuild (check --repair, a rate
// change) cannot count its sales and then have its sum added again.

// holdRollups takes rollupMu for a batch.
func (s *Store) holdRollups(batchID string) {
	s.rollupMu.Lock()
	s.heldMu.Lock()
	s.rollupsBy = batchID
	s.heldMu.Unlock()
}

// releaseRollups lets rollupMu go if the batch holds it.
func (s *Store) releaseRollups(batchID string) {
	s.heldMu.Lock()
	held := s.rollupsBy == batchID && batchID != ""
	if held {
		s.rollupsBy = ""
	}
	s.heldMu.Unlock()
	if held {
		s.rollupMu.Unlock()
	}
}

// DeferRollups makes WriteSalesChunk sum the chunks' rollup changes in the
// cache rather than write them; WriteDeferredRollups writes the sum. Use it
// only for a batch begun with DeferRollups.
func (c *SalesCache) DeferRollups() { c.deferred = rollupDelta{} }

// WriteDeferredRollups writes the rollup changes the cache summed, each key
// once, in transactions of a few thousand keys.
func (s *Store) WriteDeferredRollups(c *SalesCache) error {
	if len(c.deferred) == 0 {
		return nil
	}
	if err := c.deferred.applyChunked(s); err != nil {
		return err
	}
	c.deferred = rollupDelta{}
	return nil
}

// merge adds another delta's changes.
func (d rollupDelta) merge(o rollupDelta) {
	for k, v := range o {
		a := d[k]
		a.Amount = model.AddAmount(a.Amount, v.Amount)
		a.Orders += v.Orders
		d[k] = a
	}
}
