// Package views is Kehu's window: Fyne screens and widgets only. Every action
// calls the use cases in app; nothing here touches the store.
package views

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

// AppID identifies Kehu to the OS and names its preferences.
const AppID = "com.kehucrm.kehu"

// Preference keys.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefScreen = "window.screen.title" // by title: a new screen does not shift the others
)

// Run opens the window on the data folder ("" means the default) and blocks
// until it closes. It returns the process exit code.
func Run(dataDir, lang string, now func() time.Time) int {
	a := fyneapp.NewWithID(AppID)
	if lang == "" && os.Getenv("KEHU_LANG") == "" {
		lang = a.Preferences().String(prefLang) // chosen under Settings
	}
	i18n.Setup(lang)
	a.Settings().SetTheme(newTheme())
	a.SetIcon(iconResource())

	if dataDir == "" {
		d, err := app.DefaultDataDir()
		if err != nil {
			return fatal(a, err)
		}
		dataDir = d
	}
	var plain *app.Service
	if !app.Encrypted(dataDir) {
		s, err := app.OpenWith(dataDir, app.Options{Now: now})
		if err != nil {
			return fatal(a, err)
		}
		plain = s
	}
	w := a.NewWindow(i18n.L("Kehu CRM"))
	var (
		svc  *app.Service
		ui   *UI
		logs *app.Logs
	)
	start := func(s *app.Service) {
		svc = s
		u := New(a, w, svc)
		ui = u
		logs = startLogs(u) // crash_notice.go: a crash report, and the last one's notice
		openTestAids(u)     // KEHU_OPEN_*, only with -tags testaids (open_testaids.go)
		// Complaints become overdue as time passes: recount every minute.
		go func() {
			for range time.Tick(time.Minute) {
				fyne.Do(u.refreshBadges)
			}
		}()
	}
	if plain != nil {
		start(plain)
	} else {
		askStartPassword(a, w, dataDir, now, start) // password.go: the password first
	}
	defer func() {
		if ui != nil {
			ui.waitLoads() // analyses still reading end before the store closes
		}
		if svc != nil {
			closeStore(svc) // the automatic backup, then close
		}
		if logs != nil {
			logs.Close()
		}
	}()

	// Ctrl+C or a logout closes the store cleanly rather than mid-write.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return 0
}

// fatal shows one clear message in a small window (a second Kehu on the same
// folder, an unreadable folder …) and returns exit code 1.
func fatal(a fyne.App, err error) int {
	w, msg := fatalWindow(a, err)
	os.Stderr.WriteString(msg + "\n")
	w.ShowAndRun()
	return 1
}

// fatalWindow is the small window fatal shows, with its one message.
func fatalWindow(a fyne.App, err error) (fyne.Window, string) {
	msg, ok := app.FolderMessage(err)
	if !ok {
		msg = i18n.L("Failed: {{.Err}}. Check the data folder (--data) and try again.", map[string]any{"Err": err.Error()})
	}
	w := a.NewWindow(i18n.L("Kehu CRM"))
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	// In a scroll the wrapped label does not ask for the height of one
	// word per line, which pushed the Quit button off the screen.
	w.SetContent(container.NewBorder(nil, container.NewCenter(widget.NewButton(i18n.L("Quit"), a.Quit)), nil, nil, container.NewVScroll(label)))
	w.Resize(fyne.NewSize(520, 180))
	return w, msg
}

// UI is the main window's content.
type UI struct {
	app       fyne.App
	win       fyne.Window
	svc       *app.Service
	screens   []screen
	nav       *widget.List
	body      *fyne.Container
	current   int
	customers *customersScreen

	complaints *complaintsScreen
	imports    *importExportScreen
	overdue    int // overdue complaints, shown beside 投诉 in the navigation
	settings   *settingsScreen
	dashboard  *dashboard        // 首页
	analysis   *analysisScreen   // 分析
	syncer     *syncer           // sync_auto.go
	keys       map[string]func() // window shortcuts by name (keys.go)
	// closeWindow closes the window once nothing holds it (tests record
	// it instead: their window is closed by the test).
	closeWindow func()
}

// New builds the window's content: the navigation, the screens and the
// window-wide shortcuts. It restores the window size and last screen.
func New(a fyne.App, w fyne.Window, svc *app.Service) *UI {
	// Loads New starts hand their results over after it is done (onUI).
	uiMu.Lock()
	defer uiMu.Unlock()
	u := &UI{app: a, win: w, svc: svc, closeWindow: w.Close}
	u.customers = newCustomersScreen(u)
	u.complaints = newComplaintsScreen(u)
	u.imports = newImportExportScreen(u)
	u.screens = screens(u)
	u.body = container.NewStack()
	u.nav = newNav(u)
	split := container.NewHSplit(u.nav, u.body)
	split.Offset = 0.12
	w.SetContent(split)

	p := a.Preferences()
	w.Resize(fyne.NewSize(float32(p.FloatWithFallback(prefWidth, 1200)), float32(p.FloatWithFallback(prefHeight, 760))))
	// Once shown: fit the screen it opened on, or maximise as when last
	// closed (window_fit.go).
	a.Lifecycle().SetOnStarted(func() { fitWindow(w, p.Bool(prefMaximised)) })
	w.SetCloseIntercept(u.requestClose)
	u.shortcuts()
	// A file dropped on the window opens in the import screen's preview.
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		if len(uris) > 0 && uris[0].Scheme() == "file" {
			u.openImport(uris[0].Path())
		}
	})
	u.refreshBadges()
	if !u.showScreen(p.String(prefScreen)) {
		u.show(0)
	}
	u.customers.load() // last: nothing else touches the widgets meanwhile
	// In the background, if Settings → Sync says so.
	u.syncs().onStart()
	return u
}

// requestClose is the window's close button: a running import and unsaved
// edits ask first, then the window closes.
func (u *UI) requestClose() {
	u.imports.beforeClose(func() { u.customers.leave(u.closeNow, nil) })
}

// closeNow remembers the window's size and closes it (after the sync on
// close, if Settings → Sync asks for one).
func (u *UI) closeNow() {
	w, p := u.win, u.app.Preferences()
	maxed := isMaximised(w)
	p.SetBool(prefMaximised, maxed)
	if s := w.Canvas().Size(); !maxed { // a maximised size is the screen's, not the window's
		p.SetFloat(prefWidth, float64(s.Width))
		p.SetFloat(prefHeight, float64(s.Height))
	}
	if u.syncs().holdClose() { // sync on close: it closes the window when done
		return
	}
	u.closeWindow()
}

// show switches to screen i and remembers it; leaving the customers screen
// with unsaved edits asks first.
func (u *UI) show(i int) {
	if i != u.current && u.screens[u.current].title == "Customers" && u.customers.detail != nil {
		u.customers.leave(func() { u.switchTo(i) }, func() { u.nav.Select(u.current) })
		return
	}
	u.switchTo(i)
}

func (u *UI) switchTo(i int) {
	if i < 0 || i >= len(u.screens) {
		i = 0
	}
	u.current = i
	u.body.Objects = []fyne.CanvasObject{u.screens[i].content()}
	u.body.Refresh()
	u.nav.Select(i)
	u.app.Preferences().SetString(prefScreen, u.screens[i].title)
}

func (u *UI) shortcuts() {
	windows[u.win.Canvas()] = u
	u.shortcut(fyne.KeyF, false, func() {
		u.showScreen("Customers")
		u.customers.focusSearch()
	})
	u.shortcut(fyne.KeyN, false, func() {
		u.showScreen("Customers")
		u.customers.newCustomer()
	})
	u.shortcut(fyne.KeyS, false, func() {
		if u.screens[u.current].title == "Customers" && u.customers.detail != nil {
			u.customers.detail.save()
		}
	})
	u.shortcut(fyne.KeyZ, false, u.customers.undo)
	u.shortcut(fyne.KeyK, true, func() { u.quickComplaint(nil) })
	u.win.Canvas().SetOnTypedKey(u.typedKey)
}

// refreshBadges recounts the overdue complaints shown in the navigation.
func (u *UI) refreshBadges() {
	n, err := u.svc.Complaints.OverdueCount()
	if err != nil || n == u.overdue {
		return
	}
	u.overdue = n
	u.nav.Refresh()
}

// complaintAdded is called when the quick form saved a complaint: the
// complaints screen shows it if it is open, and the badge is recounted.
func (u *UI) complaintAdded(c *model.Complaint) {
	if d := u.customers.detail; d != nil && d.c.ID == c.CustomerID {
		d.refreshComplaints()
	}
	if u.screens[u.current].title == "Complaints" {
		u.complaints.changed(c.ID)
		return
	}
	u.complaints.reload()
}
