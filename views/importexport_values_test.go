package views

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/app/i18n"
)

// valueSelects finds the value step's drop-downs, in order.
func valueSelects(o fyne.CanvasObject) []*widget.Select {
	var out []*widget.Select
	switch w := o.(type) {
	case *widget.Select:
		out = append(out, w)
	case *fyne.Container:
		for _, c := range w.Objects {
			out = append(out, valueSelects(c)...)
		}
	case *container.Scroll:
		out = append(out, valueSelects(w.Content)...)
	}
	return out
}

// TestImportValueMapping: the preview lists the values no code matches a
// column with counts; mapping one re-predicts, the import sets the field,
// and the next import remembers the choice.
func TestImportValueMapping(t *testing.T) {
	u, svc := newTestUI(t)
	path := filepath.Join(t.TempDir(), "名单.csv")
	if err := os.WriteFile(path, []byte("客户名称,客户等级\n甲,重点\n乙,重点\n丙,一般\n丁,A级\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openPreview(t, u, path)
	if len(s.predict.Unmatched) != 1 || s.predict.Unmatched[0].Text() != "客户等级: 重点 ×2, 一般 ×1" {
		t.Fatalf("unmatched %+v", s.predict.Unmatched)
	}
	sels := valueSelects(s.values.box)
	if len(sels) != 2 {
		t.Fatalf("%d drop-downs, want 2 (重点, 一般)", len(sels))
	}
	choose(sels[0], i18n.Enum("tier", "A"))
	<-s.ready
	sels = valueSelects(s.values.box)
	choose(sels[1], i18n.L("Keep in the notes"))
	<-s.ready
	if len(s.predict.Warnings) != 0 || len(s.values.listed[0].Values) != 2 {
		t.Fatalf("after mapping: warnings %v, listed %+v", s.predict.Warnings, s.values.listed)
	}
	importNow(t, s)
	rows, _, err := svc.Customers.List(customers.Query{Sort: "name"})
	if err != nil {
		t.Fatal(err)
	}
	tiers := map[string]string{}
	for _, r := range rows {
		tiers[r.Name] = r.Tier
	}
	if tiers["甲"] != "A" || tiers["乙"] != "A" || tiers["丁"] != "A" || tiers["丙"] != "" {
		t.Errorf("tiers %v", tiers)
	}
	next := filepath.Join(t.TempDir(), "名单2.csv")
	if err := os.WriteFile(next, []byte("客户名称,客户等级\n戊,重点\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = openPreview(t, u, next)
	if len(s.predict.Unmatched) != 0 || len(s.predict.Warnings) != 0 {
		t.Errorf("remembered mapping not used: %+v", s.predict)
	}
}
