package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/importer"
	"github.com/kehu-crm/kehu/data"
)

// ImportOptions say how to read and what to do.
type ImportOptions struct {
	importer.Options
	Map map[string]string // --map overrides: source header (or column number) → target
	// Values maps enumeration values no code matches (the value-mapping
	// step, --map 客户等级:重点=A); an import remembers them for the next.
	Values ValueMap
	DryRun bool
	// Translate turns English messages into the user's language for the
	// rejected-rows file; nil keeps English.
	Translate func(string) string
	// Progress, if set, is called now and then with rows written and total.
	Progress func(done, total int)
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
	Unmatched []Unmatched `json:"unmatched,omitempty"`
	Warnings  []RowIssue  `json:"-"`
	Rejects   []RowIssue  `json:"-"`
}

// RowIssue is a problem with one cell or row of the file.
type RowIssue struct {
	Line    int
	Column  string // header text, or "" for the whole row
	Msg     string // English; translated at the edge
	Value   string // the cell's text, for a warning
	Warning bool   // the row was imported (the value kept in the notes)
	Enum    string // the enumeration kind of a value that matched no code
}

func (r RowIssue) String() string {
	if r.Column == "" {
		return fmt.Sprintf("line %d: %s", r.Line, r.Msg)
	}
	return fmt.Sprintf("line %d: column %s: %s", r.Line, r.Column, r.Msg)
}

// TouchedError lists customers edited after the batch that would lose those
// edits if it were undone.
type TouchedError struct{ Names []string }

func (e *TouchedError) Error() string {
	return fmt.Sprintf("%d customers were edited after this import: %s", len(e.Names), strings.Join(e.Names, ", "))
}

// ErrCancelled means the user cancelled an import; nothing was imported.
var ErrCancelled = errors.New("import cancelled: nothing was imported")

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

// ImportCustomersFile reads and imports a customer list.
func (s *Service) ImportCustomersFile(ctx context.Context, path string, o ImportOptions) (*ImportSummary, error) {
	t, m, err := ReadImport(path, o)
	if err != nil {
		return nil, err
	}
	return s.ImportCustomers(ctx, t, m, o)
}

// ImportCustomers imports a table with a mapping (one target per column, ""
// for columns kept in the notes). Duplicates — within the file and against
// the archive, by normalised name, phone or tax id — merge into the existing
// customer, filling blank fields only. The whole import is one batch: it is
// all there or not there, and ImportUndo takes it back.
func (s *Service) ImportCustomers(ctx context.Context, t *importer.Table, mapping []string, o ImportOptions) (*ImportSummary, error) {
	tr := o.Translate
	if tr == nil {
		tr = func(s string) string { return s }
	}
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
			sum.Rejects = append(sum.Rejects, RowIssue{Line: row.Line, Msg: pr.reject})
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
		return ErrCancelled
	}
	if err := store.CommitBatch(b); err != nil {
		return err
	}
	s.Customers.Refresh(all)
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

// plan collects what an import will do, matching each row against the
// archive's indexes (read once, keys only) and the rows before it.
type plan struct {
	st                 *data.Store
	names, phones, tax map[string][]string // archive: value → ids
	byKey              map[string]*model.Change
	order              []*model.Change
}

func (s *Service) newPlan() (*plan, error) {
	store, done := s.c.Use()
	defer done()
	p := &plan{st: store, byKey: map[string]*model.Change{}}
	var err error
	if p.names, err = store.IndexValues("name"); err != nil {
		return nil, err
	}
	if p.phones, err = store.IndexValues("phone"); err != nil {
		return nil, err
	}
	if p.tax, err = store.IndexValues("tax_id"); err != nil {
		return nil, err
	}
	return p, nil
}

// matchKeys are the keys a customer is matched by, strongest first.
func matchKeys(c *model.Customer) []string {
	var k []string
	if c.ID != "" { // from an export's id column
		k = append(k, "i:"+c.ID)
	}
	if t := model.NormalizeTaxID(c.TaxID); t != "" {
		k = append(k, "t:"+t)
	}
	k = append(k, "n:"+model.Normalize(c.Name))
	if p := model.NormalizePhone(c.Phone); len(p) >= 7 {
		k = append(k, "p:"+p)
	}
	return k
}

// add plans c, whose matchKeys are keys, and reports whether it merged
// into a customer already known.
func (p *plan) add(c *model.Customer, keys []string) bool {
	for _, k := range keys {
		if ch, ok := p.byKey[k]; ok {
			fillBlanks(ch.After, c)
			p.index(ch, matchKeys(ch.After))
			return true
		}
	}
	for _, k := range keys {
		var ids []string
		switch k[0] {
		case 'i':
			if _, err := p.st.Customer(k[2:]); err == nil {
				ids = []string{k[2:]}
			}
		case 't':
			ids = p.tax[k[2:]]
		case 'n':
			ids = p.names[k[2:]]
		case 'p':
			ids = p.phones[k[2:]]
		}
		if len(ids) == 0 {
			continue
		}
		before, err := p.st.Customer(ids[0])
		if err != nil {
			continue
		}
		after := *before
		after.Contacts = slices.Clone(before.Contacts)
		after.Tags = slices.Clone(before.Tags)
		fillBlanks(&after, c)
		ch := &model.Change{Before: before, After: &after}
		p.order = append(p.order, ch)
		p.index(ch, append(keys, matchKeys(before)...))
		return true
	}
	ch := &model.Change{After: c}
	p.order = append(p.order, ch)
	p.index(ch, keys)
	return false
}

func (p *plan) index(ch *model.Change, keys []string) {
	for _, k := range keys {
		if _, ok := p.byKey[k]; !ok {
			p.byKey[k] = ch
		}
	}
}

// changes is what to write: new customers and merges that changed something.
func (p *plan) changes() []model.Change {
	var out []model.Change
	for _, ch := range p.order {
		if ch.Before == nil || !sameCustomer(ch.Before, ch.After) {
			out = append(out, *ch)
		}
	}
	return out
}

func sameCustomer(a, b *model.Customer) bool {
	for _, f := range customers.Fields {
		if f.Get(a) != f.Get(b) {
			return false
		}
	}
	return slices.Equal(a.Contacts, b.Contacts)
}

// fillBlanks copies into dst what src has and dst lacks: a merge never
// overwrites what a person typed.
func fillBlanks(dst, src *model.Customer) {
	for _, f := range customers.Fields {
		if f.Get(dst) == "" && f.Get(src) != "" {
			f.Put(dst, f.Get(src))
		}
	}
	if dst.Currency == "" {
		dst.Currency = src.Currency
	}
	for _, ct := range src.Contacts {
		if !slices.ContainsFunc(dst.Contacts, func(d model.Contact) bool { return model.Normalize(d.Name) == model.Normalize(ct.Name) }) {
			dst.Contacts = append(dst.Contacts, ct)
		}
	}
}

// currencyRe is a currency code as exports write it (ISO 4217: CNY, USD).
var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// rowCustomer turns a row into a customer. A value that does not fit its
// field (an amount like 三十, an unknown tier) is a warning, and its raw text
// goes to the notes so nothing is lost; so do unmapped columns.
//
// A CSV cell Kehu's export marked as text ("'=…", "'+86…": a leading
// apostrophe before what a spreadsheet would run) is read without the mark.
func rowCustomer(format string, header, mapping []string, values []map[string]string, row importer.Row) (*model.Customer, []RowIssue) {
	c := &model.Customer{}
	var notes []string
	var warns []RowIssue
	var contact model.Contact
	var contacts []model.Contact
	var stamps []int // columns of created/updated: an export's, dropped; anyone else's, kept
	keep := func(col int, v string) { notes = append(notes, header[col]+": "+v) }
	unmark := func(v string) string {
		if format == importer.FormatCSV && len(v) > 1 && v[0] == '\'' && strings.IndexByte("=+-@\t\r", v[1]) >= 0 {
			return v[1:]
		}
		return v
	}
	for i, raw := range row.Cells {
		v := strings.TrimSpace(strings.Trim(raw, "\u3000"))
		if v == "" || i >= len(mapping) {
			continue
		}
		v = unmark(v)
		switch t := mapping[i]; t {
		case "":
			keep(i, v)
		case "contact":
			contacts = customers.ParseContacts(v)
		case "id":
			if !model.ValidID(v) {
				keep(i, v) // the list's own numbering, not Kehu's id
				continue
			}
			c.ID = v
		case "currency":
			if cur := strings.ToUpper(v); currencyRe.MatchString(cur) {
				c.Currency = cur
				continue
			}
			warns = append(warns, RowIssue{Line: row.Line, Column: header[i], Msg: "Not a valid value; kept in the notes.", Value: v, Warning: true})
			keep(i, v)
		case "created", "updated":
			stamps = append(stamps, i)
		case "contact_title":
			contact.Title = v
		case "revenue_wan":
			m, err := model.ParseMoney(strings.TrimSuffix(v, "万") + "万")
			if err != nil {
				warns = append(warns, RowIssue{Line: row.Line, Column: header[i], Msg: "Not an amount; kept in the notes.", Value: v, Warning: true})
				keep(i, v)
				continue
			}
			c.Revenue = m
		case "notes":
			// Notes keep their leading indent: only the end is trimmed.
			notes = append(notes, unmark(strings.TrimRight(raw, " \t\r\n\u3000")))
		default:
			f, ok := customers.FieldByName(t)
			if !ok {
				keep(i, v)
				continue
			}
			if f.Enum != "" && i < len(values) {
				if code, ok := values[i][v]; ok {
					if code == KeepInNotes { // the user's choice: no warning
						keep(i, v)
						continue
					}
					v = code
				}
			}
			if err := f.Set(c, v); err != nil {
				msg := "Not a valid value; kept in the notes."
				if t == "revenue" {
					msg = "Not an amount; kept in the notes."
				}
				warns = append(warns, RowIssue{Line: row.Line, Column: header[i], Msg: msg, Value: v, Warning: true, Enum: f.Enum})
				keep(i, v)
			}
		}
	}
	for _, v := range row.Extra {
		if v = strings.TrimSpace(v); v != "" {
			notes = append(notes, v)
		}
	}
	if c.Currency == "" && c.Revenue != 0 {
		c.Currency = model.DefaultBaseCurrency
	}
	if c.ID == "" {
		for _, i := range stamps {
			keep(i, strings.TrimSpace(row.Cells[i]))
		}
	}
	if len(contacts) > 0 {
		c.Contacts = contacts
		if contact.Title != "" && len(contacts) == 1 {
			c.Contacts[0].Title = contact.Title
		}
	} else if contact.Title != "" {
		keep(slices.Index(mapping, "contact_title"), contact.Title)
	}
	c.Notes = strings.Join(notes, "\n")
	return c, warns
}
