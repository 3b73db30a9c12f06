package sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/i18n"
)

// The settings sync keeps: the folder and the last result (JSON).
const (
	SettingSyncFolder = "sync_folder"
	settingSyncLast   = "sync_last"
)

// ErrNoSyncFolder means no sync folder was given or chosen.
var ErrNoSyncFolder = errors.New("no sync folder chosen")

// SyncFolder is the folder chosen in Settings → Sync, "" if none.
func (s *Service) SyncFolder() (string, error) {
	st, done := s.c.Use()
	defer done()
	return st.Setting(SettingSyncFolder)
}

// SetSyncFolder chooses the sync folder.
func (s *Service) SetSyncFolder(dir string) error {
	store, done := s.c.Use()
	defer done()
	return store.SetSetting(SettingSyncFolder, strings.TrimSpace(dir))
}

// Sync applies the other devices' new files in dir, then writes this
// device's new changes, and remembers the result (LastSync). An empty dir
// means the chosen folder.
func (s *Service) Sync(dir string) (*Result, error) {
	if dir == "" {
		d, err := s.SyncFolder()
		if err != nil {
			return nil, err
		}
		if dir = d; dir == "" {
			return nil, ErrNoSyncFolder
		}
	}
	res := &Result{At: s.c.Now()}
	err := s.syncImport(dir, res)
	if err == nil {
		err = s.syncExport(dir, res)
	}
	return res, s.remember(res, err)
}

// remember keeps a sync's result and error for LastSync, and returns the
// error (or the one keeping them gave).
func (s *Service) remember(res *Result, err error) error {
	store, done := s.c.Use()
	defer done()
	last := lastSync{Result: res}
	if err != nil {
		last.Error = err.Error()
	}
	if b, jerr := json.Marshal(last); jerr == nil {
		if serr := store.SetSetting(settingSyncLast, string(b)); serr != nil && err == nil {
			err = serr
		}
	}
	return err
}

type lastSync struct {
	Result *Result `json:"result"`
	Error  string  `json:"error,omitempty"`
}

// LastSync is the result of the last Sync (nil if none) and its error
// message, "" when it succeeded.
func (s *Service) LastSync() (*Result, string, error) {
	store, done := s.c.Use()
	defer done()
	v, err := store.Setting(settingSyncLast)
	if err != nil || v == "" {
		return nil, "", err
	}
	var l lastSync
	if err := json.Unmarshal([]byte(v), &l); err != nil {
		return nil, "", fmt.Errorf("last sync: %w", err)
	}
	return l.Result, l.Error, nil
}

// SyncConflicts lists the values that lost to concurrent changes and are
// not yet dismissed.
func (s *Service) SyncConflicts() ([]*Conflict, error) {
	st, done := s.c.Use()
	defer done()
	return st.Conflicts()
}

// DismissConflict forgets a conflict: the value in the store stays.
func (s *Service) DismissConflict(key string) error {
	st, done := s.c.Use()
	defer done()
	return st.DismissConflict(key)
}

// KeepLoser writes a conflict's losing value back as a new change of this
// device (so it wins everywhere at the next sync) and dismisses the
// conflict. It works for customers, sales, team settings and exchange rates
// (CanUseLoser); interactions and complaints are edited by hand.
func (s *Service) KeepLoser(c *Conflict) error {
	store, done := s.c.Use()
	defer done()
	if c.Entity != model.KindCustomer {
		return s.keepLoserValue(c) // sync_conflicts.go
	}
	cu, err := store.Customer(c.ID)
	if err != nil {
		return err
	}
	m := map[string]json.RawMessage{}
	b, err := json.Marshal(cu)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if string(c.Loser) == "null" {
		delete(m, c.Field)
	} else {
		m[c.Field] = c.Loser
	}
	if b, err = json.Marshal(m); err != nil {
		return err
	}
	next := new(model.Customer)
	if err := json.Unmarshal(b, next); err != nil {
		return err
	}
	if err := s.ed.UpdateCustomer(next); err != nil {
		return err
	}
	return store.DismissConflict(c.Key())
}

// ConflictValue shows a conflict's JSON value as text: a string as it is,
// null (a deletion, or no value) as "(deleted)" or "", anything else as JSON.
func ConflictValue(v json.RawMessage) string {
	var s string
	switch {
	case len(v) == 0:
		return ""
	case string(v) == "null":
		return i18n.L("(deleted or empty)")
	case json.Unmarshal(v, &s) == nil:
		return s
	}
	return string(v)
}

// ConflictName names a conflict's record for people: a customer's name,
// also when the customer is deleted here; a setting, a rate, or another
// record by its customer and kind. ok says whether the customer is in the
// store.
func (s *Service) ConflictName(c *Conflict) (name string, ok bool) {
	store, done := s.c.Use()
	defer done()
	if c.Entity != model.KindCustomer {
		return s.conflictTitle(c), false // sync_conflicts.go
	}
	if cu, err := store.Customer(c.ID); err == nil {
		return cu.Name, true
	}
	if v, err := store.SyncedValue(c.Entity, c.ID, "name"); err == nil && json.Unmarshal(v, &name) == nil && name != "" {
		return name, false
	}
	return c.ID, false
}

// SyncChosen reports whether a way to sync is chosen: a server URL or a
// folder (an error reads as none).
func (s *Service) SyncChosen() bool {
	u, err := s.SyncURL()
	if err == nil && u != "" {
		return true
	}
	dir, err := s.SyncFolder()
	return err == nil && dir != ""
}

// SyncTheChosenWay syncs through the PostgreSQL server when its URL is set
// (it wins over a folder, as in Settings → Sync), else through the folder.
func (s *Service) SyncTheChosenWay(ctx context.Context) (*Result, error) {
	u, err := s.SyncURL()
	if err != nil {
		return nil, err
	}
	if u != "" {
		return s.SyncServer(ctx, u)
	}
	return s.Sync("")
}
