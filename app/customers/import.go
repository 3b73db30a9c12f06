package customers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/importer"
)

// ImportOptions say how to read and what to do: what every import is told
// (importer.Job), and the value mappings of a customer list.
type ImportOptions struct {
	importer.Job
	// Values maps enumeration values no code matches (the value-mapping
	// step, --map 客户等级:重点=A); an import remembers them for the next.
	Values ValueMap
}

// ImportSummary accounts for every row: Rows == New + Merged + Rejected +
// Blank + Summary.
type ImportSummary struct {
	Batch        string `json:"batch"`
	Rows         int    `json:"rows"`
	New          int    `json:"new"`
	Merged       int    `json:"merged"`
	Rejected     int    `json:"rejected"`
	Blank        int    `json:"blank"`
	Summary      int    `json:"skipped_summary"` // rows that sum the table (合计) and notes under it
	RejectedFile string `json:"rejected_file"`
	// Unmatched lists, a column, the enumeration values no code matched.
	Unmatched []Unmatched         `json:"unmatched,omitempty"`
	Warnings  []importer.RowIssue `json:"-"`
	Rejects   []importer.RowIssue `json:"-"`
}

// TouchedError lists customers edited after the batch that would lose those
// edits if it were undone.
type TouchedError struct{ Names []string }

func (e *TouchedError) Error() string {
	return fmt.Sprintf("%d customers were edited after this import: %s", len(e.Names), strings.Join(e.Names, ", "))
}

// ReadImport reads a file and guesses its column mapping, for the preview.
func ReadImport(path string, o ImportOptions) (*importer.Table, []string, error) {
	if isJSONL(path) {
		t, err := readJSONL(path)
		if err != nil {
			return nil, nil, err
		}
		return t, []string{"json"}, nil
	}
	t, err := importer.Read(path, o.Options)
	if err != nil {
		return nil, nil, err
	}
	m, err := importer.ApplyMap(t.Header, importer.GuessMapping(t.Header, importer.CustomerTargets), o.Map, importer.CustomerTargets)
	if err != nil {
		return nil, nil, err
	}
	return t, m, nil
}

// ImportFile reads and imports a customer list.
func (s *Service) ImportFile(ctx context.Context, path string, o ImportOptions) (*ImportSummary, error) {
	t, m, err := ReadImport(path, o)
	if err != nil {
		return nil, err
	}
	return s.Import(ctx, t, m, o)
}

// Import imports a table with a mapping (one target per column, "" for
// columns kept in the notes). Duplicates — within the file and against the
// archive, by normalised name, phone or tax id — merge into the existing
// customer, filling blank fields only. The whole import is one batch: it is
// all there or not there, and UndoImport takes it back.
func (s *Service) Import(ctx context.Context, t *importer.Table, mapping []string, o ImportOptions) (*ImportSummary, error) {
	tr := o.Tr()
	p, err := s.newPlan()
	if err != nil {
		return nil, err
	}
	sum := &ImportSummary{Rows: len(t.Rows)}
	var rejected, warned []importer.Row
	values, err := columnValues(t.Header, mapping, s.rememberedValues(), o.Values)
	if err != nil {
		return nil, err
	}
	parsed := parseRows(t.Format, t.Header, mapping, values, t.Rows)
	markSummaries(mapping, t.Rows, parsed)
	for i, pr := range parsed {
		row := t.Rows[i]
		if pr.summary {
			sum.Summary++
			continue
		}
		if pr.c == nil && pr.reject == "" {
			sum.Blank++
			continue
		}
		if pr.reject != "" {
			sum.Rejected++
			sum.Rejects = append(sum.Rejects, importer.RowIssue{Line: row.Line, Msg: pr.reject})
			rejected = append(rejected, row)
			continue
		}
		sum.Warnings = append(sum.Warnings, pr.warns...)
		for range pr.warns {
			warned = append(warned, row)
		}
		if p.add(pr.c, pr.keys) {
			sum.Merged++
		} else {
			sum.New++
		}
	}
	if len(rejected)+len(warned) > 0 && !o.DryRun {
		rows := append(rejected, warned...)
		issues := append(slices.Clone(sum.Rejects), sum.Warnings...)
		if sum.RejectedFile, err = s.writeRejected(t, rows, issues, tr); err != nil {
			return nil, err
		}
	}
	sum.Unmatched = unmatched(t.Header, mapping, sum.Warnings)
	if o.DryRun {
		return sum, nil
	}
	b := &model.Batch{Kind: "customers", File: t.File, Rows: sum.Rows, New: sum.New, Merged: sum.Merged,
		Rejected: sum.Rejected, Blank: sum.Blank, RejectedFile: sum.RejectedFile}
	if err := s.writeBatch(ctx, b, p.changes(), o.Progress); err != nil {
		return nil, err
	}
	sum.Batch = b.ID
	if len(o.Values) > 0 {
		// Remembered for the next import; the import itself is done, so a
		// failure here costs only the convenience.
		_ = s.rememberValues(o.Values)
	}
	return sum, nil
}

// writeBatch writes changes as one batch in chunks, the commit marker last.
// A cancelled context rolls the batch back.
func (s *Service) writeBatch(ctx context.Context, b *model.Batch, changes []model.Change, progress func(int, int)) error {
	store, release := s.c.Use()
	defer release()
	if err := store.BeginBatch(b); err != nil {
		return err
	}
	// A big import's new customers are streamed into the store in one go;
	// merges (and what cannot be streamed) go through transactions.
	all := changes
	changes, err := store.StreamNewCustomers(b.ID, changes)
	if err != nil {
		if rerr := store.RollBackBatch(b.ID); rerr != nil {
			return fmt.Errorf("roll back import: %w (after: %v)", rerr, err)
		}
		return err
	}
	if streamed := len(all) - len(changes); streamed > 0 && progress != nil {
		progress(streamed, len(all))
	}
	// Two writers: Badger commits one transaction at a time, but encoding
	// the next chunk overlaps with committing this one.
	const chunk = 1000
	var (
		mu      sync.Mutex
		done    = len(all) - len(changes)
		failed  error
		next    = make(chan []model.Change)
		writers sync.WaitGroup
	)
	for range 2 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for part := range next {
				err := store.WriteChunk(b.ID, part)
				mu.Lock()
				if err != nil && failed == nil {
					failed = err
				}
				done += len(part)
				d := done
				mu.Unlock()
				if progress != nil {
					progress(d, len(all))
				}
			}
		}()
	}
	for i := 0; i < len(changes) && ctx.Err() == nil; i += chunk {
		mu.Lock()
		stop := failed != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- changes[i:min(i+chunk, len(changes))]
	}
	close(next)
	writers.Wait()
	if failed != nil || ctx.Err() != nil {
		if err := store.RollBackBatch(b.ID); err != nil {
			return fmt.Errorf("roll back import: %w", err)
		}
		if failed != nil {
			return failed
		}
		return importer.ErrCancelled
	}
	if err := store.CommitBatch(b); err != nil {
		return err
	}
	s.refresh(all)
	return nil
}

// Imports lists the import batches, oldest first.
func (s *Service) Imports() ([]*model.Batch, error) {
	st, done := s.c.Use()
	defer done()
	return st.Batches()
}

// UndoImport takes a batch back exactly. When customers were edited after the
// import it returns a *TouchedError naming them, unless force is set.
func (s *Service) UndoImport(id string, force bool) error {
	store, done := s.c.Use()
	defer done()
	b, err := store.Batch(id)
	if err != nil {
		return err
	}
	if b.State != model.BatchDone {
		return fmt.Errorf("import %s is %s: only a finished import can be undone", id, b.State)
	}
	if !force {
		touched, err := store.Touched(id)
		if err != nil {
			return err
		}
		if len(touched) > 0 {
			te := &TouchedError{}
			for _, c := range touched {
				te.Names = append(te.Names, c.Name)
			}
			return te
		}
	}
	if err := store.UndoBatch(id); err != nil {
		return err
	}
	s.c.Changed(core.Customers)
	return nil
}

// writeRejected writes the rejected-rows file (importer.WriteRejected),
// into the data folder's exports folder when the source's is read-only.
func (s *Service) writeRejected(t *importer.Table, rows []importer.Row, issues []importer.RowIssue, tr func(string) string) (string, error) {
	store, done := s.c.Use()
	defer done()
	dir := ""
	if store != nil {
		dir = store.Dir()
	}
	return importer.WriteRejected(dir, t, rows, issues, tr)
}
