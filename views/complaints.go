package views

import (
	"errors"
	"strconv"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/complaints"
	"github.com/kehu-crm/kehu/app/i18n"
)

// complaintsScreen is 投诉: a filterable, sortable table of complaints with
// overdue ones in red and, beside it, the selected complaint's detail.
type complaintsScreen struct {
	u        *UI
	filter   complaints.Filter
	rows     []*complaints.Row
	status   *widget.Select
	category *widget.Select
	severity *widget.Select
	assignee *widget.Select
	overdue  *widget.Check
	count    *widget.Label
	table    *widget.Table
	detail   *complaintDetail
	body     *fyne.Container
	root     fyne.CanvasObject
	sel      string // selected complaint id
	tabs     *container.AppTabs
	analysis *complaintAnalysis // the analysis tab (complaint_analysis.go)
}

// complaintColumn is one column of the complaints table.
type complaintColumn struct {
	title string // English; translated when shown
	sort  string // complaints.SortKeys key; "" not sortable
	width float32
	value func(r *complaints.Row) string
}

var complaintColumns = []complaintColumn{
	{"Overdue", "due", 60, func(r *complaints.Row) string {
		if r.Overdue {
			return i18n.L("OVERDUE")
		}
		return ""
	}},
	{"Opened", "opened", 130, func(r *complaints.Row) string { return r.OpenedAt.Local().Format("2006-01-02 15:04") }},
	{"Customer", "customer", 150, func(r *complaints.Row) string { return r.CustomerName }},
	{"Category", "category", 95, func(r *complaints.Row) string { return i18n.Enum("category", r.Category) }},
	{"Severity", "severity", 80, func(r *complaints.Row) string { return i18n.Enum("severity", r.Severity) }},
	{"Status", "status", 80, func(r *complaints.Row) string { return i18n.Enum("status", r.Status) }},
	{"Assignee", "assignee", 70, func(r *complaints.Row) string { return r.Assignee }},
	{"Response time", "response", 85, func(r *complaints.Row) string { return durationLabel(r.Responded, r.Response) }},
	{"Handling time", "handling", 85, func(r *complaints.Row) string { return durationLabel(r.Handled, r.Handling) }},
	{"Satisfaction", "satisfaction", 70, func(r *complaints.Row) string {
		if r.Satisfaction == 0 {
			return ""
		}
		return strconv.Itoa(r.Satisfaction)
	}},
}

// durationLabel is a service time as people read it: minutes, hours or days.
func durationLabel(ok bool, d time.Duration) string {
	if !ok {
		return "—"
	}
	switch {
	case d < time.Hour:
		return i18n.L("{{.N}} min", map[string]any{"N": int(d.Minutes())})
	case d < 48*time.Hour:
		return i18n.L("{{.N}} h", map[string]any{"N": strconv.FormatFloat(d.Hours(), 'f', 1, 64)})
	}
	return i18n.L("{{.N}} d", map[string]any{"N": strconv.FormatFloat(d.Hours()/24, 'f', 1, 64)})
}

func newComplaintsScreen(u *UI) *complaintsScreen {
	s := &complaintsScreen{u: u}
	s.filter.Sort = "opened"
	s.filter.Desc = true
	s.status = enumSelect("status", model.ComplaintStatuses, i18n.L("All statuses"), func(code string) { s.filter.Status = code; s.reload() })
	s.category = enumSelect("category", model.Categories, i18n.L("All categories"), func(code string) { s.filter.Category = code; s.reload() })
	s.severity = enumSelect("severity", model.Severities, i18n.L("All severities"), func(code string) { s.filter.Severity = code; s.reload() })
	s.assignee = widget.NewSelect(nil, nil)
	s.assignee.PlaceHolder = i18n.L("All assignees")
	s.assignee.OnChanged = func(a string) {
		if a == i18n.L("All assignees") {
			a = ""
		}
		s.filter.Assignee = a
		s.reload()
	}
	s.overdue = widget.NewCheck(i18n.L("Overdue only"), func(on bool) { s.filter.Overdue = on; s.reload() })
	s.count = widget.NewLabel("")
	s.table = s.newTable()
	add := widget.NewButtonWithIcon(i18n.L("New complaint"), theme.ContentAddIcon(), func() { u.quickComplaint(nil) })
	add.Importance = widget.HighImportance
	filters := container.NewHBox(s.status, s.category, s.severity, s.assignee, s.overdue, s.count)
	top := container.NewBorder(nil, nil, nil, add, filters)
	s.body = container.NewStack(s.table)
	list := container.NewBorder(container.NewPadded(top), nil, nil, nil, s.body)
	s.analysis = newComplaintAnalysis(u)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(i18n.L("List"), theme.ListIcon(), list),
		container.NewTabItemWithIcon(i18n.L("Cause and service-time analysis"), theme.InfoIcon(), s.analysis.root))
	s.tabs.OnSelected = func(*container.TabItem) {
		if s.tabs.SelectedIndex() == 1 {
			s.analysis.reload()
		}
	}
	s.root = s.tabs
	return s
}

// content reloads, so the list is current whenever the screen is shown.
func (s *complaintsScreen) content() fyne.CanvasObject {
	s.reload()
	if s.tabs.SelectedIndex() == 1 {
		s.analysis.reload()
	}
	return s.root
}

func (s *complaintsScreen) reload() {
	rows, total, err := s.u.svc.Complaints.List(s.filter)
	if err != nil {
		showError(err, s.u.win)
		return
	}
	s.rows = rows
	s.count.SetText(i18n.L("{{.N}} complaints", map[string]any{"N": total}))
	s.table.Refresh()
	s.refreshAssignees()
	s.u.refreshBadges()
}

func (s *complaintsScreen) refreshAssignees() {
	all, _, _ := s.u.svc.Complaints.List(complaints.Filter{})
	seen := map[string]bool{}
	opts := []string{i18n.L("All assignees")}
	for _, r := range all {
		if r.Assignee != "" && !seen[r.Assignee] {
			seen[r.Assignee] = true
			opts = append(opts, r.Assignee)
		}
	}
	s.assignee.Options = opts
}

func (s *complaintsScreen) newTable() *widget.Table {
	tbl := widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), len(complaintColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(s.rows) {
				l.SetText("")
				return
			}
			r := s.rows[id.Row]
			l.Importance = widget.MediumImportance
			l.TextStyle = fyne.TextStyle{}
			if r.Overdue {
				l.Importance = widget.DangerImportance
				l.TextStyle.Bold = id.Col == 0
			}
			l.SetText(complaintColumns[id.Col].value(r))
		})
	tbl.ShowHeaderColumn = false
	sortHeaders(tbl,
		func(i int) (string, string) { return complaintColumns[i].title, complaintColumns[i].sort },
		func() (string, bool) { return s.filter.Sort, s.filter.Desc },
		s.sortBy)
	widths := make([]float32, len(complaintColumns))
	for i, c := range complaintColumns {
		widths[i] = c.width
	}
	setColumnWidths(tbl, widths)
	tbl.OnSelected = func(id widget.TableCellID) {
		if id.Row < 0 || id.Row >= len(s.rows) {
			return
		}
		if r := s.rows[id.Row]; r.ID != s.sel {
			s.sel = r.ID
			s.open(r.ID)
		}
	}
	tbl.OnUnselected = func(widget.TableCellID) { s.sel = "" }
	return tbl
}

// sortBy sorts by a column; a second tap reverses. Times start newest.
func (s *complaintsScreen) sortBy(key string) {
	if s.filter.Sort == key {
		s.filter.Desc = !s.filter.Desc
	} else {
		s.filter.Sort, s.filter.Desc = key, key == "opened" || key == "satisfaction"
	}
	s.reload()
}

// open shows a complaint's detail beside the table.
func (s *complaintsScreen) open(id string) {
	r, err := s.u.svc.Complaints.Get(id)
	if err != nil {
		showError(err, s.u.win)
		return
	}
	s.sel = id
	s.detail = newComplaintDetail(s, r)
	split := container.NewHSplit(s.table, s.detail.root)
	split.Offset = 0.6
	s.body.Objects = []fyne.CanvasObject{split}
	s.body.Refresh()
}

func (s *complaintsScreen) closeDetail() {
	s.detail, s.sel = nil, ""
	s.table.UnselectAll()
	s.body.Objects = []fyne.CanvasObject{s.table}
	s.body.Refresh()
}

// changed reloads after a complaint changed and shows it again.
func (s *complaintsScreen) changed(id string) {
	s.reload()
	s.open(id)
}

// showError shows an error; the app's complaint errors are translated.
func (s *complaintsScreen) showError(err error) {
	showError(translateErr(err), s.u.win)
}

func translateErr(err error) error {
	var ce *complaints.Error
	if errors.As(err, &ce) {
		return errors.New(i18n.L(ce.Msg, ce.Data))
	}
	return err
}
