package app

import (
	"errors"
	"testing"

	"github.com/kehu-crm/kehu/app/customers"
	"github.com/kehu-crm/kehu/data/model"
)

func openTest(t testing.TB) *Service {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func names(rows []*customers.Row) []string {
	n := make([]string, len(rows))
	for i, r := range rows {
		n[i] = r.Name
	}
	return n
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"1,200.50", 120050, false},
		{"￥1467822.97", 146782297, false},
		{"0.5", 50, false},
		{"-12", -1200, false},
		{"800万", 800000000, false},
		{"1.25万", 1250000, false},
		{"１２３", 12300, false},
		{"1.234", 0, true},
		{"三十", 0, true},
		{"", 0, true},
		{"99999999999999999999", 0, true},
	} {
		got, err := model.ParseMoney(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("model.ParseMoney(%q) = %d, %v", tc.in, got, err)
		}
	}
	if s := model.FormatMoney(-5); s != "-0.05" {
		t.Errorf("model.FormatMoney(-5) = %s", s)
	}
	if s := model.GroupMoney(146782297); s != "1,467,822.97" {
		t.Errorf("model.GroupMoney = %s", s)
	}
}

func TestDemo(t *testing.T) {
	s := openTest(t)
	n, err := s.Demo(DemoOptions{Customers: 200, Seed: 1})
	if err != nil || n != 207 {
		t.Fatalf("demo: %d, %v", n, err)
	}
	if _, err := s.Demo(DemoOptions{}); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("second demo: %v", err)
	}
	c, err := s.Customers.Resolve("重明眼镜公司")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := s.Customers.Get(c.ReferredBy)
	if err != nil || ref.Name != "宝岛眼镜公司" {
		t.Errorf("重明 referred by %v, %v", ref, err)
	}
	if rows, _, _ := s.Customers.List(customers.Query{Sort: "revenue", Desc: true, Limit: 2}); !equal(names(rows), []string{"宝岛眼镜公司", "杨氏眼镜店"}) {
		t.Errorf("top revenue: %v", names(rows))
	}
	if p, _ := s.Check(); len(p) != 0 {
		t.Errorf("check: %v", p)
	}
	// Every generated record passes validation.
	rows, _, _ := s.Customers.List(customers.Query{})
	for _, r := range rows {
		c, _ := s.Customers.Get(r.ID)
		if e := customers.Validate(c).Errors(); len(e) > 0 {
			t.Fatalf("%s: %v", c.Name, e)
		}
	}
}
