package views

import (
	"testing"

	"github.com/kehu-crm/kehu/data/model"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kehu-crm/kehu/app"
	"github.com/kehu-crm/kehu/app/i18n"
)

func newTestUI(t *testing.T, customers ...*model.Customer) (*UI, *app.Service) {
	t.Helper()
	i18n.Setup("en")
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	svc, err := app.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	for _, c := range customers {
		if _, err := svc.Customers.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1200, 760))
	u := New(a, w, svc)
	<-u.customers.loaded
	<-u.dashboard.loaded   // the first screen's figures
	u.waitLoads()          // and any other load New started, before the test touches widgets
	t.Cleanup(u.waitLoads) // runs before the store's Close (cleanups run last first)
	return u, svc
}

func sample() []*model.Customer {
	return []*model.Customer{
		{Name: "宝岛眼镜公司", City: "上海市", Tier: "S", Revenue: 800000000, Contacts: []model.Contact{{Name: "李娜", Phone: "13900000002"}}},
		{Name: "杨氏眼镜店", City: "苏州市", Tier: "S", Revenue: 600000000},
		{Name: "天明眼镜公司", City: "南京市", Tier: "B", Revenue: 150000000},
	}
}

func TestCustomers_SearchFiltersTable(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	s := u.customers
	if len(s.rows) != 3 {
		t.Fatalf("rows %d, want 3", len(s.rows))
	}
	test.Type(s.search, "苏州")
	if len(s.rows) != 1 || s.rows[0].Name != "杨氏眼镜店" {
		t.Fatalf("after typing: %d rows", len(s.rows))
	}
	if got := s.count.Text; got != "1 customer" {
		t.Errorf("count label %q", got)
	}
	s.search.SetText("")
	test.Type(s.search, "bdyj") // pinyin initials
	if len(s.rows) != 1 || s.rows[0].Name != "宝岛眼镜公司" {
		t.Fatalf("pinyin: %d rows", len(s.rows))
	}
	s.search.SetText("")
	s.tier.SetSelectedIndex(1) // S
	if len(s.rows) != 2 {
		t.Errorf("tier S: %d rows", len(s.rows))
	}
}

func TestCustomers_SortByHeader(t *testing.T) {
	u, _ := newTestUI(t, sample()...)
	s := u.customers
	s.table.sortBy("revenue")
	if s.rows[0].Name != "宝岛眼镜公司" || !s.query.Desc {
		t.Fatalf("revenue desc first: %s", s.rows[0].Name)
	}
	s.table.sortBy("revenue")
	if s.rows[0].Name != "天明眼镜公司" {
		t.Fatalf("revenue asc: %s", s.rows[0].Name)
	}
}

func TestCustomers_EditFieldSaves(t *testing.T) {
	u, svc := newTestUI(t, sample()...)
	s := u.customers
	test.Type(s.search, "天明")
	s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter opens the first match
	if s.detail == nil || s.detail.c.Name != "天明眼镜公司" {
		t.Fatal("Enter did not open the customer")
	}
	city := s.detail.inputs["city"].(*textInput)
	city.SetText("")
	test.Type(city, "无锡市")
	email := s.detail.inputs["email"].(*textInput)
	test.Type(email, "not-an-email")
	s.detail.save()
	c, err := svc.Customers.Resolve("天明眼镜公司")
	if err != nil || c.City != "无锡市" {
		t.Fatalf("city not saved: %+v %v", c, err)
	}
	if h := s.detail.msgs["email"].Text; h == "" {
		t.Error("no warning next to the email field")
	}

	// A blank name is refused and shown next to the field.
	name := s.detail.inputs["name"].(*textInput)
	name.SetText("")
	s.detail.save()
	if h := s.detail.msgs["name"].Text; h != "A customer needs a name." {
		t.Errorf("name hint %q", h)
	}
	if c, _ := svc.Customers.Get(c.ID); c.Name != "天明眼镜公司" {
		t.Errorf("blank name was saved")
	}
}

func TestCustomers_NewAndDeleteWithUndo(t *testing.T) {
	u, svc := newTestUI(t)
	s := u.customers
	s.newCustomer()
	test.Type(s.detail.inputs["name"].(*textInput), "明而达眼镜店")
	s.detail.inputs["tier"].set("B")
	s.detail.save()
	if n, _ := svc.Customers.Count(); n != 1 || len(s.rows) != 1 {
		t.Fatalf("after new: %d stored, %d rows", n, len(s.rows))
	}
	id := s.rows[0].ID
	if _, err := svc.Customers.Delete(id); err != nil {
		t.Fatal(err)
	}
	s.reload()
	if len(s.rows) != 0 {
		t.Fatal("deleted customer still listed")
	}
	s.undo()
	if len(s.rows) != 1 || s.rows[0].ID != id {
		t.Fatal("undo did not bring the customer back")
	}
}

func TestScreenIsRemembered(t *testing.T) {
	u, _ := newTestUI(t)
	onTest(func() { u.showScreen("Complaints") })
	if got := u.app.Preferences().String(prefScreen); got != "Complaints" {
		t.Errorf("screen pref %q", got)
	}
}
