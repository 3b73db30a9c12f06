package views

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/kehu-crm/kehu/data/model"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// customersScreen is the customer archive: a searchable, sortable table of
// every customer and, beside it, the selected customer's form.
type customersScreen struct {
	u       *UI
	query   customers.Query
	rows    []*customers.Row
	recent  map[string]int64 // sales of the last 12 months, a customer id
	total   int
	search  *searchEntry
	tier    *widget.Select
	stage   *widget.Select
	owner   *widget.Select
	count   *widget.Label
	table   *customerTable
	detail  *customerForm
	split   *container.Split
	body    *fyne.Container
	undoBar *undoBar
	root    fyne.CanvasObject
	loaded  chan struct{}   // closed when the first load has finished
	empty   *widget.Label   // says what to do when the archive is empty
	list    *fyne.Container // the table with the empty message over it
	shown   customers.Query // the query the table shows
	asking  *unsavedAsk     // the unsaved-edits question, while shown
}

func newCustomersScreen(u *UI) *customersScreen {
	s := &customersScreen{u: u}
	s.search = newSearchEntry()
	s.search.SetPlaceHolder(i18n.L("Search name, contact, phone, city or pinyin initials (Ctrl+F)"))
	s.search.OnChanged = func(t string) { s.query.Search = t; s.reload() }
	s.search.onEnter = func() {
		if len(s.rows) > 0 {
			s.open(s.rows[0].ID)
			s.table.selectID(s.rows[0].ID)
		}
	}
	s.tier = enumSelect("tier", model.Tiers, i18n.L("All tiers"), func(code string) { s.query.Tier = code; s.reload() })
	s.stage = enumSelect("stage", model.Stages, i18n.L("All stages"), func(code string) { s.query.Stage = code; s.reload() })
	s.owner = widget.NewSelect(nil, nil)
	s.owner.PlaceHolder = i18n.L("All owners")
	s.owner.OnChanged = func(o string) {
		if o == i18n.L("All owners") {
			o = ""
		}
		s.query.Owner = o
		s.reload()
	}
	s.count = widget.NewLabel("")
	s.table = newCustomerTable(s)
	newBtn := widget.NewButtonWithIcon(i18n.L("New customer"), theme.ContentAddIcon(), s.newCustomer)
	newBtn.Importance = widget.HighImportance

	filters := container.NewHBox(s.tier, s.stage, s.owner, s.count)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(filters, newBtn), atLeast(s.search, 180))

	s.undoBar = newUndoBar(s.undo)

	s.empty = widget.NewLabelWithStyle(i18n.L("No customers yet. Add one with New customer (Ctrl+N), or import a list under Import/Export."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	s.empty.Wrapping = fyne.TextWrapWord
	s.empty.Hide()
	// The message sits over the list only: over the whole body it was drawn
	// across the form of the first customer being added.
	s.list = container.NewStack(s.table.widget, container.NewVBox(layout.NewSpacer(), s.empty, layout.NewSpacer()))
	s.body = container.NewStack(s.list)
	s.root = container.NewBorder(container.NewPadded(top), s.undoBar.bar, nil, nil, s.body)
	s.query.Sort = "name"
	s.loaded = make(chan struct{})
	s.count.SetText(i18n.L("Loading customers…"))
	return s
}

func (s *customersScreen) content() fyne.CanvasObject { return s.root }

// load reads the list in the background: the first load reads every record
// (seconds at 100,000 customers), so the window opens at once and the list
// fills in when it is ready.
func (s *customersScreen) load() {
	q := s.query
	go func() {
		_, _, err := s.u.svc.Customers.List(q)
		onUI(func() {
			defer close(s.loaded)
			if err != nil {
				s.showError(err)
			}
			s.reload()
		})
	}()
}

// reload runs the query again; a keystroke costs one scan of the in-memory list.
func (s *customersScreen) reload() {
	rows, total, err := s.u.svc.Customers.List(s.query)
	if err != nil {
		s.showError(err)
		return
	}
	// The last 12 months' sales are a column beside the list: if they
	// cannot be read the column stays as it was, the list still shows.
	if recent, err := s.u.svc.Customers.RecentSales(); err == nil {
		s.recent = recent
	}
	s.rows, s.total = rows, total
	s.count.SetText(i18n.L("{{.N}} customers", map[string]any{"N": total}))
	if total == 0 && s.query == (customers.Query{Sort: s.query.Sort, Desc: s.query.Desc}) {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	if s.query != s.shown {
		// Another search or filter starts at the first row: the old scroll
		// offset left it half under the header.
		s.shown = s.query
		s.table.widget.ScrollToTop()
	}
	s.table.refresh()
	s.refreshOwners()
}

func (s *customersScreen) refreshOwners() {
	owners, _ := s.u.svc.Customers.Owners()
	s.owner.Options = append([]string{i18n.L("All owners")}, owners...)
}

func (s *customersScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

// open shows a customer's form beside the table, once the open form's
// unsaved edits are saved or discarded.
func (s *customersScreen) open(id string) {
	if s.detail != nil && s.detail.c.ID == id {
		return // already open, with whatever is typed in it
	}
	s.leave(func() {
		c, err := s.u.svc.Customers.Get(id)
		if err != nil {
			s.showError(err)
			return
		}
		s.showForm(c)
		s.table.selectID(id)
	}, s.keepSelection)
}

func (s *customersScreen) newCustomer() {
	s.leave(func() { s.showForm(&model.Customer{}) }, s.keepSelection)
}

func (s *customersScreen) showForm(c *model.Customer) {
	s.detail = newCustomerForm(s, c)
	s.split = container.NewHSplit(s.list, s.detail.content())
	s.split.Offset = 0.55
	s.body.Objects = []fyne.CanvasObject{s.split}
	s.body.Refresh()
	if c.ID == "" {
		s.detail.focusFirst()
	}
}

// closeDetail closes the form (Close, Esc), asking first if it holds
// unsaved edits.
func (s *customersScreen) closeDetail() { s.leave(s.dropDetail, s.keepSelection) }

// dropDetail closes the form without asking.
func (s *customersScreen) dropDetail() {
	if s.detail == nil {
		return
	}
	s.detail = nil
	s.table.widget.UnselectAll()
	s.body.Objects = []fyne.CanvasObject{s.list}
	s.body.Refresh()
}

// saved is called by the form after a successful save.
func (s *customersScreen) saved(c *model.Customer) {
	s.reload()
	s.table.selectID(c.ID)
}

func (s *customersScreen) confirmDelete(c *model.Customer) {
	msg := i18n.L("Delete {{.Name}} with its contacts and history? You can undo this right after.", map[string]any{"Name": c.Name})
	showConfirm(i18n.L("Delete customer"), msg, func(ok bool) {
		if !ok {
			return
		}
		if _, err := s.u.svc.Customers.Delete(c.ID); err != nil {
			s.showError(err)
			return
		}
		s.dropDetail()
		s.reload()
		s.undoBar.offer(c, i18n.L("Deleted {{.Name}}.", map[string]any{"Name": c.Name}))
	}, s.u.win)
}

func (s *customersScreen) undo() {
	c, err := s.u.svc.Customers.UndoDelete()
	if err != nil {
		return // nothing to undo: Ctrl+Z is a no-op
	}
	s.undoBar.withdraw()
	s.reload()
	s.open(c.ID)
	s.table.selectID(c.ID)
}

func (s *customersScreen) showError(err error) { showError(err, s.u.win) }

// enumSelect is a drop-down of an enumeration's translated labels with an
// "all" entry first; onChange gets the code ("" for all).
func enumSelect(kind string, codes []string, all string, onChange func(code string)) *widget.Select {
	labels := []string{all}
	for _, c := range codes {
		labels = append(labels, i18n.Enum(kind, c))
	}
	sel := widget.NewSelect(labels, nil)
	sel.PlaceHolder = all
	sel.OnChanged = func(string) {
		i := sel.SelectedIndex()
		if i <= 0 {
			onChange("")
			return
		}
		onChange(codes[i-1])
	}
	return sel
}

// searchEntry is an Entry that reports Enter, so Enter in the search box
// opens the first match.
type searchEntry struct {
	widget.Entry
	onEnter func()
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && e.onEnter != nil {
		e.onEnter()
		return
	}
	if passKey(e, k, false) {
		return
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut lets Ctrl+N and the other window shortcuts work from the
// search box (keys.go).
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	if passShortcut(e, s) {
		return
	}
	e.Entry.TypedShortcut(s)
}
