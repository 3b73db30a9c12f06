package views

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/analysis"
	"github.com/kehu-crm/kehu/app/i18n"
)

// analysisOf is what the analyses read of the open folder: the window's one
// place that hands the façade's services to app/analysis.
func analysisOf(svc *app.Service) *analysis.Services {
	return &analysis.Services{Customers: svc.Customers, Sales: svc.Sales, Reports: svc.Reports, Complaints: svc.Complaints,
		Accounts: svc.Accounts, FollowUpsDue: svc.FollowUpsDue, Now: svc.Now}
}

// prefAnalysisTab remembers the analysis tab shown last.
const prefAnalysisTab = "analysis.tab"

// The analysis tabs, in the order shown.
const (
	tabTiers = iota
	tabComposition
	tabDevelopment
	tabLifecycle
	tabAnomalies
	tabRanking
	tabForecast
)

// anPane is one tab of the analysis screen.
type anPane interface {
	title() string            // English tab title
	build() fyne.CanvasObject // once
	reload()                  // on every show of the tab
	export() (anExport, bool) // what Export writes; false when there is nothing
}

// anExport is what a tab's Export writes: its chart as PNG/SVG/PDF, its
// table as CSV.
type anExport struct {
	name  string // file name without extension, translated
	chart analysis.Chart
	table *analysis.Table
	more  map[string]*analysis.Table // further tables, written beside the CSV as NAME_suffix.csv
}

// analysisScreen holds the CRM method's analyses (tiering, lifecycle, sales analysis), one tab
// each: a one-line explanation, the controls, a chart and a sortable table.
type analysisScreen struct {
	u     *UI
	root  fyne.CanvasObject
	tabs  *container.AppTabs
	panes []anPane
	built []bool
}

func newAnalysisScreen(u *UI) *analysisScreen {
	s := &analysisScreen{u: u}
	s.panes = []anPane{
		&tiersPane{s: s}, &compositionPane{s: s}, &developmentPane{s: s}, &lifecyclePane{s: s},
		&anomaliesPane{s: s}, &rankingPane{s: s}, &forecastPane{s: s},
	}
	return s
}

// content builds the tabs on first show (each tab's insides on its first
// selection) and reads the selected tab's figures again on every show.
func (s *analysisScreen) content() fyne.CanvasObject {
	if s.root == nil {
		s.built = make([]bool, len(s.panes))
		items := make([]*container.TabItem, len(s.panes))
		for i, p := range s.panes {
			items[i] = container.NewTabItem(i18n.L(p.title()), widget.NewLabel(""))
		}
		s.tabs = container.NewAppTabs(items...)
		s.tabs.OnSelected = func(*container.TabItem) { s.selected() }
		s.root = s.tabs
		i := s.u.app.Preferences().IntWithFallback(prefAnalysisTab, tabTiers)
		if i < 0 || i >= len(s.panes) {
			i = tabTiers
		}
		s.tabs.SelectIndex(i)
		if i == 0 {
			s.selected() // SelectIndex(0) on a fresh AppTabs does not call OnSelected
		}
		return s.root
	}
	s.selected()
	return s.root
}

// selected builds the tab shown if needed and reloads it.
func (s *analysisScreen) selected() {
	i := s.tabs.SelectedIndex()
	if i < 0 {
		return
	}
	if !s.built[i] {
		s.built[i] = true
		s.tabs.Items[i].Content = s.panes[i].build()
		s.tabs.Refresh()
	}
	s.u.app.Preferences().SetInt(prefAnalysisTab, i)
	s.panes[i].reload()
}

// openCustomer shows a customer's page (from a row of a tab).
func (s *analysisScreen) openCustomer(id string) {
	s.u.showScreen("Customers")
	s.u.customers.open(id)
}

// open shows the analysis screen at one tab (from the dashboard's tiles).
func (s *analysisScreen) open(tab int) {
	s.u.app.Preferences().SetInt(prefAnalysisTab, tab)
	if s.tabs != nil && s.tabs.SelectedIndex() != tab {
		s.tabs.SelectIndex(tab) // reloads through OnSelected
	}
	s.u.showScreen("Analysis")
}

// anLayout is a tab's common shape: the explanation, the controls with
// Export at the right, then the chart above the table (and anything under
// the controls, such as a totals line).
func (s *analysisScreen) anLayout(p anPane, explain string, controls []fyne.CanvasObject, ch, table fyne.CanvasObject, below ...fyne.CanvasObject) fyne.CanvasObject {
	note := widget.NewLabel(i18n.L(explain))
	note.Wrapping = fyne.TextWrapWord
	note.TextStyle = fyne.TextStyle{Italic: true}
	exp := widget.NewButtonWithIcon(i18n.L("Export…"), theme.DocumentSaveIcon(), func() { s.exportPane(p) })
	// Export beside the explanation, not at the end of the controls: the
	// Tiers bar was 940 px wide in English and did not fit a 1366×768
	// laptop at 125% (TestEveryScreenFits).
	bar := container.NewHBox(controls...)
	top := container.NewVBox(append([]fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewVBox(exp), note), bar}, below...)...)
	var body fyne.CanvasObject = table
	if ch != nil {
		split := container.NewVSplit(ch, table)
		split.Offset = 0.5
		body = split
	}
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, body)
}

func (s *analysisScreen) showError(err error) { showError(err, s.u.win) }

// loader runs a tab's analysis off the UI goroutine: the analyses read every
// customer, which takes a noticeable moment on a large archive.
type loader struct {
	n    int           // the newest load asked for; only touched on the UI goroutine
	done chan struct{} // testing aid: a value after a result is shown
}

func newLoader() loader { return loader{done: make(chan struct{}, 1)} }

// loads counts the analyses and dashboard reads under way, so the store is
// closed only after they end (a read on a closed store panics).
var loads sync.WaitGroup

// waitLoads blocks until no analysis is reading the store.
func (u *UI) waitLoads() { loads.Wait() }

// load computes in the background and shows the result, unless a newer load
// was asked for meanwhile.
func load[T any](l *loader, compute func() (T, error), show func(T, error)) {
	l.n++
	n := l.n
	loads.Add(1)
	go func() {
		defer loads.Done()
		r, err := compute()
		onUI(func() {
			if n != l.n {
				return
			}
			show(r, err)
			select {
			case l.done <- struct{}{}:
			default:
			}
		})
	}()
}
