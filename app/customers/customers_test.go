package customers

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kehu-crm/kehu/app/core"
	"github.com/kehu-crm/kehu/data"
	"github.com/kehu-crm/kehu/data/model"
)

func openTest(t testing.TB) *Service {
	t.Helper()
	c, err := core.Open(t.TempDir(), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return New(c)
}

// check is the store's own check (app.Service.Check).
func (s *Service) check() ([]string, error) {
	st, done := s.c.Use()
	defer done()
	return st.Check()
}

func names(rows []*Row) []string {
	n := make([]string, len(rows))
	for i, r := range rows {
		n[i] = r.Name
	}
	return n
}

func TestCustomerUseCases(t *testing.T) {
	s := openTest(t)
	add := func(c *model.Customer) *model.Customer {
		t.Helper()
		if _, err := s.Add(c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	bd := add(&model.Customer{Name: "宝岛眼镜公司", ShortName: "宝岛", City: "上海市", Tier: "S", Owner: "王伟", Revenue: 800000000,
		Contacts: []model.Contact{{Name: "李娜", Role: "decision_maker", Phone: "13900000002"}}})
	add(&model.Customer{Name: "杨氏眼镜店", City: "苏州市", Tier: "S", Owner: "李娜", Revenue: 600000000})
	add(&model.Customer{Name: "天明眼镜公司", City: "南京市", Tier: "B", Stage: "development", Revenue: 150000000})

	// Search-as-you-type over name, contact, phone, city and pinyin initials.
	for _, tc := range []struct {
		q    Query
		want []string
	}{
		{Query{Search: "眼镜"}, []string{"宝岛眼镜公司", "天明眼镜公司", "杨氏眼镜店"}},
		{Query{Search: "李娜"}, []string{"宝岛眼镜公司"}},
		{Query{Search: "139 0000"}, []string{"宝岛眼镜公司"}},
		{Query{Search: "苏州"}, []string{"杨氏眼镜店"}},
		{Query{Search: "bdyj"}, []string{"宝岛眼镜公司"}},
		{Query{Search: "tianming"}, []string{"天明眼镜公司"}},
		{Query{Tier: "S", Sort: "revenue", Desc: true}, []string{"宝岛眼镜公司", "杨氏眼镜店"}},
		{Query{Sort: "revenue"}, []string{"天明眼镜公司", "杨氏眼镜店", "宝岛眼镜公司"}},
		{Query{Owner: "李娜"}, []string{"杨氏眼镜店"}},
		{Query{Stage: "development"}, []string{"天明眼镜公司"}},
		{Query{Search: "眼镜", Limit: 1}, []string{"宝岛眼镜公司"}},
	} {
		rows, total, err := s.List(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(rows); !equal(got, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.q, got, tc.want)
		}
		if tc.q.Limit == 0 && total != len(tc.want) {
			t.Errorf("%+v: total %d", tc.q, total)
		}
	}

	// Edit shows in the list at once.
	bd.City = "杭州市"
	if _, err := s.Update(bd); err != nil {
		t.Fatal(err)
	}
	if rows, _, _ := s.List(Query{Search: "杭州"}); len(rows) != 1 {
		t.Errorf("after edit: %v", names(rows))
	}

	// Resolve by id, by name after normalisation, ambiguous, unknown.
	if c, err := s.Resolve("  宝岛眼镜公司 "); err != nil || c.ID != bd.ID {
		t.Errorf("resolve by name: %v", err)
	}
	if c, err := s.Resolve(bd.ID); err != nil || c.Name != bd.Name {
		t.Errorf("resolve by id: %v", err)
	}
	add(&model.Customer{Name: "宝岛眼镜公司"})
	var amb *AmbiguousError
	if _, err := s.Resolve("宝岛眼镜公司"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("ambiguous: %v", err)
	}
	if _, err := s.Resolve("没有"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}

	// Delete and undo bring back the same record with its history.
	if err := s.AddInteraction(&model.Interaction{CustomerID: bd.ID, Kind: "visit", Summary: "拜访", FollowUp: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Delete(bd.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(bd.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if _, total, _ := s.List(Query{Search: "李娜"}); total != 0 {
		t.Errorf("deleted customer still listed")
	}
	if c, err := s.UndoDelete(); err != nil || c.ID != bd.ID {
		t.Fatalf("undo: %v", err)
	}
	if h, _ := s.Interactions(bd.ID); len(h) != 1 {
		t.Errorf("history after undo: %d", len(h))
	}
	if _, err := s.UndoDelete(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("second undo: %v", err)
	}
	if p, _ := s.check(); len(p) != 0 {
		t.Errorf("check: %v", p)
	}
}

func TestValidation(t *testing.T) {
	s := openTest(t)
	ps, err := s.Add(&model.Customer{Name: " ", Email: "nope"})
	if !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("no name: %v", err)
	}
	if p, ok := ps.For("name"); !ok || p.Warn {
		t.Errorf("name problem: %+v", ps)
	}
	if p, ok := ps.For("email"); !ok || !p.Warn {
		t.Errorf("email problem: %+v", ps)
	}
	// Warnings save.
	ps, err = s.Add(&model.Customer{Name: "明而达眼镜店", Phone: "call me", Email: "a@b"})
	if err != nil || len(ps) != 2 {
		t.Fatalf("warnings: %v %+v", err, ps)
	}
	for _, c := range []*model.Customer{
		{Name: "x", Tier: "Z"},
		{Name: "x", Stage: "growing"},
		{Name: "x", Contacts: []model.Contact{{Name: ""}}},
		{Name: "x", ReferredBy: "01NOSUCHCUSTOMER"},
	} {
		if _, err := s.Add(c); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%+v: %v", c, err)
		}
	}
	for _, ok := range []string{"name@example.com", "wang.wei@jiamei.com.cn"} {
		if !validEmail(ok) {
			t.Errorf("validEmail(%q) false", ok)
		}
	}
	for _, ok := range []string{"0571-88888888", "+86 138 0000 0000", "(021) 6888 1234"} {
		if !validPhone(ok) {
			t.Errorf("validPhone(%q) false", ok)
		}
	}
}

func TestFieldSet(t *testing.T) {
	c := &model.Customer{}
	for _, tc := range []struct{ field, value, want string }{
		{"tier", "s", "S"},
		{"stage", "Stable", "stable"},
		{"revenue", "1,200.50", "1200.50"},
		{"revenue", "3.5万", "35000.00"},
		{"tags", "重点客户，江浙沪, 重点客户", "重点客户, 江浙沪"},
		{"tax-id", "91330109MA2B0XXXXX", "91330109MA2B0XXXXX"},
	} {
		f, ok := FieldByName(tc.field)
		if !ok {
			t.Fatalf("no field %q", tc.field)
		}
		if err := f.Set(c, tc.value); err != nil {
			t.Fatalf("%s=%s: %v", tc.field, tc.value, err)
		}
		if got := f.Get(c); got != tc.want {
			t.Errorf("%s=%s: got %q, want %q", tc.field, tc.value, got, tc.want)
		}
	}
	f, _ := FieldByName("tier")
	if err := f.Set(c, "Z"); !errors.Is(err, model.ErrBadValue) {
		t.Errorf("tier Z: %v", err)
	}
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

// TestListStaysSorted edits customers while sort orders are cached and checks
// each cached order against a fresh sort, and search against a plain scan.
func TestListStaysSorted(t *testing.T) {
	s := openTest(t)
	fill(t, s, 300, 2)
	queries := []Query{{Sort: "name"}, {Sort: "revenue", Desc: true}, {Sort: "city"}, {Sort: "updated", Desc: true}, {Sort: "stage"}}
	for _, q := range queries {
		s.List(q)
	}
	rows, _, _ := s.List(Query{})
	for i, r := range rows[:40] {
		c, _ := s.Get(r.ID)
		switch i % 3 {
		case 0:
			c.City, c.Revenue = "杭州市", int64(i)*1000
			s.Update(c)
		case 1:
			s.Delete(c.ID)
		case 2:
			s.Add(&model.Customer{Name: fmt.Sprintf("新客户%d", i), City: "温州市", Revenue: int64(i)})
		}
	}
	for _, q := range queries {
		got, total, _ := s.List(q)
		want := slices.Collect(maps.Values(s.list.rows))
		slices.SortFunc(want, compareBy(q.Sort, q.Desc))
		if total != len(want) || !slices.Equal(got, want) {
			t.Errorf("%+v: cached order differs from a fresh sort", q)
		}
		q.Search = "杭州 眼镜"
		got, _, _ = s.List(q)
		want = slices.DeleteFunc(want, func(r *Row) bool { return !matches(r.hay, []string{"杭州", "眼镜"}) })
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%+v: search found %d, a scan %d", q, len(got), len(want))
		}
	}
}

// fill adds n customers like the demo's (app.Demo, which spans every
// feature and so lives above this package): names, short names, places,
// tiers, stages, owners, revenue and contacts drawn with seed.
func fill(t testing.TB, s *Service, n int, seed uint64) {
	t.Helper()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 0x6b656875))
	brands := []string{"明视", "亮睛", "清晰", "视界", "爱尔", "晶亮", "博士", "康明", "新视野", "精益", "大光明", "茂昌", "吴良材", "目乐", "视康", "星瞳"}
	suffixes := []string{"眼镜店", "眼镜有限公司", "视光中心", "眼镜批发部", "光学贸易公司", "眼镜连锁"}
	places := [][2]string{{"浙江", "杭州市"}, {"浙江", "宁波市"}, {"江苏", "南京市"}, {"江苏", "苏州市"}, {"上海", "上海市"}, {"广东", "深圳市"}, {"湖北", "武汉市"}, {"北京", "北京市"}}
	owners := []string{"王伟", "李娜", "张敏", "刘洋", "陈静", ""}
	people := []string{"唐芳", "高超", "李强", "赵磊", "周静", "吴杰"}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	for i := range n {
		brand := pick(brands)
		pl := places[r.IntN(len(places))]
		c := &model.Customer{Name: brand + pick(suffixes), ShortName: brand, Province: pl[0], City: pl[1],
			Tier: pick(model.Tiers), Stage: pick(model.Stages), Owner: pick(owners),
			Revenue: r.Int64N(10_000_000_000), Currency: "CNY",
			Phone: fmt.Sprintf("13%d%08d", r.IntN(10), r.IntN(100000000))}
		if i%4 == 0 {
			c.Name = fmt.Sprintf("%s%s%d", pl[1][:len(pl[1])-len("市")], c.Name, i)
		}
		for range r.IntN(3) {
			c.Contacts = append(c.Contacts, model.Contact{Name: pick(people), Phone: fmt.Sprintf("139%08d", r.IntN(100000000))})
		}
		if _, err := s.Add(c); err != nil {
			t.Fatal(err)
		}
	}
}

// testStore is the open store, for tests that read it directly.
func (s *Service) testStore() *data.Store {
	st, done := s.c.Use()
	done()
	return st
}
