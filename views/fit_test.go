package views

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// fitSizes are the work areas a screen must fit: a 1366×768 laptop less its
// taskbar, a 1280×720 one, and the 1366×768 one at 125% display scaling
// (its logical size is the pixels over the scale).
var fitSizes = []struct {
	name          string
	width, height float32
	scale         float32
}{
	{"1366x728", 1366, 728, 1},
	{"1280x680", 1280, 680, 1},
	{"1366x728@1.25", 1366, 728, 1.25},
}

// fitNow pins the clock of the layout fixture.
var fitNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// newFitUI opens the window in lang on a demo folder.
func newFitUI(t *testing.T, lang string) (*UI, *app.Service) {
	t.Helper()
	i18n.Setup(lang)
	t.Cleanup(func() { i18n.Setup("en") })
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	svc, err := app.OpenWith(t.TempDir(), app.Options{Now: func() time.Time { return fitNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if _, err := svc.Demo(app.DemoOptions{Customers: 30, Months: 14, Seed: 5, Now: fitNow}); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 700))
	u := New(a, w, svc)
	<-u.customers.loaded
	<-u.dashboard.loaded
	t.Cleanup(u.waitLoads)
	return u, svc
}

// fits reports, for each work area, whether the window's content fits it:
// its minimum size at that size is no larger. On a miss it writes what the
// window showed to the test's artifact directory and names the file.
func fits(t *testing.T, u *UI, name string) (misses []string) {
	t.Helper()
	for _, sz := range fitSizes {
		logical := fyne.NewSize(sz.width/sz.scale, sz.height/sz.scale)
		onTest(func() {
			if c, ok := u.win.Canvas().(interface{ SetScale(float32) }); ok {
				c.SetScale(sz.scale)
			}
			u.win.Resize(logical)
		})
		u.waitLoads()
		var min fyne.Size
		onTest(func() { min = u.win.Content().MinSize() })
		if min.Width <= logical.Width+0.5 && min.Height <= logical.Height+0.5 {
			continue
		}
		file := filepath.Join(t.ArtifactDir(), strings.NewReplacer("/", "-", " ", "_", "@", "-").Replace(name+"-"+sz.name)+".png")
		saveShot(t, u.win, file)
		var why string
		onTest(func() { why = culprit(u.win.Content(), logical) })
		misses = append(misses, fmt.Sprintf("%s at %s needs %.0f×%.0f, has %.0f×%.0f; too big: %s (screenshot %s, kept with go test -artifacts)",
			name, sz.name, min.Width, min.Height, logical.Width, logical.Height, why, file))
	}
	onTest(func() {
		if c, ok := u.win.Canvas().(interface{ SetScale(float32) }); ok {
			c.SetScale(1)
		}
	})
	return misses
}

// culprit follows, from o down, the child largest in the direction that
// does not fit (a hidden tab counts: tabs are as big as their biggest) and
// names the last one: the object to make smaller, wrap or put in a scroll.
func culprit(o fyne.CanvasObject, lim fyne.Size) string {
	m := o.MinSize()
	wide := m.Width > lim.Width+0.5
	size := func(c fyne.CanvasObject) float32 {
		if wide {
			return c.MinSize().Width
		}
		return c.MinSize().Height
	}
	for range 60 {
		var kids []fyne.CanvasObject
		switch c := o.(type) {
		case *container.AppTabs:
			for _, it := range c.Items {
				kids = append(kids, it.Content)
			}
		case *fyne.Container:
			kids = c.Objects
		case *widget.Label:
			return fmt.Sprintf("label %q %v", c.Text, c.MinSize())
		case fyne.Widget:
			kids = test.WidgetRenderer(c).Objects()
		}
		var next fyne.CanvasObject
		for _, k := range kids {
			if k != nil && (next == nil || size(k) > size(next)) {
				next = k
			}
		}
		if next == nil {
			break
		}
		o = next
	}
	return fmt.Sprintf("%T %v", o, o.MinSize())
}

func saveShot(t *testing.T, w fyne.Window, file string) {
	var f *os.File
	var err error
	onTest(func() {
		img := w.Canvas().Capture()
		if f, err = os.Create(file); err == nil {
			err = png.Encode(f, img)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
	})
	if err != nil {
		t.Logf("screenshot %s: %v", file, err)
	}
}

// eachTab calls fn with every tab of every tab container visible under o
// selected in turn, nested ones too; name says which tabs.
func eachTab(u *UI, o fyne.CanvasObject, name string, fn func(name string)) {
	tabs := visibleTabs(o)
	for _, at := range tabs {
		for i, item := range at.Items {
			onTest(func() { at.SelectIndex(i) })
			u.waitLoads()
			n := name + "/" + item.Text
			fn(n)
			eachTab(u, item.Content, n, fn)
		}
	}
}

// visibleTabs finds the tab containers under o that are shown, but not those
// inside another one (eachTab reaches those through their parent's tab).
func visibleTabs(o fyne.CanvasObject) []*container.AppTabs {
	if o == nil || !o.Visible() {
		return nil
	}
	switch o := o.(type) {
	case *container.AppTabs:
		return []*container.AppTabs{o}
	case *fyne.Container:
		var out []*container.AppTabs
		for _, c := range o.Objects {
			out = append(out, visibleTabs(c)...)
		}
		return out
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		var out []*container.AppTabs
		for _, c := range r.Objects() {
			out = append(out, visibleTabs(c)...)
		}
		return out
	}
	return nil
}

// TestEveryScreenFits: every screen and every tab, in Chinese and English,
// fits a 1366×768 laptop (at 100% and 125%) and a 1280×720 one: a screen
// longer than the window scrolls inside itself instead of growing it.
func TestEveryScreenFits(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			u, svc := newFitUI(t, lang)
			var misses []string
			check := func(name string) { misses = append(misses, fits(t, u, lang+" "+name)...) }
			for i, sc := range u.screens {
				onTest(func() { u.show(i) })
				u.waitLoads()
				check(sc.title)
				eachTab(u, u.body, sc.title, check)
			}
			// A customer open in the detail pane, with its tabs.
			rows, _, err := svc.Customers.List(customers.Query{})
			if err != nil || len(rows) == 0 {
				t.Fatalf("demo customers: %d, %v", len(rows), err)
			}
			onTest(func() { u.showScreen("Customers") })
			onTest(func() { u.customers.open(rows[0].ID) })
			u.waitLoads()
			check("Customers/detail")
			eachTab(u, u.body, "Customers/detail", check)
			for _, m := range misses {
				t.Error(m)
			}
		})
	}
}

// TestFitCatchesAWideLabel: the check is not blind: one label of the sales
// screen's bar made three times wider pushes the screen past a 1366×768
// laptop at 125%, and the check says so.
func TestFitCatchesAWideLabel(t *testing.T) {
	u, _ := newFitUI(t, "en")
	onTest(func() { u.showScreen("Sales") })
	u.waitLoads()
	if m := fits(t, u, "Sales"); len(m) > 0 {
		t.Fatalf("before: %v", m)
	}
	var l *widget.Label
	onTest(func() { l = findLabel(u.body, i18n.L("Months from")) })
	if l == nil {
		t.Fatal("no Months from label on the sales screen")
	}
	onTest(func() { l.SetText(strings.Repeat(l.Text, 3)) })
	m := fits(t, u, "Sales with a wide label")
	if len(m) == 0 {
		t.Fatal("a label three times wider still fits: the check sees nothing")
	}
	if !strings.Contains(m[0], "Months fromMonths from") {
		t.Errorf("the miss does not name the label: %s", m[0])
	}
	t.Log(m[0])
}

// findLabel is the first label under o showing text.
func findLabel(o fyne.CanvasObject, text string) *widget.Label {
	switch o := o.(type) {
	case *widget.Label:
		if o.Text == text {
			return o
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			if l := findLabel(c, text); l != nil {
				return l
			}
		}
	case *container.AppTabs:
		for _, it := range o.Items {
			if l := findLabel(it.Content, text); l != nil {
				return l
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			if l := findLabel(c, text); l != nil {
				return l
			}
		}
	}
	return nil
}
