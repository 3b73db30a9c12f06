package views

import (
	"errors"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/i18n"
)

// TestFatalWindow: a second window on a locked folder, a folder of other
// files, a damaged one each get one clear translated sentence in a small
// window with a Quit button, not a stack trace.
func TestFatalWindow(t *testing.T) {
	for _, tc := range []struct {
		lang string
		err  error
		want string
	}{
		{"en", &model.LockedError{Dir: "/home/王伟/客户 数据"}, "Kehu is already open on this data folder: /home/王伟/客户 数据. Close the other Kehu window or command, then try again."},
		{"zh", &model.LockedError{Dir: "/home/王伟/客户 数据"}, "/home/王伟/客户 数据"},
		{"en", &model.ForeignError{Dir: "/home/me/Documents", File: "报价单.xlsx"}, "is not a Kehu data folder"},
		{"zh", &model.DamagedError{Dir: "/d", File: "000002.sst", Why: "cut short"}, "已损坏"},
		{"en", errors.New("something else"), "Failed: something else."},
	} {
		i18n.Setup(tc.lang)
		a := test.NewTempApp(t)
		w, msg := fatalWindow(a, tc.err)
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s %T: %q, want %q in it", tc.lang, tc.err, msg, tc.want)
		}
		var label *widget.Label
		var quit *widget.Button
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *widget.Label:
				label = v
			case *widget.Button:
				quit = v
			case *fyne.Container:
				for _, c := range v.Objects {
					walk(c)
				}
			case fyne.Widget:
				for _, c := range test.WidgetRenderer(v).Objects() {
					walk(c)
				}
			}
		}
		walk(w.Content())
		if label == nil || label.Text != msg || label.Wrapping != fyne.TextWrapWord || quit == nil {
			t.Fatalf("%T: window content: label %v, button %v", tc.err, label, quit)
		}
		// The Quit button stays inside a 520×180 window, however long the text.
		if min := w.Content().MinSize(); min.Height > 180 || min.Width > 520 {
			t.Errorf("%T: the message needs %v, more than the window", tc.err, min)
		}
		w.Close()
	}
	i18n.Setup("en")
}
