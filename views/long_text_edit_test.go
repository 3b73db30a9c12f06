package views

import (
	"os"
	"strings"
	"testing"

	"github.com/kehu-crm/kehu/data/model"
)

// A note between the old limit (8 KB) and maxEditable is edited in the
// window; a longer one is read-only with a hint and an Edit in text editor
// button, and the text saved in the editor comes back whole into the
// customer.
func TestLongNote_EditableUpTo16KBElseOutside(t *testing.T) {
	mid := noteOf(12 << 10)
	long := noteOf(40 << 10)
	u, svc := newTestUI(t, &model.Customer{Name: "宝岛眼镜公司", Notes: mid}, &model.Customer{Name: "杨氏眼镜店", Notes: long})
	s := u.customers
	byName := map[string]string{}
	for _, r := range s.rows {
		byName[r.Name] = r.ID
	}

	s.open(byName["宝岛眼镜公司"])
	in := s.detail.inputs["notes"].(*textInput)
	if in.Disabled() || in.outside.Visible() || s.detail.items["notes"].HintText != "" || in.Text != mid {
		t.Fatalf("12 KB note: read-only %v, button %v, hint %q", in.Disabled(), in.outside.Visible(), s.detail.items["notes"].HintText)
	}

	s.open(byName["杨氏眼镜店"])
	in = s.detail.inputs["notes"].(*textInput)
	hint := s.detail.items["notes"].HintText
	if !in.Disabled() || !in.outside.Visible() || !strings.Contains(hint, "Edit in text editor") || !strings.Contains(hint, "39 KB") {
		t.Fatalf("40 KB note: read-only %v, button %v, hint %q", in.Disabled(), in.outside.Visible(), hint)
	}
	var got string
	o, err := editOutside(u.win, in.get(), func(text string) { got = text; s.detail.takeOutside("notes", text) })
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(o.path)
	if err != nil || string(b[3:]) != long {
		t.Fatalf("the file holds %d bytes, want the note's %d after the BOM: %v", len(b), len(long), err)
	}
	// The editor saves with Windows line ends and an added paragraph.
	edited := long + "补充：客户要求月底前送货。"
	if err := os.WriteFile(o.path, []byte(strings.ReplaceAll(edited, "\n", "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := o.take(); err != nil {
		t.Fatal(err)
	}
	c, _ := svc.Customers.Get(byName["杨氏眼镜店"])
	if got != edited || c.Notes != edited {
		t.Errorf("stored note %d bytes, want %d", len(c.Notes), len(edited))
	}
	if _, err := os.Stat(o.path); !os.IsNotExist(err) {
		t.Errorf("the file is left behind: %v", err)
	}
	if !strings.Contains(s.detail.items["notes"].HintText, "Edit in text editor") {
		t.Errorf("hint after saving: %q", s.detail.items["notes"].HintText)
	}

	// Cut down in the editor to a short text: editable in the window again.
	o, _ = editOutside(u.win, in.get(), func(text string) { s.detail.takeOutside("notes", text) })
	os.WriteFile(o.path, []byte("短备注"), 0o644)
	if err := o.take(); err != nil {
		t.Fatal(err)
	}
	if in.Disabled() || in.outside.Visible() || in.Text != "短备注" {
		t.Errorf("short again: read-only %v, button %v, %q", in.Disabled(), in.outside.Visible(), in.Text)
	}
	// Not UTF-8: refused, the note unchanged.
	o, _ = editOutside(u.win, in.get(), func(text string) { s.detail.takeOutside("notes", text) })
	os.WriteFile(o.path, []byte{0xB6, 0xCC, 0xB1, 0xB8, 0xD7, 0xA2, 0xFF}, 0o644)
	if err := o.take(); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("GB18030 bytes: %v", err)
	}
	os.Remove(o.path)
	if c, _ := svc.Customers.Get(byName["杨氏眼镜店"]); c.Notes != "短备注" {
		t.Errorf("note after a refused file: %q", c.Notes)
	}
}
