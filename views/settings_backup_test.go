package views

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/assets"
)

// overlayText is the text of the labels in the window's top dialog.
func overlayText(t *testing.T, w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, x)
			for _, c := range r.Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

func TestSettingsBackup_BackupRestore(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	p := openSettings(t, u).bk
	if p.keep.Text != "7" || !p.encOn.Visible() || p.encPass.Visible() {
		t.Fatalf("keep %q, encryption buttons on %v / password %v", p.keep.Text, p.encOn.Visible(), p.encPass.Visible())
	}
	p.keep.SetText("x")
	test.Tap(p.keepSave)
	if !p.keepErr.Visible() {
		t.Error("keep x accepted")
	}
	p.keep.SetText("3")
	test.Tap(p.keepSave)
	if n, _ := svc.Backup.Keep(); n != 3 {
		t.Fatalf("keep saved as %d", n)
	}

	before, _ := svc.Customers.Count()
	file := filepath.Join(t.TempDir(), "备份.kehubak")
	p.backupTo(file)
	p.wg.Wait()
	if _, err := os.Stat(file); err != nil || p.msg.Importance != widget.SuccessImportance {
		t.Fatalf("backup: %v, message %q", err, p.msg.Text)
	}
	if _, err := svc.Customers.Add(&model.Customer{Name: "备份之后的客户"}); err != nil {
		t.Fatal(err)
	}

	p.restoreFrom(file)
	p.wg.Wait()
	if got := overlayText(t, u.win); !strings.Contains(got, "Replace ALL the data") {
		t.Fatalf("no confirmation before restoring; overlay says %q", got)
	}
	u.win.Canvas().Overlays().Top().Hide()
	if n, _ := svc.Customers.Count(); n != before+1 {
		t.Fatal("restored before the confirmation")
	}
	p.doRestore(file, "")
	p.wg.Wait()
	if n, _ := svc.Customers.Count(); n != before {
		t.Fatalf("after restore %d customers, want %d", n, before)
	}
	if auto, _ := svc.Backup.AutoFiles(); len(auto) != 1 {
		t.Errorf("no automatic backup of the replaced data: %v", auto)
	}

	bad := filepath.Join(t.TempDir(), "bad.kehubak")
	os.WriteFile(bad, []byte("KEHUBAK1 but cut short"), 0o644)
	p = openSettings(t, u).bk
	p.restoreFrom(bad)
	p.wg.Wait()
	if !strings.Contains(p.msg.Text, "damaged or incomplete") || p.msg.Importance != widget.DangerImportance {
		t.Errorf("corrupt backup message %q", p.msg.Text)
	}
}

func TestSettingsBackup_Encryption(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	p := openSettings(t, u).bk
	test.Tap(p.encOn)
	if got := overlayText(t, u.win); !strings.Contains(got, "write it down") {
		t.Fatalf("encrypt dialog says %q", got)
	}
	u.win.Canvas().Overlays().Top().Hide()
	if newPasswordProblem("abc", "abc") == "" || newPasswordProblem("abcdef", "abcdeg") == "" || newPasswordProblem("好密码好密码", "好密码好密码") != "" {
		t.Error("new password checks")
	}
	p.encrypt("好密码 good one")
	p.wg.Wait()
	if !svc.Encrypted() || p.encOn.Visible() || !p.encPass.Visible() || p.encMsg.Importance != widget.SuccessImportance {
		t.Fatalf("after encrypt: encrypted %v, message %q", svc.Encrypted(), p.encMsg.Text)
	}
	p.changePassword("wrong one", "新的好密码 new")
	p.wg.Wait()
	if !strings.Contains(p.encMsg.Text, "Wrong password") {
		t.Errorf("wrong current password says %q", p.encMsg.Text)
	}
	p.changePassword("好密码 good one", "新的好密码 new")
	p.wg.Wait()
	if p.encMsg.Importance != widget.SuccessImportance {
		t.Fatalf("change password: %q", p.encMsg.Text)
	}
	if n, _ := svc.Customers.Count(); n != len(sample()) {
		t.Fatalf("customers after re-keying: %d", n)
	}
}

func TestPasswordPrompt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "加密")
	svc, err := app.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Backup.Encrypt("开门的密码 open"); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	var opened *app.Service
	// The prompt opens the folder on a goroutine that hands its result over
	// under uiMu (onUI): the test's taps and keys hold it too (onTest).
	var p *passwordPrompt
	onTest(func() { p = askStartPassword(a, w, dir, nil, func(s *app.Service) { opened = s }) })
	onTest(func() { test.Tap(p.ok) })
	if p.msg.Text != "Type the password." {
		t.Errorf("empty password says %q", p.msg.Text)
	}
	onTest(func() {
		test.Type(p.entry, "wrong")
		test.Tap(p.ok)
	})
	p.wg.Wait()
	if opened != nil || !strings.Contains(p.msg.Text, "Wrong password") || p.entry.Text != "" {
		t.Fatalf("wrong password: opened %v, message %q", opened != nil, p.msg.Text)
	}
	onTest(func() {
		test.Type(p.entry, "开门的密码 open")
		p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	p.wg.Wait()
	if opened == nil {
		t.Fatalf("right password did not open: %q", p.msg.Text)
	}
	opened.Close()
}

func TestSettingsBackup_MessagesTranslated(t *testing.T) {
	zh := map[string]string{}
	files, _ := assets.Translations.ReadDir("translations")
	for _, f := range files {
		if strings.HasSuffix(f.Name(), "zh.json") {
			b, _ := assets.Translations.ReadFile("translations/" + f.Name())
			if err := json.Unmarshal(b, &zh); err != nil {
				t.Fatal(f.Name(), err)
			}
		}
	}
	fset := token.NewFileSet()
	n := 0
	for _, src := range []string{"settings_backup.go", "settings_backup_crypt.go", "password.go", "../app/backup/backup_msg.go"} {
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "L" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "i18n" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			n++
			if _, ok := zh[key]; !ok {
				t.Errorf("%s: %q has no Chinese translation", fset.Position(lit.Pos()), key)
			}
			return true
		})
	}
	if n < 40 {
		t.Errorf("found only %d messages; is the scan broken?", n)
	}
}
