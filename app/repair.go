package app

import (
	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data/model"
)

// Repair rebuilds the indexes and the sales rollups from the records.
type Repair struct {
	IndexRemoved, IndexWritten int
	Rollups                    model.RollupRepair
	Batches                    int // imports left pending rolled back, undos left undoing finished
	Markers                    int // undo records of batches that do not exist, removed
	Relogged                   int // records logged again with a clock brought back from far ahead
}

// Repair rebuilds every index and the sales rollups (`kehu check --repair`).
func (s *Service) Repair() (Repair, error) {
	store, done := s.c.Use()
	defer done()
	var r Repair
	var err error
	if r.IndexRemoved, r.IndexWritten, err = store.RepairIndexes(); err != nil {
		return r, err
	}
	if r.Rollups, err = store.RebuildRollups(); err != nil {
		return r, err
	}
	if r.Batches, r.Markers, err = store.RepairMarkers(); err != nil {
		return r, err
	}
	if r.Relogged, err = store.RepairClock(); err == nil && r.Relogged > 0 {
		err = s.Sync.DropFarFiles()
	}
	s.c.Changed(core.All &^ core.Reopened)
	return r, err
}
